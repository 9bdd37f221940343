import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import { EMAIL_TEMPLATES, fixtureFor, isEmailTemplate } from "~/emails";
import { renderEmail, type RenderedEmail } from "~/emails/render.server";
import type { Cache } from "~/infra/cache.server";
import type { Clock } from "~/infra/clock.server";
import type { Db } from "~/infra/db/client.server";
import { emailOutbox } from "~/infra/db/schema";
import { recordAudit, type Actor } from "./audit.server";
import { conflict, notFound } from "./domain-error";
import { DELIVERY_STATES, type DeliveryState } from "./email-delivery-state";
import { enqueueEmail } from "./email-outbox.server";
import { getStoreInfo } from "./email-sender.server";
import { OUTBOX_STATUSES, type OutboxStatus } from "./email-outbox-status";
import { formatInstant } from "./jhb-dates";

// The back office's view of the email outbox (issue #6): list, filter, "send again", template previews; delivery
// states from Resend's webhooks and "send a test email" (issue #24).

const EMAIL_PAGE_SIZE = 25;

type OutboxListItem = {
  id: number;
  template: string;
  to: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  /** Johannesburg time, formatted here so server and browser render the same text. */
  createdAt: string;
  nextAttemptAt: string;
  sentAt: string | null;
  deliveryState: DeliveryState | null;
  deliveryStateAt: string | null;
  bounceType: string | null;
  bounceReason: string | null;
};

type OutboxFilters = { status?: OutboxStatus; delivery?: DeliveryState; order?: string; page?: number };

/** Newest first, optionally one status, delivery state or order; `counts` per status and per delivery state. */
export async function listOutboxEmails(db: Db, filters: OutboxFilters) {
  const page = Math.max(1, filters.page ?? 1);
  const rows = await db
    .select()
    .from(emailOutbox)
    .where(
      and(
        filters.status ? eq(emailOutbox.status, filters.status) : undefined,
        filters.delivery ? eq(emailOutbox.deliveryState, filters.delivery) : undefined,
        filters.order ? eq(emailOutbox.orderNumber, filters.order) : undefined,
      ),
    )
    .orderBy(desc(emailOutbox.id))
    .limit(EMAIL_PAGE_SIZE + 1)
    .offset((page - 1) * EMAIL_PAGE_SIZE);
  const [grouped, byDelivery] = await Promise.all([
    db
      .select({ status: emailOutbox.status, n: sql<number>`count(*)::int` })
      .from(emailOutbox)
      .groupBy(emailOutbox.status),
    db
      .select({ state: emailOutbox.deliveryState, n: sql<number>`count(*)::int` })
      .from(emailOutbox)
      .where(isNotNull(emailOutbox.deliveryState))
      .groupBy(emailOutbox.deliveryState),
  ]);
  const counts = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>;
  for (const g of grouped) counts[g.status] = Number(g.n);
  const deliveryCounts = Object.fromEntries(DELIVERY_STATES.map((s) => [s, 0])) as Record<DeliveryState, number>;
  for (const g of byDelivery) if (g.state) deliveryCounts[g.state] = Number(g.n);
  const emails: OutboxListItem[] = rows.slice(0, EMAIL_PAGE_SIZE).map((r) => ({
    id: r.id,
    template: r.template,
    to: r.toEmail,
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    createdAt: formatInstant(r.createdAt),
    nextAttemptAt: formatInstant(r.nextAttemptAt),
    sentAt: r.sentAt ? formatInstant(r.sentAt) : null,
    deliveryState: r.deliveryState,
    deliveryStateAt: r.deliveryStateAt ? formatInstant(r.deliveryStateAt) : null,
    bounceType: r.bounceType,
    bounceReason: r.bounceReason,
  }));
  return { emails, hasMore: rows.length > EMAIL_PAGE_SIZE, page, counts, deliveryCounts };
}

/**
 * "Send a test email" (the back office, to the signed-in admin's own address; `npm run email:test -- <address>`): a
 * delivery-test email queued like any other, so it takes the real path (outbox → provider → webhook) and its delivery
 * state shows in the list. Returns the outbox id.
 */
export async function sendTestEmail(deps: { db: Db; clock: Clock }, input: { to: string; requestedBy: string }): Promise<number> {
  const now = deps.clock.now();
  const idempotencyKey = `delivery-test:${now.getTime()}:${crypto.randomUUID()}`;
  await enqueueEmail(deps.db, {
    template: "delivery-test",
    to: input.to,
    props: { requestedBy: input.requestedBy, requestedAt: formatInstant(now) },
    idempotencyKey,
  });
  const [row] = await deps.db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(eq(emailOutbox.idempotencyKey, idempotencyKey));
  return row.id;
}

/** One outbox row's send status and delivery state (the test email's progress). */
export async function outboxProgress(db: Db, id: number) {
  const [row] = await db
    .select({
      status: emailOutbox.status,
      lastError: emailOutbox.lastError,
      providerMessageId: emailOutbox.providerMessageId,
      deliveryState: emailOutbox.deliveryState,
      bounceReason: emailOutbox.bounceReason,
    })
    .from(emailOutbox)
    .where(eq(emailOutbox.id, id));
  return row ?? null;
}

/**
 * "Send again" on a failed email: back to pending with a fresh set of attempts, due now, audited in the same
 * transaction. Only failed rows qualify — anything else is already on its way (409).
 */
export async function resendFailedEmail(deps: { db: Db; clock: Clock }, actor: Actor, id: number): Promise<void> {
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(emailOutbox).where(eq(emailOutbox.id, id)).for("update");
    if (!row) throw notFound("That email is not in the outbox.");
    if (row.status !== "failed") throw conflict(`Email #${id} is ${row.status}, not failed: there is nothing to resend.`);
    const after = {
      status: "pending" as const,
      attempts: 0,
      nextAttemptAt: deps.clock.now(),
      lockedUntil: null,
      lastError: null,
    };
    await tx
      .update(emailOutbox)
      .set(after)
      .where(and(eq(emailOutbox.id, id), eq(emailOutbox.status, "failed")));
    await recordAudit(tx, {
      actor,
      action: "email.resend",
      entityType: "email_outbox",
      entityId: id,
      before: { status: row.status, attempts: row.attempts, lastError: row.lastError, template: row.template },
      after: { status: after.status, attempts: after.attempts, nextAttemptAt: after.nextAttemptAt },
    });
  });
}

/** Names of every email template, for the preview links. */
export function emailTemplateNames(): string[] {
  return [...EMAIL_TEMPLATES];
}

/** A template rendered with its fixture and the store's real contact details; null for an unknown template. */
export async function previewEmail(
  deps: { db: Db; cache: Cache },
  appUrl: string,
  template: string,
): Promise<RenderedEmail | null> {
  if (!isEmailTemplate(template)) return null;
  return renderEmail(template, fixtureFor(template), await getStoreInfo(deps, appUrl));
}
