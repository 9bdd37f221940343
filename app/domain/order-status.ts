// The order's three status vocabularies, declared once: the types come from the database enums
// (app/infra/db/schema.ts, imported for types only, so drizzle stays out of the browser bundle), each has one label
// map used by shop and back office alike, and one written transition table (docs/architecture.md §4) that orders.server.ts applies.
import type { deliveryStatus, orderStatus, paymentStatus } from "~/infra/db/schema";
import { labelKeys } from "./label-keys";
import { ownValue } from "./own-value";

export type OrderStatus = (typeof orderStatus.enumValues)[number];
export type PaymentStatus = (typeof paymentStatus.enumValues)[number];
export type DeliveryStatus = (typeof deliveryStatus.enumValues)[number];

/** Order status: where each status may go next. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  // a card order: placed once its payment is verified, cancelled (stock released) when it fails or never comes
  awaiting_payment: ["placed", "cancelled"],
  placed: ["confirmed", "cancelled"],
  confirmed: ["preparing", "cancelled"],
  preparing: ["out_for_delivery", "cancelled"],
  out_for_delivery: ["delivered"],
  delivered: [],
  cancelled: [],
};

/**
 * Payment status. Cash on delivery stays unpaid until the driver's cash is booked (an admin marks it paid). A card
 * payment is pending while the shopper is at the provider; only the provider's verified outcome moves it on. Failed
 * may still become paid: a provider can report success late (app/domain/payments.server.ts refunds it then).
 */
export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  unpaid: ["pending", "paid", "failed"],
  pending: ["paid", "failed"],
  failed: ["paid"],
  paid: ["refunded"],
  refunded: [],
};

/** Delivery status; moved together with the order status (out for delivery, delivered, cancelled) or on its own (failed). */
export const DELIVERY_TRANSITIONS: Readonly<Record<DeliveryStatus, readonly DeliveryStatus[]>> = {
  scheduled: ["out_for_delivery", "cancelled"],
  out_for_delivery: ["delivered", "failed"],
  failed: ["out_for_delivery", "cancelled"],
  delivered: [],
  cancelled: [],
};

/** The shopper may cancel only before the kitchen starts preparing. */
export const CUSTOMER_CANCELLABLE: readonly OrderStatus[] = ["placed", "confirmed"];

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  awaiting_payment: "Awaiting payment",
  placed: "Placed",
  confirmed: "Confirmed",
  preparing: "Being prepared",
  out_for_delivery: "Out for delivery",
  delivered: "Delivered",
  cancelled: "Cancelled",
};
export const PAYMENT_STATUS_LABELS: Record<PaymentStatus, string> = {
  unpaid: "Not paid yet",
  pending: "Payment processing",
  paid: "Paid",
  refunded: "Refunded",
  failed: "Payment failed",
};
export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = {
  scheduled: "Scheduled",
  out_for_delivery: "On its way",
  delivered: "Delivered",
  failed: "Delivery failed",
  cancelled: "Cancelled",
};

/** Every value, in the enum's order (a unit test holds the label maps to the database enums). */
export const ORDER_STATUSES = labelKeys(ORDER_STATUS_LABELS);
export const PAYMENT_STATUSES = labelKeys(PAYMENT_STATUS_LABELS);
export const DELIVERY_STATUSES = labelKeys(DELIVERY_STATUS_LABELS);

/** False for a value outside the table too: `__proto__` or `constructor` must not reach an inherited property. */
export function canTransition<S extends string>(table: Readonly<Record<S, readonly S[]>>, from: S, to: S): boolean {
  return (ownValue<readonly S[]>(table, from) ?? []).includes(to);
}
