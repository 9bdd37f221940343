// The admin lists' filter forms (GET): read on the server only, so zod stays out of their pages' JavaScript.
import { z } from "zod";
import { DELIVERY_STATES } from "~/domain/email-delivery-state";
import { OUTBOX_STATUSES } from "~/domain/email-outbox-status";
import { idNumber, optionalFilter, pageNumber, searchText } from "~/domain/form-fields";
import { isIsoDate } from "~/domain/jhb-dates";
import { ACCOUNT_STATES, LISTING_STATES } from "~/domain/listing-states";
import { ORDER_STATUSES } from "~/domain/order-status";
import { PAYMENT_METHOD_CODES } from "~/domain/payment-methods";

const date = optionalFilter(z.string().refine(isIsoDate));

export const auditFilters = z.object({
  entity: optionalFilter(
    z
      .string()
      .trim()
      .max(40)
      .regex(/^[a-z_]*$/),
  ),
  entityId: optionalFilter(z.string().trim().max(40)),
  actor: optionalFilter(idNumber),
  from: date,
  to: date,
  page: pageNumber,
});

export const customerFilters = z.object({
  q: searchText(100),
  status: optionalFilter(z.enum(ACCOUNT_STATES)),
  page: pageNumber,
});

export const emailFilters = z.object({
  status: optionalFilter(z.enum(OUTBOX_STATUSES)),
  delivery: optionalFilter(z.enum(DELIVERY_STATES)),
  order: optionalFilter(z.string().trim().max(40)),
  page: pageNumber,
  resent: optionalFilter(idNumber),
  tested: optionalFilter(idNumber),
});

export const orderFilters = z.object({
  status: optionalFilter(z.enum(ORDER_STATUSES)),
  date,
  payment: optionalFilter(z.enum(PAYMENT_METHOD_CODES)),
  q: searchText(100),
  page: pageNumber,
});

export const productFilters = z.object({
  q: searchText(80),
  status: optionalFilter(z.enum(LISTING_STATES)),
});
