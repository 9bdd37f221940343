import { eq } from "drizzle-orm";
import { Resend } from "resend";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createEmailSender } from "~/domain/email-sender.server";
import { fixedClock } from "~/infra/clock.server";
import { emailSuppressions, emailWebhookEvents, users } from "~/infra/db/schema";
import { startTestApp, type TestApp } from "../support/app";
import { ADMIN_EMAIL, getAs, postForm, sessionCookieFor } from "../support/admin-fixtures";
import { newWebhookSecret, startResendStandIn, type ResendStandIn } from "../support/resend-stand-in";
import { get, guest, post, signedInCustomer, textOf } from "../support/storefront";
import { lastEmail, linkPath } from "../support/accounts";
import { orderWithConfirmation, outboxRow, suppressionsOf, trackedCustomer, trackingSnapshot } from "../support/email-tracking";

// Delivery tracking (issue #24) on Node: the Resend stand-in accepts the mail and posts Svix-signed webhooks to the
// real app, exactly as Resend does; the outbox rows, the suppression list and the pages are what change.

let resend: ResendStandIn;
let app: TestApp;
const secret = newWebhookSecret();
// The app's own clock: wall time, moved ahead by tests that need a webhook to be late.
const clock = fixedClock(new Date());

beforeAll(async () => {
  resend = await startResendStandIn();
  app = await startTestApp({
    env: { RESEND_API_KEY: resend.apiKey, RESEND_BASE_URL: resend.url, RESEND_WEBHOOK_SECRET: secret },
    clock,
  });
  resend.sendWebhooksTo((request) => app.handler(request, { address: "203.0.113.77" }), secret);
});
afterAll(async () => {
  await app?.close();
  await resend?.close();
});
beforeEach(() => {
  resend.reset();
  clock.set(new Date());
});

/** One round of the outbox sender, a little ahead of the database's own now() so fresh rows are due. */
async function sendQueued() {
  const senderClock = fixedClock(new Date(Date.now() + 5_000));
  return createEmailSender({ ...app.ctx, clock: senderClock, appUrl: "http://localhost:3000" }).runOnce();
}

async function metric(series: string) {
  const line = (await app.ctx.metrics.metricsText()).split("\n").find((l) => l.startsWith(series));
  return line ? Number(line.split(" ").pop()) : 0;
}

