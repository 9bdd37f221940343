// Constants the back office's pages render in the browser too (no server imports here).

export const WEEKDAYS = [
  { iso: 1, label: "Monday" },
  { iso: 2, label: "Tuesday" },
  { iso: 3, label: "Wednesday" },
  { iso: 4, label: "Thursday" },
  { iso: 5, label: "Friday" },
  { iso: 6, label: "Saturday" },
  { iso: 7, label: "Sunday" },
] as const;

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

/** Variants at or below this many portions show on the dashboard. */
export const LOW_STOCK_THRESHOLD = 5;
