import { and, asc, desc, eq, gte, inArray, notInArray, or } from "drizzle-orm";
import type { Clock } from "~/infra/clock.server";
import type { Db } from "~/infra/db/client.server";
import { emailOutbox, orders } from "~/infra/db/schema";
import type { DeliveryState } from "./email-delivery-state";
import { formatInstant } from "./jhb-dates";

// How an order's emails fared (issue #24), for the admin order page and the dashboard. The confirmation is the
// email that tells a parent their order exists: order-confirmation, or payment-confirmation for a card order.

const CONFIRMATIONS = ["order-confirmation", "payment-confirmation"];
/** Did not reach the parent: staff should phone them. */
const UNDELIVERED: DeliveryState[] = ["bounced", "failed"];
/** How far back the dashboard looks for confirmations that bounced. */
const DASHBOARD_DAYS = 14;

const fields = {
  id: emailOutbox.id,
  template: emailOutbox.template,
  to: emailOutbox.toEmail,
  status: emailOutbox.status,
  deliveryState: emailOutbox.deliveryState,
  deliveryStateAt: emailOutbox.deliveryStateAt,
  bounceType: emailOutbox.bounceType,
  bounceReason: emailOutbox.bounceReason,
};

const confirmationUndelivered = (e: { template: string; status: string; deliveryState: DeliveryState | null }) =>
  CONFIRMATIONS.includes(e.template) &&
  (e.status === "suppressed" || (e.deliveryState !== null && UNDELIVERED.includes(e.deliveryState)));

/** Every email about this order, oldest first, and whether its confirmation failed to reach the parent. */
export async function getOrderEmails(db: Db, orderNumber: string) {
  const rows = await db
    .select(fields)
    .from(emailOutbox)
    .where(eq(emailOutbox.orderNumber, orderNumber))
    .orderBy(asc(emailOutbox.id));
  return {
    emails: rows.map((r) => ({ ...r, deliveryStateAt: r.deliveryStateAt ? formatInstant(r.deliveryStateAt) : null })),
    confirmationBounced: rows.some(confirmationUndelivered),
  };
}

/** Open orders of the last two weeks whose confirmation bounced, failed or was suppressed: "call the parent". */
export async function listBouncedConfirmations(deps: { db: Db; clock: Clock }) {
  const since = new Date(deps.clock.now().getTime() - DASHBOARD_DAYS * 24 * 60 * 60_000);
  const rows = await deps.db
    .select({ orderId: orders.id, number: orders.number, ...fields })
    .from(emailOutbox)
    .innerJoin(orders, eq(orders.number, emailOutbox.orderNumber))
    .where(
      and(
        inArray(emailOutbox.template, CONFIRMATIONS),
        gte(emailOutbox.createdAt, since),
        notInArray(orders.status, ["cancelled", "delivered"]),
        or(eq(emailOutbox.status, "suppressed"), inArray(emailOutbox.deliveryState, UNDELIVERED)),
      ),
    )
    .orderBy(desc(emailOutbox.id));
  return rows.map((r) => ({ orderId: r.orderId, number: r.number, deliveryState: r.deliveryState }));
}
