// Refunds of card payments. Each refund is first recorded as an intent — a payment_events row with a unique key and
// its amount — written in the transaction that decides it (the cancellation, or an admin's partial refund), then sent
// to the provider; the reconcile job re-sends intents that never completed. The unique keys make a second click, a
// retried request or two admins at once one refund; Peach itself refuses to refund more than was paid.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Clock } from "~/infra/clock.server";
import type { Db, Tx } from "~/infra/db/client.server";
import { orderEvents, orders, paymentEvents, payments } from "~/infra/db/schema";
import type { Metrics } from "~/infra/metrics.server";
import { ProviderUnavailableError, type PaymentProvider } from "~/infra/payments/provider.server";
import { conflict } from "./domain-error";
import { formatRand } from "./money";
import { PAYMENT_TRANSITIONS, canTransition } from "./order-status";

/** Changes an order's statuses and bumps its version, so an admin acting on what they saw before gets a conflict. */
export async function updateOrderStatuses(
  tx: Tx,
  orderId: number,
  set: Partial<Pick<typeof orders.$inferInsert, "status" | "paymentStatus">>,
  now: Date,
) {
  await tx
    .update(orders)
    .set({ ...set, version: sql`${orders.version} + 1`, updatedAt: now })
    .where(eq(orders.id, orderId));
}

/**
 * A line of an order's history written by the payment jobs (verified outcomes, releases, refunds): no person acted,
 * so the actor is "system". `change` is the [from, to] of the status that moved.
 */
export function systemEvent(
  orderId: number,
  type: "status_changed" | "payment_changed",
  [fromValue, toValue]: [string, string],
  note: string,
  createdAt: Date,
) {
  return { orderId, type, fromValue, toValue, actorUserId: null, actorLabel: "system", note, createdAt };
}

export type RefundDeps = {
  db: Db;
  clock: Clock;
  log?: Logger;
  metrics?: Metrics;
  payments: PaymentProvider | null;
};

type Intent = { amountCents: number; reason: string };

/** The paid card payment of an order with its refundable remainder (refunds already decided count as spent). */
async function refundable(tx: Tx, orderId: number) {
  const [payment] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.orderId, orderId), eq(payments.provider, "peach"), eq(payments.status, "paid")))
    .limit(1)
    .for("update");
  if (!payment) return null;
  const intents = await tx
    .select({ payload: paymentEvents.payload })
    .from(paymentEvents)
    .where(and(eq(paymentEvents.paymentId, payment.id), eq(paymentEvents.type, "refund_requested")));
  const decided = intents.reduce((n, i) => n + ((i.payload as Intent).amountCents ?? 0), 0);
  return { payment, remainingCents: payment.amountCents - decided };
}

/**
 * Inside the caller's transaction: if this order has a paid card payment with money not yet refunded, records the
 * intent to refund all of it (once per payment) and returns the payment id to refund after commit; else null.
 */
export async function recordRefundIntent(tx: Tx, orderId: number, reason: string): Promise<number | null> {
  const found = await refundable(tx, orderId);
  if (!found || found.remainingCents <= 0) return null;
  await tx
    .insert(paymentEvents)
    .values({
      paymentId: found.payment.id,
      providerEventId: `refund-request:${found.payment.id}`,
      type: "refund_requested",
      payload: { amountCents: found.remainingCents, reason } satisfies Intent,
    })
    .onConflictDoNothing({ target: paymentEvents.providerEventId });
  return found.payment.id;
}

/**
 * An admin refunds part of a paid card order without cancelling it. `requestKey` comes from the form, so submitting
 * the same form twice is one refund. Returns the refund outcome.
 */
export async function refundPart(
  deps: RefundDeps,
  input: { orderId: number; amountCents: number; requestKey: string; actorLabel: string },
): Promise<RefundResult> {
  const paymentId = await deps.db.transaction(async (tx) => {
    const found = await refundable(tx, input.orderId);
    if (!found) throw conflict("Only a paid card payment can be refunded.");
    const [stored] = await tx
      .insert(paymentEvents)
      .values({
        paymentId: found.payment.id,
        providerEventId: `refund-request:${found.payment.id}:${input.requestKey}`,
        type: "refund_requested",
        payload: { amountCents: input.amountCents, reason: `Partial refund by ${input.actorLabel}` } satisfies Intent,
      })
      .onConflictDoNothing({ target: paymentEvents.providerEventId })
      .returning({ id: paymentEvents.id });
    if (stored && input.amountCents > found.remainingCents) {
      throw conflict(`At most ${formatRand(Math.max(0, found.remainingCents))} can still be refunded.`);
    }
    return found.payment.id;
  });
  return issueRefund(deps, paymentId);
}

