import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmailSender } from "~/runtime/email-sender-loop.server";
import { EMAIL_SENDER_DEFAULTS, claimDueEmails, createEmailSender, type EmailSenderOptions } from "~/domain/email-sender.server";
import { enqueueEmail } from "~/domain/email-outbox.server";
import { formatRand } from "~/domain/money";
import { fixtureFor } from "~/emails";
import { fixedClock } from "~/infra/clock.server";
import { emailOutbox } from "~/infra/db/schema";
import { createResendMailer } from "~/infra/mail.server";
import { startTestApp, type TestApp } from "../support/app";
import { startResendStandIn, type ResendStandIn } from "../support/resend-stand-in";

// The outbox sender against a local Resend stand-in, through the real `resend` SDK (RESEND_BASE_URL), on the
// database LH_TEST_DB picks. Emails are a promise to parents: none lost, none sent twice.

let resend: ResendStandIn;
let app: TestApp;
const STORE_EMAIL = "hello@littleharvest.co.za"; // seeded store settings

beforeAll(async () => {
  resend = await startResendStandIn();
  app = await startTestApp({ env: { RESEND_API_KEY: resend.apiKey, RESEND_BASE_URL: resend.url } });
});
afterAll(async () => {
  await app?.close();
  await resend?.close();
});
beforeEach(async () => {
  resend.reset();
  await app.ctx.db.delete(emailOutbox);
});

/** A clock a little ahead of the database's own `now()`, so freshly queued rows are due. */
const testClock = () => fixedClock(new Date(Date.now() + 5_000));

function sender(clock: ReturnType<typeof testClock>, options: Partial<EmailSenderOptions> = {}) {
  return createEmailSender({ ...app.ctx, clock, appUrl: "http://localhost:3000" }, { random: () => 0.5, ...options });
}

async function queue(n: number, to = (i: number) => `parent${i}@example.com`) {
  for (let i = 0; i < n; i++) {
    await enqueueEmail(app.ctx.db, {
      template: "order-confirmation",
      to: to(i),
      props: { ...fixtureFor("order-confirmation"), orderNumber: `LH-${String(900 + i).padStart(6, "0")}` },
      idempotencyKey: `order-confirmation:${randomUUID()}`,
    });
  }
  return app.ctx.db.select().from(emailOutbox).orderBy(emailOutbox.id);
}

async function row(id: number) {
  const [r] = await app.ctx.db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
  return r;
}

async function metric(name: string) {
  const text = await app.ctx.metrics.metricsText();
  const line = text.split("\n").find((l) => l.startsWith(name));
  return line ? Number(line.split(" ").pop()) : 0;
}

