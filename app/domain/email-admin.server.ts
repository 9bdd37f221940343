import { and, desc, eq, sql } from "drizzle-orm";
import { EMAIL_TEMPLATES, fixtureFor, isEmailTemplate } from "~/emails";
import { renderEmail, type RenderedEmail } from "~/emails/render.server";
import type { Cache } from "~/infra/cache.server";
import type { Clock } from "~/infra/clock.server";
import type { Db } from "~/infra/db/client.server";
import { emailOutbox } from "~/infra/db/schema";
import { recordAudit, type Actor } from "./audit.server";
import { conflict, notFound } from "./domain-error";
import { getStoreInfo } from "./email-sender.server";
import { OUTBOX_STATUSES, type OutboxStatus } from "./email-outbox-status";
import { formatInstant } from "./jhb-dates";

// The back office's view of the email outbox (issue #6): list, filter, "send again", template previews.

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
};

/** Newest first, optionally one status; `counts` per status for the filter. */
export async function listOutboxEmails(db: Db, filters: { status?: OutboxStatus; page?: number }) {
  const page = Math.max(1, filters.page ?? 1);
  const rows = await db
    .select()
    .from(emailOutbox)
    .where(filters.status ? eq(emailOutbox.status, filters.status) : undefined)
    .orderBy(desc(emailOutbox.id))
    .limit(EMAIL_PAGE_SIZE + 1)
    .offset((page - 1) * EMAIL_PAGE_SIZE);
  const grouped = await db
    .select({ status: emailOutbox.status, n: sql<number>`count(*)::int` })
    .from(emailOutbox)
    .groupBy(emailOutbox.status);
  const counts = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>;
  for (const g of grouped) counts[g.status] = Number(g.n);
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
  }));
  return { emails, hasMore: rows.length > EMAIL_PAGE_SIZE, page, counts };
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