describe(`Resend delivery webhooks (${process.env.LH_TEST_DB ?? "pglite"})`, () => {
  it("the stand-in signs exactly as Resend: its delivery verifies with the resend SDK's own verifier", async () => {
    const captured: Request[] = [];
    resend.sendWebhooksTo(async (request) => {
      captured.push(request);
      return new Response("ok");
    }, secret);
    try {
      const event = resend.eventFor(
        {
          id: "4ef9a417-02e9-4d39-ad75-9611e0fcc33c",
          from: "a@b.co",
          to: ["x@example.com"],
          subject: "Hi",
          html: "",
          text: "",
          idempotencyKey: null,
        },
        "email.delivered",
      );
      await resend.postWebhook(event);
      const [request] = captured;
      const body = await request.text();
      const verified = new Resend("re_unused").webhooks.verify({
        payload: body,
        headers: {
          id: request.headers.get("svix-id")!,
          timestamp: request.headers.get("svix-timestamp")!,
          signature: request.headers.get("svix-signature")!,
        },
        webhookSecret: secret,
      });
      expect(verified).toEqual(event);
      expect(request.headers.get("svix-id")).toMatch(/^msg_/);
      expect(request.headers.get("svix-signature")).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      // …and a different secret does not verify it.
      expect(() =>
        new Resend("re_unused").webhooks.verify({
          payload: body,
          headers: {
            id: request.headers.get("svix-id")!,
            timestamp: request.headers.get("svix-timestamp")!,
            signature: request.headers.get("svix-signature")!,
          },
          webhookSecret: newWebhookSecret(),
        }),
      ).toThrow();
    } finally {
      resend.sendWebhooksTo((request) => app.handler(request, { address: "203.0.113.77" }), secret);
    }
  });

  it("a delivered email reaches Delivered, on the admin's emails page and the order page", async () => {
    const parent = await trackedCustomer(app);
    const { order, row } = await orderWithConfirmation(app, parent.email);
    await sendQueued();
    const posted = await resend.flushWebhooks();
    expect(posted.map((p) => [p.type, p.status])).toEqual([
      ["email.sent", 200],
      ["email.delivered", 200],
    ]);
    const after = await outboxRow(app, row.id);
    expect(after.deliveryState).toBe("delivered");
    expect(after.deliveryStateAt).not.toBeNull();

    const admin = await sessionCookieFor(app, ADMIN_EMAIL);
    const list = textOf(await (await getAs(app, "/admin/emails?delivery=delivered", admin)).text());
    expect(list).toContain(parent.email);
    expect(list).toContain("Delivered");
    const orderPage = textOf(await (await getAs(app, `/admin/orders/${order.orderId}`, admin)).text());
    expect(orderPage).toMatch(/order-confirmation\s*Delivered/);
    expect(orderPage).not.toContain("their email bounced");
  });

  it("a hard bounce marks the email, flags the order and the dashboard, suppresses the address, and the next email is skipped", async () => {
    const parent = await trackedCustomer(app);
    resend.bounce(parent.email);
    const bouncesBefore = await metric('lh_email_events_total{event="bounced"}');
    const { order, row } = await orderWithConfirmation(app, parent.email);
    await sendQueued();
    await resend.flushWebhooks();

    const bounced = await outboxRow(app, row.id);
    expect(bounced.deliveryState).toBe("bounced");
    expect(bounced.bounceType).toBe("Permanent/General");
    expect(bounced.bounceReason).toMatch(/does not exist/);
    expect(await metric('lh_email_events_total{event="bounced"}')).toBe(bouncesBefore + 1);

    const admin = await sessionCookieFor(app, ADMIN_EMAIL);
    const orderPage = textOf(await (await getAs(app, `/admin/orders/${order.orderId}`, admin)).text());
    expect(orderPage).toContain("Call the parent: their email bounced");
    expect(orderPage).toMatch(/order-confirmation\s*Bounced/);
    const dashboard = await (await getAs(app, "/admin", admin)).text();
    expect(textOf(dashboard)).toContain("Call the parent: their email bounced");
    expect(dashboard).toContain(`/admin/orders/${order.orderId}`);
    const bouncedList = textOf(await (await getAs(app, "/admin/emails?delivery=bounced", admin)).text());
    expect(bouncedList).toContain("does not exist");

    // The next email to that address is not handed to Resend, and is not retried.
    const accepted = resend.delivered.length;
    const second = await orderWithConfirmation(app, parent.email);
    const round = await sendQueued();
    expect(round.suppressed).toBe(1);
    expect(resend.delivered).toHaveLength(accepted);
    const skipped = await outboxRow(app, second.row.id);
    expect(skipped.status).toBe("suppressed");
    expect(skipped.lastError).toMatch(/hard-bounced/);
    expect((await sendQueued()).claimed).toBe(0);

    // The parent sees why on their account page, and can change the address.
    const account = textOf(await (await getAs(app, "/account", parent.cookie)).text());
    expect(account).toContain(`Our emails to ${parent.email} are not arriving`);
  });

  it("a soft (Transient) bounce marks the email but does not suppress the address", async () => {
    const parent = await trackedCustomer(app);
    resend.bounce(parent.email, { type: "Transient", subType: "MailboxFull", message: "Mailbox full" });
    const { row } = await orderWithConfirmation(app, parent.email);
    await sendQueued();
    await resend.flushWebhooks();
    expect((await outboxRow(app, row.id)).deliveryState).toBe("bounced");
    expect(await suppressionsOf(app, parent.email)).toEqual([]);
  });

  it("a complaint suppresses the address; a delay shows as Delayed", async () => {
    const complainer = await trackedCustomer(app);
    resend.complain(complainer.email);
    const slow = await trackedCustomer(app);
    resend.delay(slow.email);
    const complained = await orderWithConfirmation(app, complainer.email);
    const delayed = await orderWithConfirmation(app, slow.email);
    await sendQueued();
    await resend.flushWebhooks();
    expect((await outboxRow(app, complained.row.id)).deliveryState).toBe("complained");
    expect((await outboxRow(app, delayed.row.id)).deliveryState).toBe("delayed");
    const [suppression] = await suppressionsOf(app, complainer.email);
    expect(suppression.reason).toBe("complained");
    const account = textOf(await (await getAs(app, "/account", complainer.cookie)).text());
    expect(account).toContain("marked as spam");
  });

  it("forged or stale webhooks get 401 and change nothing", async () => {
    const parent = await trackedCustomer(app);
    resend.bounce(parent.email);
    const { row } = await orderWithConfirmation(app, parent.email);
    await sendQueued();
    const [sent, bounce] = resend.queuedWebhooks.splice(0);
    expect((await resend.postWebhook(sent)).status).toBe(200);
    const before = await trackingSnapshot(app, row.id);

    expect((await resend.postWebhook(bounce, { secret: newWebhookSecret() })).status).toBe(401);
    const tampered = JSON.stringify({ ...bounce, type: "email.complained" });
    expect((await resend.postWebhook(bounce, { bodyOverride: tampered })).status).toBe(401);
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await resend.postWebhook(bounce, { timestamp: sixMinutesAgo })).status).toBe(401);
    // Stale by the app's injected clock, though fresh by the wall clock.
    clock.set(new Date(Date.now() + 6 * 60_000));
    expect((await resend.postWebhook(bounce)).status).toBe(401);
    clock.set(new Date());
    const noHeaders = await app.request("/webhooks/resend", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(bounce),
    });
    expect(noHeaders.status).toBe(401);

    expect(await trackingSnapshot(app, row.id)).toEqual(before);
    expect(before.row.deliveryState).toBe("sent");
  });

  it("a replayed delivery (same svix-id) changes nothing, and an out-of-order delivered after bounced stays bounced", async () => {
    const parent = await trackedCustomer(app);
    resend.bounce(parent.email);
    const { row } = await orderWithConfirmation(app, parent.email);
    await sendQueued();
    const [sentEvent, bounceEvent] = resend.queuedWebhooks.splice(0);
    const email = resend.delivered.at(-1)!;
    await resend.postWebhook(sentEvent);
    const bounce = await resend.postWebhook(bounceEvent);
    expect(bounce.status).toBe(200);
    const afterBounce = await trackingSnapshot(app, row.id);

    // Svix retries and replays carry the same id: acknowledged, ignored.
    const replay = await resend.postWebhook(resend.eventFor(email, "email.delivered"), { id: bounce.id });
    expect(replay.status).toBe(200);
    expect(await trackingSnapshot(app, row.id)).toEqual(afterBounce);

    // A delivered event that arrives late (fresh id) never un-bounces.
    const late = await resend.postWebhook(resend.eventFor(email, "email.delivered"));
    expect(late.status).toBe(200);
    const row2 = await outboxRow(app, row.id);
    expect(row2.deliveryState).toBe("bounced");
    expect(row2.bounceType).toBe("Permanent/General");
  });

  it("events for unknown messages and opens/clicks are acknowledged and ignored", async () => {
    const stranger = resend.eventFor(
      {
        id: "00000000-0000-4000-8000-000000000000",
        from: "a@b.co",
        to: ["who@example.com"],
        subject: "?",
        html: "",
        text: "",
        idempotencyKey: null,
      },
      "email.bounced",
    );
    expect((await resend.postWebhook(stranger)).status).toBe(200);
    const opened = { ...stranger, type: "email.opened" } as unknown as typeof stranger;
    expect((await resend.postWebhook(opened)).status).toBe(200);
    expect(await suppressionsOf(app, "who@example.com")).toEqual([]);
  });

  it("the webhook is exempt from the origin check but not from the body limit", async () => {
    const big = await app.request("/webhooks/resend", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ type: "email.sent", pad: "x".repeat(100_000) }),
    });
    expect(big.status).toBe(413);
    const crossOrigin = await app.request("/webhooks/resend", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: "{}",
    });
    expect(crossOrigin.status).toBe(401); // reached the route: refused for its signature, not its origin
  });

  it("'Send a test email' queues a delivery test to the admin's own address, which then shows its delivery state", async () => {
    const admin = await sessionCookieFor(app, ADMIN_EMAIL);
    const res = await postForm(app, "/admin/emails", admin, { intent: "test" });
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    expect(location).toMatch(/tested=\d+/);
    const notice = textOf(await (await getAs(app, location, admin)).text());
    expect(notice).toContain(`on its way to ${ADMIN_EMAIL}`);
    await sendQueued();
    expect(resend.delivered.at(-1)!.to).toEqual([ADMIN_EMAIL]);
    expect(resend.delivered.at(-1)!.subject).toBe("Little Harvest test email");
    await resend.flushWebhooks();
    const id = Number(new URL(location, "http://x").searchParams.get("tested"));
    expect((await outboxRow(app, id)).deliveryState).toBe("delivered");
  });
});