describe(`email delivery through Resend (${process.env.LH_TEST_DB ?? "pglite"})`, () => {
  it("500 then 200: the email is retried after a back-off and delivered exactly once", async () => {
    const sentBefore = await metric('lh_emails_sent_total{template="order-confirmation"}');
    const failedBefore = await metric('lh_emails_failed_total{template="order-confirmation"}');
    const clock = testClock();
    const s = sender(clock);
    const [queued] = await queue(1);
    resend.fail(500);

    expect(await s.runOnce()).toMatchObject({ claimed: 1, retrying: 1, sent: 0 });
    const waiting = await row(queued.id);
    expect(waiting).toMatchObject({ status: "pending", attempts: 1 });
    expect(waiting.lastError).toContain("500");
    // First back-off: between half and all of the base delay (jitter), not immediately.
    const wait = waiting.nextAttemptAt.getTime() - clock.now().getTime();
    expect(wait).toBeGreaterThanOrEqual(EMAIL_SENDER_DEFAULTS.baseDelayMs / 2);
    expect(wait).toBeLessThanOrEqual(EMAIL_SENDER_DEFAULTS.baseDelayMs);
    expect((await s.runOnce()).claimed).toBe(0);

    clock.advance(wait + 1);
    expect(await s.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(resend.delivered).toHaveLength(1);
    const [email] = resend.delivered;
    expect(email.to).toEqual(["parent0@example.com"]);
    expect(email.subject).toBe("Order LH-000900 confirmed");
    expect(email.from).toContain("Little Harvest");
    expect(email.text).toContain(formatRand(fixtureFor("order-confirmation").totalCents));
    expect(email.html).toContain(STORE_EMAIL); // footer from store settings
    // Both attempts carried the same idempotency key.
    expect(resend.requests.map((r) => r.status)).toEqual([500, 200]);
    expect(new Set(resend.requests.map((r) => r.idempotencyKey)).size).toBe(1);
    const done = await row(queued.id);
    expect(done).toMatchObject({ status: "sent", attempts: 2, lastError: null, lockedUntil: null, providerMessageId: email.id });
    expect(done.sentAt).not.toBeNull();
    expect(await metric('lh_emails_sent_total{template="order-confirmation"}')).toBe(sentBefore + 1);
    expect(await metric('lh_emails_failed_total{template="order-confirmation"}')).toBe(failedBefore + 1);
    expect(app.ctx.mailer.status()).toMatchObject({
      kind: "resend",
      configured: true,
      lastOutcome: "sent",
      consecutiveFailures: 0,
    });
  });

  it("an answer lost after Resend accepted the email: the retry is deduplicated by the idempotency key", async () => {
    const clock = testClock();
    const s = sender(clock);
    await queue(1);
    resend.failAfterDelivering(502);
    expect((await s.runOnce()).retrying).toBe(1);
    clock.advance(EMAIL_SENDER_DEFAULTS.baseDelayMs);
    expect((await s.runOnce()).sent).toBe(1);
    expect(resend.requests).toHaveLength(2);
    expect(resend.delivered).toHaveLength(1);
  });

  it("422 (an address Resend rejects): failed at once, never retried", async () => {
    const clock = testClock();
    const s = sender(clock);
    const [queued] = await queue(1, () => "not-an-address");
    expect(await s.runOnce()).toMatchObject({ claimed: 1, failed: 1 });
    const failed = await row(queued.id);
    expect(failed).toMatchObject({ status: "failed", attempts: 1, lockedUntil: null });
    expect(failed.lastError).toMatch(/422.*email@example\.com/);
    clock.advance(7 * 24 * 3600_000);
    expect((await s.runOnce()).claimed).toBe(0);
    expect(resend.requests).toHaveLength(1);
    expect(resend.delivered).toHaveLength(0);
    // Resend answered: a bad address says nothing about the provider being down.
    expect(app.ctx.mailer.status()).toMatchObject({ lastOutcome: "permanent-error", consecutiveFailures: 0 });
  });

  it("429 with Retry-After: the next attempt waits at least as long as Resend asked", async () => {
    const clock = testClock();
    const s = sender(clock);
    const [queued] = await queue(1);
    resend.fail(429, { retryAfter: 120 });
    await s.runOnce();
    const waiting = await row(queued.id);
    const wait = waiting.nextAttemptAt.getTime() - clock.now().getTime();
    expect(wait).toBeGreaterThanOrEqual(120_000);
    expect(wait).toBeLessThan(126_000);
    clock.advance(60_000);
    expect((await s.runOnce()).claimed).toBe(0);
    clock.advance(66_000);
    expect((await s.runOnce()).sent).toBe(1);
    expect(resend.delivered).toHaveLength(1);
  });

  it("Resend down for a while: every queued email is delivered, once, after it returns", async () => {
    const clock = testClock();
    const s = sender(clock);
    const queued = await queue(4);
    await resend.down();
    try {
      expect(await s.runOnce()).toMatchObject({ claimed: 4, retrying: 4 });
      expect(app.ctx.mailer.status()).toMatchObject({ lastOutcome: "retryable-error" });
      expect(app.ctx.mailer.status().consecutiveFailures).toBeGreaterThanOrEqual(4);
      expect(await metric("lh_email_outbox_depth")).toBe(4);
      clock.advance(10 * 60_000);
      expect(await s.runOnce()).toMatchObject({ claimed: 4, retrying: 4 });
      for (const q of queued) expect((await row(q.id)).lastError).toContain("network error");
    } finally {
      await resend.up();
    }
    clock.advance(60 * 60_000);
    expect(await s.runOnce()).toMatchObject({ claimed: 4, sent: 4 });
    expect(resend.delivered.map((d) => d.to[0]).sort()).toEqual(queued.map((q) => q.toEmail).sort());
    expect(new Set(resend.delivered.map((d) => d.idempotencyKey)).size).toBe(4);
    for (const q of queued) expect(await row(q.id)).toMatchObject({ status: "sent", attempts: 3 });
    expect(await metric("lh_email_outbox_depth")).toBe(0);
  });

  it("gives up after the attempt limit and marks the email failed", async () => {
    const clock = testClock();
    const s = sender(clock, { maxAttempts: 3 });
    const [queued] = await queue(1);
    resend.fail(503, { times: 5 });
    for (let i = 0; i < 3; i++) {
      await s.runOnce();
      clock.advance(EMAIL_SENDER_DEFAULTS.maxDelayMs);
    }
    const failed = await row(queued.id);
    expect(failed).toMatchObject({ status: "failed", attempts: 3 });
    expect(failed.lastError).toContain("503");
    expect((await s.runOnce()).claimed).toBe(0);
    expect(resend.requests).toHaveLength(3);
  });

  it("two sender loops on one database never send one email twice", async () => {
    const total = 24;
    const queued = await queue(total);
    resend.delayMs = 5; // sends overlap
    // Two instances: each with its own Resend client and loop, sharing only the database.
    const mailers = [0, 1].map(() =>
      createResendMailer(
        { apiKey: resend.apiKey, from: "Little Harvest <orders@littleharvest.test>", baseUrl: resend.url },
        app.ctx,
      ),
    );
    const loops = mailers.map((mailer) =>
      startEmailSender({ ...app.ctx, mailer, appUrl: "http://localhost:3000" }, { batchSize: 3, pollIntervalMs: 5 }),
    );
    try {
      const deadline = Date.now() + 20_000;
      while (resend.delivered.length < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await Promise.all(loops.map((l) => l.stop()));
    }
    expect(resend.delivered).toHaveLength(total);
    // Not merely deduplicated by Resend: each email was requested exactly once.
    expect(resend.requests).toHaveLength(total);
    const perKey = new Map<string, number>();
    for (const r of resend.requests) perKey.set(r.idempotencyKey!, (perKey.get(r.idempotencyKey!) ?? 0) + 1);
    expect([...perKey.values()].every((n) => n === 1)).toBe(true);
    for (const q of queued) expect(await row(q.id)).toMatchObject({ status: "sent", attempts: 1 });
    // Both instances did share the work.
    for (const m of mailers) expect(m.status().lastOutcome).toBe("sent");
  });

  it("a sender killed between claim and send: the row is retried once its lease runs out, not lost", async () => {
    const clock = testClock();
    const [queued] = await queue(1);
    // The first instance claims the email and dies before sending it.
    const claimed = await claimDueEmails(app.ctx.db, clock, { batchSize: 10, leaseMs: EMAIL_SENDER_DEFAULTS.leaseMs });
    expect(claimed.map((c) => c.id)).toEqual([queued.id]);
    expect(await row(queued.id)).toMatchObject({ status: "sending", attempts: 1 });

    const survivor = sender(clock);
    expect((await survivor.runOnce()).claimed).toBe(0); // the lease still holds
    expect(resend.requests).toHaveLength(0);
    clock.advance(EMAIL_SENDER_DEFAULTS.leaseMs + 1);
    expect(await survivor.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(resend.delivered).toHaveLength(1);
    expect(await row(queued.id)).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("stopping the loop mid-batch finishes the email in hand and hands the rest back", async () => {
    const queued = await queue(5);
    resend.delayMs = 100;
    const s = startEmailSender({ ...app.ctx, appUrl: "http://localhost:3000" }, { batchSize: 5 });
    const deadline = Date.now() + 10_000;
    while (resend.requests.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await s.stop();
    const rows = await Promise.all(queued.map((q) => row(q.id)));
    expect(rows.filter((r) => r.status === "sending")).toEqual([]);
    const sent = rows.filter((r) => r.status === "sent").length;
    expect(sent).toBeGreaterThanOrEqual(1);
    expect(sent).toBeLessThan(5);
    // The released ones are due now, with no attempt used up.
    for (const r of rows.filter((x) => x.status === "pending")) expect(r.attempts).toBe(0);
    resend.delayMs = 0;
    const after = sender(testClock());
    expect((await after.runOnce()).sent).toBe(5 - sent);
    expect(resend.delivered).toHaveLength(5);
  });
});
