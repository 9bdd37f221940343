import { and, asc, eq, inArray, lt, lte, ne, or, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { StoreInfo } from "~/emails/store-info";
import { InvalidEmailError, renderEmail } from "~/emails/render.server";
import type { Cache } from "~/infra/cache.server";
import type { Clock } from "~/infra/clock.server";
import type { Db } from "~/infra/db/client.server";
import { emailOutbox } from "~/infra/db/schema";
import { scrubText } from "~/infra/redaction";
import { MailSendError, type Mailer } from "~/infra/mail.server";
import type { Metrics } from "~/infra/metrics.server";
import { suppressionOf } from "./email-suppressions.server";
import { getSettings } from "./settings.server";

/**
 * The outbox sender (issue #6). Domain code queues rows with `enqueueEmail` inside its own transaction; each round
 * (`runOnce`, called by the Node loop in app/runtime/email-sender-loop.server.ts and by the worker's scheduled handler)
 * claims due rows under a lease, renders them with the store's contact details, hands them to the mailer and
 * records the outcome:
 *
 *   pending ──claim──▶ sending ──ok──▶ sent
 *      ▲                  │ retryable error (network, 5xx, 429, 401/403) and attempts < max
 *      └── next_attempt_at = now + backoff (or Retry-After)
 *                         │ permanent error (4xx validation, unrenderable payload) or attempts = max
 *                         ▼
 *                       failed ──"send again" (admin)──▶ pending
 *
 *   sending ──address suppressed (hard bounce or complaint, email-suppressions.server.ts)──▶ suppressed (final)
 *
 * A claim is one UPDATE over a `FOR UPDATE SKIP LOCKED` subquery, so several instances never claim one row at the
 * same time; a process that dies after claiming leaves `locked_until` behind, and the row is claimed again once the
 * lease runs out. The provider's idempotency key (one per row) covers the last gap: a send whose response was lost.
 */

export type OutboxRow = typeof emailOutbox.$inferSelect;

export type EmailSenderDeps = {
  db: Db;
  cache: Cache;
  mailer: Mailer;
  log: Logger;
  metrics: Metrics;
  clock: Clock;
  /** Public origin of the shop, for the logo link in every email. */
  appUrl: string;
};

export type EmailSenderOptions = {
  /** Rows claimed per round. */
  batchSize: number;
  /** How long a claim holds a row; must comfortably exceed one send (the Resend adapter times out at 15 s). */
  leaseMs: number;
  /** Attempts before a row is marked failed. */
  maxAttempts: number;
  /** First retry waits about this long (half of it plus jitter); each further retry doubles it. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Jitter source in [0, 1). */
  random: () => number;
};

// 30 s, 1, 2, 4, 8, 16, 32 min, then hourly: ten attempts span about three hours of provider outage.
export const EMAIL_SENDER_DEFAULTS: EmailSenderOptions = {
  batchSize: 10,
  leaseMs: 60_000,
  maxAttempts: 10,
  baseDelayMs: 30_000,
  maxDelayMs: 60 * 60_000,
  random: Math.random,
};

type RoundSummary = { claimed: number; sent: number; retrying: number; failed: number; suppressed: number };

export type EmailSender = {
  /**
   * One round: claim due rows, send each, record outcomes. When `stopping()` turns true mid-batch, the email in hand
   * is finished and the rest of the batch is handed back at once (not left to wait out its lease).
   */
  runOnce(stopping?: () => boolean): Promise<RoundSummary>;
  /** Rows claimed per round: a round that claimed this many may have left more due. */
  batchSize: number;
};

/** Emails waiting to go out (pending, including retries, or in the hands of a sender). */
export async function outboxDepth(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(emailOutbox)
    .where(inArray(emailOutbox.status, ["pending", "sending"]));
  return Number(row?.n ?? 0);
}

/** The footer details every email carries, from store settings. */
export async function getStoreInfo(deps: { db: Db; cache: Cache }, appUrl: string): Promise<StoreInfo> {
  const settings = await getSettings(deps);
  return {
    contactEmail: settings.contactEmail,
    contactPhone: settings.contactPhone,
    contactAddress: settings.contactAddress,
    appUrl,
  };
}

/**
 * Claims up to `batchSize` due rows for `leaseMs`: pending rows whose time has come, and rows left `sending` by a
 * sender whose lease ran out. Counts the attempt now, so a sender that dies mid-send still uses one up.
 */
export async function claimDueEmails(
  db: Db,
  clock: Clock,
  opts: Pick<EmailSenderOptions, "batchSize" | "leaseMs">,
): Promise<OutboxRow[]> {
  const now = clock.now();
  const due = db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(
      and(
        or(eq(emailOutbox.status, "pending"), and(eq(emailOutbox.status, "sending"), lt(emailOutbox.lockedUntil, now))),
        lte(emailOutbox.nextAttemptAt, now),
      ),
    )
    .orderBy(asc(emailOutbox.id))
    .limit(opts.batchSize)
    .for("update", { skipLocked: true });
  const rows = await db
    .update(emailOutbox)
    .set({ status: "sending", lockedUntil: new Date(now.getTime() + opts.leaseMs), attempts: sql`${emailOutbox.attempts} + 1` })
    .where(inArray(emailOutbox.id, due))
    .returning();
  return rows.sort((a, b) => a.id - b.id);
}

/**
 * The provider's idempotency key: one per outbox row, the same on every retry and on an admin's "send again" (Resend
 * only remembers keys of emails it accepted, so a row it rejected can still go out, and one whose acceptance we never
 * heard about is not sent twice). Row id plus creation time, so two environments sharing one Resend account (ids
 * start at 1 in each) never suppress each other's mail.
 */
function providerIdempotencyKey(row: Pick<OutboxRow, "id" | "createdAt">): string {
  return `lh-outbox-${row.id}-${new Date(row.createdAt).getTime().toString(36)}`;
}

/** Exponential backoff with jitter (half fixed, half random); a provider's Retry-After wins when it gives one. */
function retryDelayMs(attempt: number, retryAfterMs: number | null, opts: EmailSenderOptions): number {
  if (retryAfterMs !== null) {
    const jitter = opts.random() * Math.min(retryAfterMs * 0.1, 5_000);
    return Math.min(opts.maxDelayMs, Math.round(retryAfterMs + jitter));
  }
  const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (opts.random() * ceiling) / 2);
}

