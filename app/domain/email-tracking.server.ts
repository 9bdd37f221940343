import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Logger } from "pino";
import { z } from "zod";
import type { Clock } from "~/infra/clock.server";
import type { Config } from "~/infra/config.server";
import type { Db, Tx } from "~/infra/db/client.server";
import { emailOutbox, emailSuppressions, emailWebhookEvents } from "~/infra/db/schema";
import type { Metrics } from "~/infra/metrics.server";
import { verifyResendWebhook, type WebhookHeaders } from "~/infra/resend-webhook.server";
import { DELIVERY_STATE_RANK, type DeliveryState } from "./email-delivery-state";

/**
 * Delivery tracking (issue #24): Resend tells us, through signed webhooks, what became of each email it accepted.
 * Each verified event is recorded once by its svix-id (a replay or a Svix retry finds the id and changes nothing),
 * moves the outbox row's delivery state forward by rank (DELIVERY_STATE_RANK: out-of-order events never undo a
 * bounce) and, for a hard bounce or a complaint, suppresses the address (email-suppressions.server.ts). Opens and
 * clicks are not tracked: such events, and events for messages we do not know, are acknowledged and ignored.
 */

export type WebhookDeps = {
  db: Db;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  config: Pick<Config, "RESEND_WEBHOOK_SECRET">;
};

export type WebhookOutcome = "applied" | "duplicate" | "unknown_message" | "ignored" | "forged" | "stale" | "unconfigured";

const EVENT_STATES: Record<string, DeliveryState> = {
  "email.sent": "sent",
  "email.delivered": "delivered",
  "email.delivery_delayed": "delayed",
  "email.bounced": "bounced",
  "email.failed": "failed",
  "email.complained": "complained",
};

const eventSchema = z.object({
  type: z.string().max(100),
  created_at: z.string().max(64).optional(),
  data: z
    .object({
      email_id: z.string().max(200).optional(),
      bounce: z
        .object({ type: z.string().max(100), subType: z.string().max(100), message: z.string().max(2000) })
        .partial()
        .optional(),
      failed: z
        .object({ reason: z.string().max(2000) })
        .partial()
        .optional(),
    })
    .passthrough(),
});

type TrackedEvent = {
  state: DeliveryState;
  providerMessageId: string;
  at: Date;
  bounceType: string | null;
  reason: string | null;
  /** Hard bounce or complaint: the address gets nothing more. */
  suppresses: boolean;
};

/** Verifies one webhook delivery and applies it; the route answers 401 for forged, stale or unconfigured, else 200. */
export async function receiveResendWebhook(deps: WebhookDeps, rawBody: string, headers: WebhookHeaders): Promise<WebhookOutcome> {
  const secret = deps.config.RESEND_WEBHOOK_SECRET;
  if (!secret) return "unconfigured";
  const verified = verifyResendWebhook(secret, deps.clock, rawBody, headers);
  if (!verified.ok) return verified.reason;
  const parsed = eventSchema.safeParse(verified.payload);
  const type = parsed.success ? parsed.data.type : "unreadable";
  const event = parsed.success ? trackedEvent(parsed.data, deps.clock) : null;
  const outcome = await deps.db.transaction(async (tx) => {
    const [fresh] = await tx
      .insert(emailWebhookEvents)
      .values({
        svixId: verified.svixId,
        type,
        providerMessageId: event?.providerMessageId ?? null,
        receivedAt: deps.clock.now(),
      })
      .onConflictDoNothing({ target: emailWebhookEvents.svixId })
      .returning({ svixId: emailWebhookEvents.svixId });
    if (!fresh) return "duplicate" as const;
    return event ? applyEvent(tx, event, deps.clock) : ("ignored" as const);
  });
  if (outcome !== "duplicate") deps.metrics.emailEvents.inc({ event: event?.state ?? "other" });
  deps.log.info({ svixId: verified.svixId, type, outcome }, "resend webhook");
  return outcome;
}

function trackedEvent(payload: z.infer<typeof eventSchema>, clock: Clock): TrackedEvent | null {
  const state = EVENT_STATES[payload.type];
  const providerMessageId = payload.data.email_id;
  if (!state || !providerMessageId) return null;
  const at = payload.created_at ? new Date(payload.created_at) : clock.now();
  const bounce = payload.data.bounce;
  const hardBounce = state === "bounced" && bounce?.type === "Permanent";
  return {
    state,
    providerMessageId,
    at: Number.isNaN(at.getTime()) ? clock.now() : at,
    bounceType: state === "bounced" ? [bounce?.type, bounce?.subType].filter(Boolean).join("/") || null : null,
    reason: state === "bounced" ? (bounce?.message ?? null) : state === "failed" ? (payload.data.failed?.reason ?? null) : null,
    suppresses: hardBounce || state === "complained",
  };
}

/** The rank of the row's current state, in SQL (0 when none yet). */
const currentRank = sql`case ${emailOutbox.deliveryState} ${sql.join(
  Object.entries(DELIVERY_STATE_RANK).map(([state, rank]) => sql`when ${state} then ${rank}`),
  sql` `,
)} else 0 end`;

async function applyEvent(tx: Tx, event: TrackedEvent, clock: Clock): Promise<WebhookOutcome> {
  const [row] = await tx
    .select({ id: emailOutbox.id, to: emailOutbox.toEmail })
    .from(emailOutbox)
    .where(eq(emailOutbox.providerMessageId, event.providerMessageId))
    .limit(1);
  if (!row) return "unknown_message";
  const rank = DELIVERY_STATE_RANK[event.state];
  const reportsWhy = event.state === "bounced" || event.state === "failed";
  await tx
    .update(emailOutbox)
    .set({
      deliveryState: event.state,
      deliveryStateAt: event.at,
      ...(reportsWhy ? { bounceType: event.bounceType, bounceReason: event.reason?.slice(0, 1000) ?? null } : {}),
    })
    .where(
      and(
        eq(emailOutbox.id, row.id),
        or(
          isNull(emailOutbox.deliveryState),
          sql`${currentRank} < ${rank}`,
          and(sql`${currentRank} = ${rank}`, or(isNull(emailOutbox.deliveryStateAt), lt(emailOutbox.deliveryStateAt, event.at))),
        ),
      ),
    );
  if (event.suppresses) {
    // Whatever the order of events: a hard bounce or complaint suppresses even when a later state is already shown.
    await tx
      .insert(emailSuppressions)
      .values({
        email: row.to.trim().toLowerCase(),
        reason: event.state === "complained" ? "complained" : "bounced",
        detail: event.reason?.slice(0, 500) ?? event.bounceType,
        outboxId: row.id,
        createdAt: clock.now(),
      })
      .onConflictDoNothing({ target: emailSuppressions.email });
  }
  return "applied";
}
