// Card payments through a hosted checkout (Peach Payments). The redirect back is never proof of payment: every
// signed redirect or webhook is stored once (payment_events, unique key = its signature), and an outcome that moves
// money (successful / failed) is re-confirmed with the provider's status API — the source of truth, called at most
// once per STATUS_INTERVAL_MS per payment (a conditional UPDATE claims the slot, so instances never exceed its rate
// limit). What cannot be confirmed now is left for the reconcile job (payment-jobs.server.ts).
//
// Outcomes, applied in one transaction with their order events and emails (transition tables in order-status.ts):
//   successful, amount and currency match, order awaiting payment → payment paid, order placed, payment-confirmation
//   successful but amount/currency differ                          → order stays unpaid, mismatch recorded + metric
//   successful after the order was released (cancelled)            → payment paid, then refunded in full (ADR 010)
//   failed / cancelled / uncertain                                 → payment failed, order cancelled, stock back
import { and, asc, eq, isNull, lt, or } from "drizzle-orm";
import type { Logger } from "pino";
import type { Cache } from "~/infra/cache.server";
import type { Clock } from "~/infra/clock.server";
import type { Db } from "~/infra/db/client.server";
import { orderEvents, orderItems, orders, paymentEvents, payments, users } from "~/infra/db/schema";
import { emailOrderItems } from "~/emails/schema";
import type { Metrics } from "~/infra/metrics.server";
import { ProviderUnavailableError, type PaymentProvider, type ProviderOutcome } from "~/infra/payments/provider.server";
import { enqueueEmail } from "./email-outbox.server";
import { formatRand } from "./money";
import { isDomainError } from "./domain-error";
import { transitionOrder } from "./orders.server";
import { issueRefund, recordRefundIntent, systemEvent, updateOrderStatuses } from "./payment-refunds.server";

export type PaymentDeps = {
  db: Db;
  cache: Cache;
  clock: Clock;
  metrics: Metrics;
  log?: Logger;
  payments: PaymentProvider | null;
  config: { appUrl: string };
};

/** Peach allows about two status calls a minute per checkout. */
const STATUS_INTERVAL_MS = 30_000;
const SYSTEM = { userId: null, label: "system" } as const;

export const CARD_OFF_REASON =
  "Card payments are off because Peach Payments is not configured: set PEACH_ENTITY_ID and PEACH_SECRET_TOKEN " +
  "(and PEACH_CHECKOUT_URL / PEACH_API_URL for the live environment).";

/** Settings as the shopper may use them: card only when the shop switched it on AND a provider is configured. */
export function withCardAvailability<T extends { paymentMethods: { cash_on_delivery: boolean; card: boolean } }>(
  settings: T,
  provider: PaymentProvider | null,
): T {
  return { ...settings, paymentMethods: { ...settings.paymentMethods, card: settings.paymentMethods.card && provider !== null } };
}

const ALPHANUMERIC = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

/** Peach's merchantTransactionId (8–16 alphanumerics): the order number's digits plus random letters, 16 in all. */
export function newMerchantTransactionId(orderNumber: string): string {
  const digits = orderNumber.replace(/\D/g, "").slice(-8);
  const random = crypto.getRandomValues(new Uint8Array(16 - 2 - digits.length));
  return `LH${digits}${Array.from(random, (b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join("")}`;
}

// ---------- the shopper's way to the provider and back ----------

/** The signed form that sends the owner's awaiting-payment order to the hosted checkout; null when not payable. */
export async function cardCheckoutFor(deps: PaymentDeps, userId: number, number: string) {
  if (!deps.payments || !/^LH-\d{6,}$/.test(number)) return null;
  const [row] = await deps.db
    .select({ order: orders, payment: payments })
    .from(orders)
    .innerJoin(payments, eq(payments.orderId, orders.id))
    .where(and(eq(orders.number, number), eq(orders.userId, userId), eq(payments.provider, "peach")))
    .limit(1);
  if (!row || row.order.status !== "awaiting_payment" || !row.payment.merchantTransactionId) return null;
  if (row.payment.status !== "unpaid" && row.payment.status !== "pending") return null;
  const form = await deps.payments.checkoutForm({
    merchantTransactionId: row.payment.merchantTransactionId,
    amountCents: row.payment.amountCents,
    shopperResultUrl: `${deps.config.appUrl}/webhooks/peach-return`,
    notificationUrl: `${deps.config.appUrl}/webhooks/peach`,
  });
  return { number: row.order.number, totalCents: row.order.totalCents, form };
}

export type NotificationResult = "forged" | "unknown" | "duplicate" | "recorded" | "confirmed" | "deferred";

/**
 * A webhook (or the shopper's signed redirect): signature first, then stored once, then — for an outcome that moves
 * money — confirmed with the status API. Returns "forged" (the route answers 401) and otherwise never throws for
 * provider trouble: what it cannot finish now the reconcile job finishes.
 */