export type RefundResult = "refunded" | "already_refunded" | "failed" | "retry_later";

/** Sends every refund intent of this payment that has not completed to the provider, and records each answer. */
export async function issueRefund(deps: RefundDeps, paymentId: number): Promise<RefundResult> {
  const [payment] = await deps.db.select().from(payments).where(eq(payments.id, paymentId));
  if (!payment) return "failed";
  const events = await deps.db
    .select({
      id: paymentEvents.id,
      type: paymentEvents.type,
      payload: paymentEvents.payload,
      key: paymentEvents.providerEventId,
    })
    .from(paymentEvents)
    .where(and(eq(paymentEvents.paymentId, paymentId), inArray(paymentEvents.type, ["refund_requested", "refunded"])));
  const done = new Set(events.filter((e) => e.type === "refunded").map((e) => e.key));
  const open = events.filter((e) => e.type === "refund_requested" && !done.has(`refund-done:${e.id}`));
  if (open.length === 0) return "already_refunded";
  if (!deps.payments || !payment.providerRef) {
    deps.log?.error({ paymentId }, "refund owed but no card provider is configured; left for the reconcile job");
    return "retry_later";
  }
  let result: RefundResult = "refunded";
  for (const intent of open) {
    const amountCents = (intent.payload as Intent).amountCents;
    let answer;
    try {
      answer = await deps.payments.refund({ paymentId: payment.providerRef, amountCents });
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
          providerEventId: `refund-declined:${intent.id}:${deps.clock.now().getTime()}`,
          type: "refund_declined",
          payload: { code: answer.code, description: answer.description },
        })
        .onConflictDoNothing();
      deps.log?.error({ paymentId, code: answer.code }, "provider declined the refund");
      result = "failed";
      continue;
    }
    await recordRefund(deps, paymentId, intent.id, amountCents, answer);
  }
  return result;
}

async function recordRefund(
  deps: RefundDeps,
  paymentId: number,
  intentId: number,
  amountCents: number,
  answer: { refundId: string | null; code: string; description: string },
) {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const [stored] = await tx
      .insert(paymentEvents)
      .values({
        paymentId,
        providerEventId: `refund-done:${intentId}`,
        type: "refunded",
        payload: { amountCents, code: answer.code, description: answer.description, refundId: answer.refundId },
      })
      .onConflictDoNothing({ target: paymentEvents.providerEventId })
      .returning({ id: paymentEvents.id });
    if (!stored) return;
    const [payment] = await tx
      .update(payments)
      .set({ refundedCents: sql`${payments.refundedCents} + ${amountCents}`, updatedAt: now })
      .where(eq(payments.id, paymentId))
      .returning();
    const full = payment.refundedCents >= payment.amountCents;
    if (full) await tx.update(payments).set({ status: "refunded" }).where(eq(payments.id, paymentId));
    const [order] = await tx.select().from(orders).where(eq(orders.id, payment.orderId)).for("update");
    const to = full && canTransition(PAYMENT_TRANSITIONS, order.paymentStatus, "refunded") ? "refunded" : order.paymentStatus;
    if (to !== order.paymentStatus) {
      await updateOrderStatuses(tx, order.id, { paymentStatus: to }, now);
    }
    await tx
      .insert(orderEvents)
      .values(
        systemEvent(
          order.id,
          "payment_changed",
          [order.paymentStatus, to],
          `Refunded ${formatRand(amountCents)} to the card`,
          now,
        ),
      );
    deps.metrics?.paymentOutcomes.inc({ outcome: "refunded" });
    deps.log?.info({ paymentId, order: order.number, amountCents }, "card payment refunded");
  });
}
