import { describe, expect, it } from "vitest";
import { deliveryStatus, orderStatus, outboxStatus, paymentMethod, paymentStatus } from "~/infra/db/schema";
import { ORDER_ACTIONS } from "./order-actions";
import { OUTBOX_STATUSES } from "./email-outbox-status";
import {
  CUSTOMER_CANCELLABLE,
  DELIVERY_STATUSES,
  DELIVERY_TRANSITIONS,
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  PAYMENT_STATUSES,
  PAYMENT_TRANSITIONS,
  canTransition,
} from "./order-status";
import { PAYMENT_METHOD_CODES } from "./payment-methods";

// Every pair of statuses, with the moves allowed written out here rather than read from the table under test.
function everyPair<S extends string>(values: readonly S[], allowed: readonly string[]): [S, S, boolean][] {
  return values.flatMap((from) => values.map((to): [S, S, boolean] => [from, to, allowed.includes(`${from}→${to}`)]));
}

// Each of the three tables, with its statuses and the moves it must allow (every other pair it must refuse).
const TABLES: Array<[string, readonly string[], Record<string, readonly string[]>, readonly string[]]> = [
  [
    "order",
    ORDER_STATUSES,
    ORDER_TRANSITIONS,
    [
      "awaiting_payment→placed", // the card payment is verified
      "awaiting_payment→cancelled", // it failed or never came
      "placed→confirmed",
      "placed→cancelled",
      "confirmed→preparing",
      "confirmed→cancelled",
      "preparing→out_for_delivery",
      "preparing→cancelled",
      "out_for_delivery→delivered",
    ],
  ],
  [
    "payment",
    PAYMENT_STATUSES,
    PAYMENT_TRANSITIONS,
    [
      "unpaid→pending",
      "unpaid→paid", // cash booked by an admin
      "unpaid→failed",
      "pending→paid",
      "pending→failed",
      "failed→paid", // the provider reports success late
      "paid→refunded",
    ],
  ],
  [
    "delivery",
    DELIVERY_STATUSES,
    DELIVERY_TRANSITIONS,
    [
      "scheduled→out_for_delivery",
      "scheduled→cancelled",
      "out_for_delivery→delivered",
      "out_for_delivery→failed",
      "failed→out_for_delivery", // tried again
      "failed→cancelled",
    ],
  ],
];

describe.each(TABLES)("%s status transitions", (_kind, statuses, table, allowed) => {
  it.each(everyPair(statuses, allowed))("%s → %s: %s", (from, to, ok) => {
    expect(canTransition(table, from, to)).toBe(ok);
  });
});

describe("canTransition with a value from outside the table", () => {
  it.each([
    ["__proto__", "placed"],
    ["shipped", "placed"],
    ["placed", "shipped"],
  ])("%s → %s is refused", (from, to) => {
    expect(canTransition(ORDER_TRANSITIONS as Record<string, readonly string[]>, from, to)).toBe(false);
  });
});

describe("the shopper's cancel", () => {
  it.each(ORDER_STATUSES.map((s) => [s, ["placed", "confirmed"].includes(s)] as const))("%s: %s", (status, ok) => {
    expect(CUSTOMER_CANCELLABLE.includes(status)).toBe(ok);
    // whatever the shopper may cancel, the table must allow
    if (ok) expect(canTransition(ORDER_TRANSITIONS, status, "cancelled")).toBe(true);
  });
});

describe("the back office's actions", () => {
  it.each(Object.entries(ORDER_ACTIONS))("%s moves to a status some state can reach", (_action, { kind, to }) => {
    const table: Record<string, readonly string[]> = kind === "status" ? ORDER_TRANSITIONS : PAYMENT_TRANSITIONS;
    expect(Object.values(table).some((next) => next.includes(to))).toBe(true);
  });
});

// The label maps are the runtime lists; they must match the database enums value for value, in order.
describe("vocabularies match the database enums", () => {
  it.each([
    ["order_status", ORDER_STATUSES, orderStatus.enumValues],
    ["payment_status", PAYMENT_STATUSES, paymentStatus.enumValues],
    ["delivery_status", DELIVERY_STATUSES, deliveryStatus.enumValues],
    ["payment_method", PAYMENT_METHOD_CODES, paymentMethod.enumValues],
    ["outbox_status", OUTBOX_STATUSES, outboxStatus.enumValues],
  ] as const)("%s", (_name, values, enumValues) => {
    expect([...values]).toEqual([...enumValues]);
  });
});
