// Shared with the browser (the order page renders its buttons from it): no server imports here.

/** What an admin can do to an order; each maps onto exactly one transition (see admin-orders.server.ts). */
export const ORDER_ACTIONS = {
  confirm: { label: "Confirm order", kind: "status", to: "confirmed" },
  prepare: { label: "Start preparing", kind: "status", to: "preparing" },
  dispatch: { label: "Out for delivery", kind: "status", to: "out_for_delivery" },
  deliver: { label: "Mark delivered", kind: "status", to: "delivered" },
  cancel: { label: "Cancel order", kind: "status", to: "cancelled" },
  "mark-paid": { label: "Mark paid (cash received)", kind: "payment", to: "paid" },
} as const;
export type OrderAction = keyof typeof ORDER_ACTIONS;
