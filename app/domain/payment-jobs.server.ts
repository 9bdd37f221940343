// Background work for card payments, one exported function per job (docs/architecture.md §9): the Node server's loop and the edge
// worker's scheduled handler call the same functions with their own deps.
import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "~/infra/db/client.server";
import { orders, paymentEvents, payments } from "~/infra/db/schema";
import { issueRefund } from "./payment-refunds.server";
import { confirmWithProvider, releaseOrder, type PaymentDeps } from "./payments.server";

/** How long an unpaid card order holds its stock (Peach's own session times out after 30 minutes). */
const PAYMENT_HOLD_MS = 35 * 60_000;
/** A payment without a final outcome this long is "stuck": on /admin/system and in `lh_payments_stuck`. */
const STUCK_AFTER_MS = 60 * 60_000;
const BATCH = 25;

/**
 * Releases card orders still awaiting payment after PAYMENT_HOLD_MS: asks the provider once more (a success is
 * applied instead), otherwise cancels the order, returns its stock and emails the shopper. Orders whose provider
 * report disagreed with them (mismatch) are left for a person.
 */
export async function releaseUnpaidOrders(deps: PaymentDeps): Promise<{ released: number; confirmed: number }> {
  const cutoff = new Date(deps.clock.now().getTime() - PAYMENT_HOLD_MS);
  const due = await deps.db
    .select({ paymentId: payments.id })
    .from(orders)
    .innerJoin(payments, eq(payments.orderId, orders.id))
    .where(and(eq(orders.status, "awaiting_payment"), lt(orders.createdAt, cutoff), isNull(payments.mismatch)))
    .orderBy(asc(orders.id))
    .limit(BATCH);
  let released = 0;
  let confirmed = 0;
  for (const { paymentId } of due) {
    if ((await confirmWithProvider(deps, paymentId)) === "applied") {
      const [still] = await deps.db
        .select({ status: orders.status })
        .from(orders)
        .innerJoin(payments, eq(payments.orderId, orders.id))
        .where(eq(payments.id, paymentId));
      if (still?.status !== "awaiting_payment") {
        confirmed++;
        continue;
      }
    }
    await releaseOrder(deps, paymentId, "We didn't receive your card payment within 35 minutes, so we released your order.");
    deps.metrics.paymentOutcomes.inc({ outcome: "released" });
    released++;
  }
  if (released > 0) deps.log?.info({ released }, "released unpaid card orders");
  return { released, confirmed };
}

/**
 * Re-checks card payments still without an outcome (webhook lost, status API busy when it came) and re-sends
 * refunds that were recorded but never completed.
 */
export async function reconcilePayments(deps: PaymentDeps): Promise<{ checked: number; refunds: number }> {
  const now = deps.clock.now().getTime();
  const open = await deps.db
    .select({ id: payments.id })
    .from(payments)
    .innerJoin(orders, eq(orders.id, payments.orderId))
    .where(
      and(
        eq(payments.provider, "peach"),
        inArray(payments.status, ["unpaid", "pending"]),
        eq(orders.status, "awaiting_payment"),
        or(isNull(payments.lastCheckedAt), lt(payments.lastCheckedAt, new Date(now - 60_000))),
      ),
    )
    .orderBy(asc(payments.id))
    .limit(BATCH);
  let checked = 0;
  for (const { id } of open) if ((await confirmWithProvider(deps, id)) !== "busy") checked++;

  const owed = await deps.db
    .select({ id: payments.id })
    .from(payments)
    .innerJoin(paymentEvents, and(eq(paymentEvents.paymentId, payments.id), eq(paymentEvents.type, "refund_requested")))
    .where(and(eq(payments.status, "paid"), sql`${payments.refundedCents} < ${payments.amountCents}`))
    .limit(BATCH);
  let refunds = 0;
  for (const { id } of owed) if ((await issueRefund(deps, id)) === "refunded") refunds++;
  return { checked, refunds };
}

function stuckWhere(now: Date) {
  const before = new Date(now.getTime() - STUCK_AFTER_MS);
  return and(
    eq(payments.provider, "peach"),
    or(
      and(eq(orders.status, "awaiting_payment"), lt(payments.createdAt, before)),
      and(eq(orders.status, "cancelled"), eq(payments.status, "paid"), lt(payments.updatedAt, before)),
      and(isNotNull(payments.mismatch), lt(payments.createdAt, before)),
    ),
  );
}

/** `lh_payments_stuck`: card payments with no final outcome, a refund owed, or a mismatch, older than an hour. */
export async function countStuckPayments(db: Db, now: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(payments)
    .innerJoin(orders, eq(orders.id, payments.orderId))
    .where(stuckWhere(now));
  return Number(row?.n ?? 0);
}

/** For /admin/system: the stuck payments, and every mismatch however fresh, that a person should look at. */
export async function paymentProblems(db: Db, now: Date) {
  const rows = await db
    .select({
      orderId: orders.id,
      number: orders.number,
      orderStatus: orders.status,
      paymentStatus: payments.status,
      amountCents: payments.amountCents,
      mismatch: payments.mismatch,
      createdAt: payments.createdAt,
    })
    .from(payments)
    .innerJoin(orders, eq(orders.id, payments.orderId))
    .where(or(stuckWhere(now), isNotNull(payments.mismatch)))
    .orderBy(desc(payments.createdAt))
    .limit(50);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

/** The payment's history for the admin order page: every webhook, redirect, refund request and refund, with times. */
export async function paymentTimeline(db: Db, orderId: number) {
  const rows = await db
    .select({
      id: paymentEvents.id,
      type: paymentEvents.type,
      payload: paymentEvents.payload,
      createdAt: paymentEvents.createdAt,
    })
    .from(paymentEvents)
    .innerJoin(payments, eq(payments.id, paymentEvents.paymentId))
    .where(eq(payments.orderId, orderId))
    .orderBy(asc(paymentEvents.id));
  const [payment] = await db
    .select({
      status: payments.status,
      refundedCents: payments.refundedCents,
      mismatch: payments.mismatch,
      provider: payments.provider,
    })
    .from(payments)
    .where(eq(payments.orderId, orderId))
    .limit(1);
  return {
    payment: payment ?? null,
    events: rows.map((e) => {
      const p = (e.payload ?? {}) as Record<string, unknown>;
      const detail = [p["result.code"], p["result.description"], p.amount ? `R${String(p.amount)}` : null, p.reason]
        .filter((v) => typeof v === "string" && v)
        .join(" · ");
      return { id: e.id, type: e.type, detail, createdAt: e.createdAt.toISOString() };
    }),
  };
}