describe("readiness watches the webhook", () => {
  const webhookCheck = async () => {
    const res = await app.request("/api/system-status");
    expect(res.status).toBe(200);
    return (await res.json()).checks["email:webhook"][0];
  };

  it("warns when emails went out but Resend has been silent for 24 hours, and passes again once it reports", async () => {
    await app.ctx.db.delete(emailWebhookEvents);
    const parent = await trackedCustomer(app);
    await orderWithConfirmation(app, parent.email);
    await sendQueued();
    resend.queuedWebhooks.splice(0); // the webhook is broken: nothing arrives
    expect((await webhookCheck()).status).toBe("pass"); // sent moments ago: no news yet is normal
    clock.set(new Date(Date.now() + 25 * 60 * 60_000));
    const silent = await webhookCheck();
    expect(silent.status).toBe("warn");
    expect(silent.output).toContain("no delivery events from Resend");
    expect(JSON.stringify(silent)).not.toContain(parent.email);

    // Tracking works again: the events arrive (after the send, which the sender's clock put 5 s ahead).
    clock.set(new Date());
    const other = await trackedCustomer(app);
    await orderWithConfirmation(app, other.email);
    await sendQueued();
    clock.set(new Date(Date.now() + 10_000));
    await resend.flushWebhooks();
    clock.set(new Date(Date.now() + 25 * 60 * 60_000));
    expect((await webhookCheck()).status).toBe("pass");
  });
});