export async function receiveProviderNotification(
  deps: PaymentDeps,
  params: Record<string, string>,
  source: "webhook" | "redirect",
): Promise<{ result: NotificationResult; orderNumber: string | null }> {
  if (!deps.payments || !(await deps.payments.verifyNotification(params))) return { result: "forged", orderNumber: null };
  const claim = deps.payments.outcomeOf(params);
  const [payment] = claim.merchantTransactionId
    ? await deps.db
        .select({ id: payments.id, status: payments.status, number: orders.number, checkoutId: payments.checkoutId })
        .from(payments)
        .innerJoin(orders, eq(orders.id, payments.orderId))
        .where(eq(payments.merchantTransactionId, claim.merchantTransactionId))
    : [];
  if (!payment) {
    deps.log?.warn({ source, code: claim.code }, "provider notification for an unknown payment ignored");
    return { result: "unknown", orderNumber: null };
  }
  const orderNumber = payment.number;
  const [stored] = await deps.db
    .insert(paymentEvents)
    .values({
      paymentId: payment.id,
      // The signature is hex compared without regard to case, so the key is its lower-case form: a replay in other
      // letter case is the same event.
      providerEventId: `peach:${params.signature.toLowerCase()}`,
      type: `${source}:${claim.state}`,
      payload: redact(params),
    })
    .onConflictDoNothing({ target: paymentEvents.providerEventId })
    .returning({ id: paymentEvents.id });
  if (claim.checkoutId && !payment.checkoutId) {
    await deps.db.update(payments).set({ checkoutId: claim.checkoutId }).where(eq(payments.id, payment.id));
  }
  if (!stored) return { result: "duplicate", orderNumber };
  if (claim.state === "pending") {
    await markPending(deps, payment.id);
    return { result: "recorded", orderNumber };
  }
  const confirmed = await confirmWithProvider(deps, payment.id);
  return { result: confirmed === "applied" ? "confirmed" : "deferred", orderNumber };
}

/** Card details never reach our database: keep what identifies the outcome, drop the rest. */
function redact(params: Record<string, string>) {
  const keep = [
    "amount",
    "currency",
    "checkoutId",
    "id",
    "merchantTransactionId",
    "paymentType",
    "result.code",
    "result.description",
    "timestamp",
  ];
  // Control characters never reach the JSON column (Postgres refuses \u0000 in jsonb).
  return Object.fromEntries(keep.filter((k) => k in params).map((k) => [k, params[k].replace(/[\x00-\x1f\x7f]/g, "")]));
}

async function markPending(deps: PaymentDeps, paymentId: number) {
  await deps.db
    .update(payments)
    .set({ status: "pending", updatedAt: deps.clock.now() })
    .where(and(eq(payments.id, paymentId), eq(payments.status, "unpaid")));
}

// ---------- confirmation with the provider ----------

export type ConfirmResult = "applied" | "pending" | "busy" | "unavailable";

/** Asks the status API (if this payment's slot is free) and applies what it says. */
export async function confirmWithProvider(deps: PaymentDeps, paymentId: number): Promise<ConfirmResult> {
  if (!deps.payments) return "unavailable";
  const now = deps.clock.now();
  const [claimed] = await deps.db
    .update(payments)
    .set({ lastCheckedAt: now })
    .where(
      and(
        eq(payments.id, paymentId),
        or(isNull(payments.lastCheckedAt), lt(payments.lastCheckedAt, new Date(now.getTime() - STATUS_INTERVAL_MS))),
      ),
    )
    .returning({ checkoutId: payments.checkoutId, merchantTransactionId: payments.merchantTransactionId });
  if (!claimed) return "busy";
  let outcome: ProviderOutcome;
  try {
    outcome = await deps.payments.status({
      checkoutId: claimed.checkoutId,
      merchantTransactionId: claimed.merchantTransactionId!,
    });
  } catch (error) {
    if (!(error instanceof ProviderUnavailableError)) throw error;
    deps.log?.warn({ paymentId, err: error.message, rateLimited: error.rateLimited }, "payment status not confirmed now");
    return "unavailable";
  }
  return (await applyOutcome(deps, paymentId, outcome)) === "pending" ? "pending" : "applied";
}

type ApplyResult = "paid" | "failed" | "pending" | "mismatch" | "late_refund" | "unchanged";

/** Applies a provider outcome that came from the status API (never from a webhook body). */
async function applyOutcome(deps: PaymentDeps, paymentId: number, outcome: ProviderOutcome): Promise<ApplyResult> {
  const [row] = await deps.db
    .select({ payment: payments, order: orders })
    .from(payments)
    .innerJoin(orders, eq(orders.id, payments.orderId))
    .where(eq(payments.id, paymentId));
  if (!row) return "unchanged";
  const { payment, order } = row;
  if (outcome.state === "pending") {
    await markPending(deps, paymentId);
    return "pending";
  }
  const open = payment.status === "unpaid" || payment.status === "pending";
  try {
    if (outcome.state === "failed") {
      if (!open || order.status !== "awaiting_payment") return "unchanged";
      await releaseOrder(
        deps,
        paymentId,
        `Your card payment did not go through (${outcome.description || outcome.code}), so we released your order.`,
      );
      deps.metrics.paymentOutcomes.inc({ outcome: "failed" });
      return "failed";
    }
    const mismatch = mismatchOf(payment.amountCents, outcome);
    if (mismatch) {
      await deps.db.update(payments).set({ mismatch, updatedAt: deps.clock.now() }).where(eq(payments.id, paymentId));
      deps.metrics.paymentMismatches.inc();
      deps.log?.error({ paymentId, order: order.number, mismatch }, "provider reported a payment that does not match the order");
      return "mismatch";
    }
    if (!open && payment.status !== "failed") return "unchanged";
    if (order.status === "awaiting_payment") {
      await markPaid(deps, paymentId, order.id, outcome);
      deps.metrics.paymentOutcomes.inc({ outcome: "paid" });
      return "paid";
    }
    if (order.status === "cancelled") {
      await refundLatePayment(deps, paymentId, order.id, outcome);
      deps.metrics.paymentOutcomes.inc({ outcome: "late_refunded" });
      return "late_refund";
    }
    return "unchanged";
  } catch (error) {
    // Someone else applied the same outcome a moment ago (a second webhook, the job): nothing left to do.
    if (isDomainError(error, "conflict")) return "unchanged";
    throw error;
  }
}

