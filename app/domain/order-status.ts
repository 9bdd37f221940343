// The three written transition tables of an order (DESIGN §4) and their labels. Pure and shared with the browser;
// app/domain/orders.server.ts applies them (transitionOrder) and re-exports them.

export type OrderStatus = "placed" | "confirmed" | "preparing" | "out_for_delivery" | "delivered" | "cancelled";
export type PaymentStatus = "unpaid" | "paid" | "refunded" | "failed";
export type DeliveryStatus = "scheduled" | "out_for_delivery" | "delivered" | "failed" | "cancelled";

/** Order status: where each status may go next. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  placed: ["confirmed", "cancelled"],
  confirmed: ["preparing", "cancelled"],
  preparing: ["out_for_delivery", "cancelled"],
  out_for_delivery: ["delivered"],
  delivered: [],
  cancelled: [],
};

/** Payment status. Cash on delivery stays unpaid until the driver's cash is booked (an admin marks it paid). */
export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  unpaid: ["paid", "failed"],
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
  placed: "Placed",
  confirmed: "Confirmed",
  preparing: "Being prepared",
  out_for_delivery: "Out for delivery",
  delivered: "Delivered",
  cancelled: "Cancelled",
};
export const PAYMENT_STATUS_LABELS: Record<PaymentStatus, string> = {
  unpaid: "Not paid yet",
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

export function canTransition<S extends string>(table: Readonly<Record<S, readonly S[]>>, from: S, to: S): boolean {
  return (table[from] ?? []).includes(to);
}
