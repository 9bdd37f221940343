// Refunds of card payments. A refund is first recorded as an intent (a payment_events row with a unique key, written
// in the transaction that cancels the order), then sent to the provider; the reconcile job re-sends intents whose
// refund never completed. The unique key makes a second click, a retried request or two admins at once one refund.
import { and, eq, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Clock } from "~/infra/clock.server";
import type { Db, Tx } from "~/infra/db/client.server";
import { orderEvents, orders, paymentEvents, payments } from "~/infra/db/schema";
import type { Metrics } from "~/infra/metrics.server";
import { ProviderUnavailableError, type PaymentProvider } from "~/infra/payments/provider.server";
import { formatRand } from "./money";
import { PAYMENT_TRANSITIONS, canTransition } from "./order-status";

export type RefundDeps = {
  db: Db;
  clock: Clock;
  log?: Logger;
  metrics?: Metrics;
  payments: PaymentProvider | null;
};

const intentKey = (paymentId: number) => `refund-request:${paymentId}`;

/**
 * Inside the caller's transaction: if this order has a paid card payment with money left to refund, records the
 * refund intent (once) and returns the payment id to refund after commit; null when there is nothing to refund.
 */
export async function recordRefundIntent(tx: Tx, orderId: number, reason: string): Promise<number | null> {
  const [payment] = await tx
    .select({ id: payments.id, amountCents: payments.amountCents, refundedCents: payments.refundedCents })
    .from(payments)
    .where(and(eq(payments.orderId, orderId), eq(payments.provider, "peach"), eq(payments.status, "paid")))
    .limit(1);
  if (!payment || payment.refundedCents >= payment.amountCents) return null;
  await tx
    .insert(paymentEvents)
    .values({
      paymentId: payment.id,
      providerEventId: intentKey(payment.id),
      type: "refund_requested",
      payload: { amountCents: payment.amountCents - payment.refundedCents, reason },
    })
    .onConflictDoNothing({ target: paymentEvents.providerEventId });
  return payment.id;
}

export type RefundResult = "refunded" | "already_refunded" | "failed" | "retry_later";

/** Sends the outstanding amount of a payment with a refund intent to the provider and records the answer. */
export async function issueRefund(deps: RefundDeps, paymentId: number): Promise<RefundResult> {
  const [payment] = await deps.db.select().from(payments).where(eq(payments.id, paymentId));
  if (!payment) return "failed";
  const owed = payment.amountCents - payment.refundedCents;
  if (owed <= 0 || payment.status === "refunded") return "already_refunded";
  if (!deps.payments || !payment.providerRef) {
    deps.log?.error({ paymentId }, "refund owed but no card provider is configured; left for the reconcile job");
    return "retry_later";
  }
  let answer;
  try {
    answer = await deps.payments.refund({ paymentId: payment.providerRef, amountCents: owed });
  } catch (error) {
    if (!(error instanceof ProviderUnavailableError)) throw error;
    deps.log?.warn({ paymentId, err: error.message }, "refund not sent now; the reconcile job retries it");
    return "retry_later";
  }
  if (!answer.ok) {
    await deps.db
      .insert(paymentEvents)
      .values({
        paymentId,
        providerEventId: `refund-declined:${paymentId}:${deps.clock.now().getTime()}`,
        type: "refund_declined",
        payload: { code: answer.code, description: answer.description },
      })
      .onConflictDoNothing();
    deps.log?.error({ paymentId, code: answer.code }, "provider declined the refund");
    return "failed";
  }
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for("update");
    const [event] = await tx
      .insert(paymentEvents)
      .values({
        paymentId,
        providerEventId: `refund:${answer.refundId ?? `${paymentId}:${now.getTime()}`}`,
        type: "refunded",
        payload: { amountCents: owed, code: answer.code, description: answer.description, refundId: answer.refundId },
      })
      .onConflictDoNothing({ target: paymentEvents.providerEventId })
      .returning({ id: paymentEvents.id });
    if (!event) return "already_refunded" as const;
    const refundedCents = locked.refundedCents + owed;
    const full = refundedCents >= locked.amountCents;
    await tx
      .update(payments)
      .set({ refundedCents, status: full ? "refunded" : locked.status, updatedAt: now })
      .where(eq(payments.id, paymentId));
    const [order] = await tx.select().from(orders).where(eq(orders.id, locked.orderId)).for("update");
    if (full && canTransition(PAYMENT_TRANSITIONS, order.paymentStatus, "refunded")) {
      await tx
        .update(orders)
        .set({ paymentStatus: "refunded", version: sql`${orders.version} + 1`, updatedAt: now })
        .where(eq(orders.id, order.id));
    }
    await tx.insert(orderEvents).values({
      orderId: order.id,
      type: "payment_changed",
      fromValue: order.paymentStatus,
      toValue: full ? "refunded" : order.paymentStatus,
      actorUserId: null,
      actorLabel: "system",
      note: `Refunded ${formatRand(owed)} to the card`,
      createdAt: now,
    });
    deps.metrics?.paymentOutcomes.inc({ outcome: "refunded" });
    deps.log?.info({ paymentId, order: order.number, amountCents: owed }, "card payment refunded");
    return "refunded" as const;
  });
}