export function createEmailSender(deps: EmailSenderDeps, options: Partial<EmailSenderOptions> = {}): EmailSender {
  const opts: EmailSenderOptions = { ...EMAIL_SENDER_DEFAULTS, ...options };
  const { db, mailer, metrics, clock } = deps;
  const log = deps.log.child({ component: "email-sender" });

  async function deliver(row: OutboxRow, store: StoreInfo): Promise<"sent" | "retrying" | "failed" | "suppressed"> {
    // Only the holder of this lease may record a failure; a late sender must not undo another's work.
    const ours = and(
      eq(emailOutbox.id, row.id),
      eq(emailOutbox.status, "sending"),
      eq(emailOutbox.lockedUntil, row.lockedUntil!),
    );
    const facts = { outboxId: row.id, template: row.template, attempt: row.attempts };
    const suppressed = await suppressionOf(db, row.toEmail);
    if (suppressed) {
      // Not retried: nothing changes until the account moves to another address (a new row to a new address).
      const why = suppressed.reason === "complained" ? "marked our email as spam" : "hard-bounced";
      await db
        .update(emailOutbox)
        .set({ status: "suppressed", lockedUntil: null, lastError: `Not sent: this address ${why} earlier.` })
        .where(ours);
      metrics.emailsSuppressed.inc({ template: row.template });
      log.warn({ ...facts, reason: suppressed.reason }, "email not sent: the address is suppressed");
      return "suppressed";
    }
    try {
      const email = await renderEmail(row.template, row.payload, store);
      const result = await mailer.send({
        outboxId: row.id,
        template: row.template,
        to: row.toEmail,
        subject: email.subject,
        html: email.html,
        text: email.text,
        idempotencyKey: providerIdempotencyKey(row),
      });
      // Delivered is delivered, whoever holds the lease now.
      await db
        .update(emailOutbox)
        .set({
          status: "sent",
          sentAt: clock.now(),
          lockedUntil: null,
          lastError: null,
          providerMessageId: result.providerMessageId,
        })
        .where(and(eq(emailOutbox.id, row.id), ne(emailOutbox.status, "sent")));
      metrics.emailsSent.inc({ template: row.template });
      log.info(facts, "email sent");
      return "sent";
    } catch (error) {
      metrics.emailsFailed.inc({ template: row.template });
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
      const permanent = error instanceof InvalidEmailError || (error instanceof MailSendError && !error.retryable);
      if (permanent || row.attempts >= opts.maxAttempts) {
        await db.update(emailOutbox).set({ status: "failed", lockedUntil: null, lastError: message }).where(ours);
        log.error({ ...facts, permanent, error: scrubText(message) }, "email failed; not retrying (resend from /admin/emails)");
        return "failed";
      }
      const retryAfter = error instanceof MailSendError ? error.retryAfterMs : null;
      const nextAttemptAt = new Date(clock.now().getTime() + retryDelayMs(row.attempts, retryAfter, opts));
      await db.update(emailOutbox).set({ status: "pending", lockedUntil: null, lastError: message, nextAttemptAt }).where(ours);
      log.warn({ ...facts, nextAttemptAt, error: scrubText(message) }, "email not sent; will retry");
      return "retrying";
    }
  }

  async function runOnce(stopping: () => boolean = () => false): Promise<RoundSummary> {
    // Read settings before claiming: if the database is unreachable nothing is claimed and nothing waits on a lease.
    const store = await getStoreInfo(deps, deps.appUrl);
    const rows = await claimDueEmails(db, clock, opts);
    const summary: RoundSummary = { claimed: rows.length, sent: 0, retrying: 0, failed: 0, suppressed: 0 };
    for (const [i, row] of rows.entries()) {
      if (stopping()) {
        // Shutting down: hand the rest back now rather than make another instance wait out the lease.
        const rest = rows.slice(i).map((r) => r.id);
        await db
          .update(emailOutbox)
          .set({ status: "pending", lockedUntil: null, attempts: sql`greatest(${emailOutbox.attempts} - 1, 0)` })
          .where(
            and(inArray(emailOutbox.id, rest), eq(emailOutbox.status, "sending"), eq(emailOutbox.lockedUntil, row.lockedUntil!)),
          );
        break;
      }
      const outcome = await deliver(row, store);
      summary[outcome]++;
    }
    return summary;
  }

  return { runOnce, batchSize: opts.batchSize };
}