function mismatchOf(expectedCents: number, outcome: ProviderOutcome): string | null {
  if (outcome.currency !== "ZAR") return `currency ${outcome.currency ?? "missing"}, expected ZAR`;
  if (outcome.amountCents !== expectedCents) {
    const got = outcome.amountCents === null ? "no amount" : formatRand(outcome.amountCents);
    return `provider reported ${got}, order total ${formatRand(expectedCents)}`;
  }
  return null;
}

function paymentRowUpdate(outcome: ProviderOutcome, now: Date) {
  return { status: "paid" as const, providerRef: outcome.paymentId, mismatch: null, updatedAt: now };
}

async function markPaid(deps: PaymentDeps, paymentId: number, orderId: number, outcome: ProviderOutcome) {
  await transitionOrder(deps, {
    kind: "payment",
    to: "paid",
    orderId,
    actor: SYSTEM,
    note: "Card payment confirmed by Peach Payments",
    alsoInTransaction: async (tx) => {
      const now = deps.clock.now();
      await updateOrderStatuses(tx, orderId, { status: "placed" }, now);
      await tx
        .insert(orderEvents)
        .values(systemEvent(orderId, "status_changed", ["awaiting_payment", "placed"], "Payment received", now));
      await tx.update(payments).set(paymentRowUpdate(outcome, now)).where(eq(payments.id, paymentId));
    },
  });
}

/** Cancels an awaiting-payment order (stock back, cancellation email) and marks its payment failed, at once. */
export async function releaseOrder(deps: PaymentDeps, paymentId: number, reason: string) {
  const [payment] = await deps.db.select({ orderId: payments.orderId }).from(payments).where(eq(payments.id, paymentId));
  await transitionOrder(deps, {
    kind: "status",
    to: "cancelled",
    orderId: payment.orderId,
    actor: SYSTEM,
    reason,
    alsoInTransaction: async (tx, change) => {
      const now = deps.clock.now();
      await tx.update(orders).set({ paymentStatus: "failed" }).where(eq(orders.id, payment.orderId));
      await tx.update(payments).set({ status: "failed", updatedAt: now }).where(eq(payments.id, paymentId));
      await tx
        .insert(orderEvents)
        .values(systemEvent(payment.orderId, "payment_changed", [change.before.paymentStatus, "failed"], reason, now));
    },
  });
}

/** ADR 010: money that arrives for an order we already released is refunded in full, and the shopper is told. */
async function refundLatePayment(deps: PaymentDeps, paymentId: number, orderId: number, outcome: ProviderOutcome) {
  const now = deps.clock.now();
  const reason = "Your card payment reached us after we had released this order, so we're refunding it in full.";
  const refundId = await deps.db.transaction(async (tx) => {
    const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
    const [payment] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for("update");
    if (payment.status === "paid" || payment.status === "refunded") return null;
    await tx.update(payments).set(paymentRowUpdate(outcome, now)).where(eq(payments.id, paymentId));
    await updateOrderStatuses(tx, orderId, { paymentStatus: "paid" }, now);
    await tx
      .insert(orderEvents)
      .values(
        systemEvent(
          orderId,
          "payment_changed",
          [order.paymentStatus, "paid"],
          "Card payment arrived after the order was released; refunding it",
          now,
        ),
      );
    const intent = await recordRefundIntent(tx, orderId, reason);
    if (order.email) {
      const [user] = order.userId ? await tx.select({ name: users.name }).from(users).where(eq(users.id, order.userId)) : [];
      const items = await tx.select().from(orderItems).where(eq(orderItems.orderId, orderId)).orderBy(asc(orderItems.id));
      await enqueueEmail(tx, {
        template: "order-cancellation",
        to: order.email,
        idempotencyKey: `order-cancellation:${order.number}:late-payment`,
        props: {
          name: user?.name?.trim() || order.address?.recipientName || "there",
          orderNumber: order.number,
          reason,
          items: emailOrderItems(items),
          refundCents: payment.amountCents,
        },
      });
    }
    return intent;
  });
  if (refundId !== null) await issueRefund(deps, refundId);
}