describe("a suppressed address, from the parent's side", () => {
  /** A signed-in parent whose address hard-bounced our order confirmation. */
  async function bouncedParent() {
    const shopper = await signedInCustomer(app);
    resend.bounce(shopper.email!);
    await orderWithConfirmation(app, shopper.email!);
    await sendQueued();
    await resend.flushWebhooks();
    return shopper;
  }

  it("changing the address lifts the suppression: the link goes to the new address and the notice goes once it is opened", async () => {
    const shopper = await bouncedParent();
    const oldEmail = shopper.email!;
    // The same bad address again is refused with a reason, not a promise of a link.
    const same = await post(app, shopper, "/account", { intent: "email", newEmail: oldEmail });
    expect(same.status).toBe(400);
    // So is another address that bounced before (no account uses it).
    const bad = `bounced-${oldEmail}`;
    await app.ctx.db.insert(emailSuppressions).values({ email: bad, reason: "bounced" });
    const suppressedElsewhere = await post(app, shopper, "/account", { intent: "email", newEmail: bad });
    expect(suppressedElsewhere.status).toBe(400);
    expect(textOf(await suppressedElsewhere.text())).toContain("bounced or were marked as spam");

    const newEmail = `fixed-${oldEmail}`;
    const changed = await post(app, shopper, "/account", { intent: "email", newEmail });
    expect(changed.status).toBe(303);
    const link = await lastEmail(app, newEmail, "verify-email");
    expect(link).toBeDefined();
    const accepted = resend.delivered.length;
    await sendQueued();
    expect(resend.delivered.slice(accepted).map((m) => m.to)).toEqual([[newEmail]]);

    expect((await get(app, shopper, linkPath(link!.payload.verifyUrl))).status).toBe(200);
    const account = textOf(await (await get(app, shopper, "/account")).text());
    expect(account).toContain(newEmail);
    expect(account).not.toContain("are not arriving");
    // Mail to the account flows again.
    const { row } = await orderWithConfirmation(app, newEmail);
    await sendQueued();
    expect((await outboxRow(app, row.id)).status).toBe("sent");
  });

  it("'send the link again' does not pretend a link is on its way to a suppressed address", async () => {
    const shopper = await bouncedParent();
    await app.ctx.db.update(users).set({ emailVerifiedAt: null }).where(eq(users.id, shopper.userId!));
    const res = await post(app, shopper, "/account", { intent: "resend-verification" });
    expect(res.status).toBe(303);
    const page = textOf(await (await get(app, shopper, res.headers.get("location")!)).text());
    expect(page).not.toContain("We've sent you a new confirmation link");
    expect(page).toContain("are not arriving");
    expect(await lastEmail(app, shopper.email!, "verify-email")).toBeUndefined();
  });

  it("forgot password tells a suppressed address what to do — the same words with or without an account", async () => {
    const shopper = await bouncedParent();
    // An address with no account that also bounced (say, the old address of a parent who changed it).
    const noAccount = "gone-away@example.com";
    await app.ctx.db.insert(emailSuppressions).values({ email: noAccount, reason: "bounced" });
    const ask = async (email: string) => {
      const res = await post(app, guest(), "/forgot-password", { email });
      expect(res.status).toBe(200);
      return textOf(await res.text()).replaceAll(email, "<email>");
    };
    const withAccount = await ask(shopper.email!);
    expect(withAccount).toContain("We can't email a reset link to that address");
    expect(withAccount).not.toContain("we've emailed a link");
    expect(await ask(noAccount)).toEqual(withAccount);
    expect(await ask("fine@example.com")).toContain("we've emailed a link");
  });
});
