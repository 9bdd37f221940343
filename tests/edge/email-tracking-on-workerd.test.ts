import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TestApp } from "../support/app";
import { ADMIN_EMAIL, getAs, sessionCookieFor } from "../support/admin-fixtures";
import { orderWithConfirmation, outboxRow, suppressionsOf, trackedCustomer, trackingSnapshot } from "../support/email-tracking";
import { newWebhookSecret } from "../support/resend-stand-in";
import { textOf } from "../support/storefront";
import { startEdgeApp, type EdgeApp } from "./worker-harness";

// Delivery tracking (issue #24) through the BUILT worker in workerd: the Resend stand-in posts Svix-signed webhooks
// to POST /webhooks/resend on the worker, which verifies them with the resend SDK on workerd and writes through Neon.

let edge: EdgeApp;
let app: TestApp; // the shared helpers' view of it (its ctx is a Node context over the same database)
const secret = newWebhookSecret();

beforeAll(async () => {
  edge = await startEdgeApp({ env: { RESEND_WEBHOOK_SECRET: secret } });
  app = edge as unknown as TestApp;
  edge.resend.sendWebhooksTo((request) => edge.handler(request, { address: "203.0.113.88" }), secret);
});
afterAll(() => edge?.close());
beforeEach(() => edge.resend.reset());

/** The worker's Cron Trigger sends what is queued (no loop runs on the edge). */
const sendQueued = () => edge.scheduled();

describe("Resend delivery webhooks on workerd", () => {
  it("delivered → Delivered; a hard bounce marks it, flags the order, suppresses the address and the next email is skipped", async () => {
    const happy = await trackedCustomer(app);
    const unlucky = await trackedCustomer(app);
    edge.resend.bounce(unlucky.email);
    const delivered = await orderWithConfirmation(app, happy.email);
    const bounced = await orderWithConfirmation(app, unlucky.email);
    await sendQueued();
    const posted = await edge.resend.flushWebhooks();
    expect(posted.map((p) => p.status)).toEqual([200, 200, 200, 200]);

    expect((await outboxRow(app, delivered.row.id)).deliveryState).toBe("delivered");
    const row = await outboxRow(app, bounced.row.id);
    expect(row.deliveryState).toBe("bounced");
    expect(row.bounceType).toBe("Permanent/General");
    expect(await suppressionsOf(app, unlucky.email)).toHaveLength(1);

    const admin = await sessionCookieFor(app, ADMIN_EMAIL);
    const orderPage = textOf(await (await getAs(app, `/admin/orders/${bounced.order.orderId}`, admin)).text());
    expect(orderPage).toContain("Call the parent: their email bounced");
    expect(textOf(await (await getAs(app, "/admin", admin)).text())).toContain("Call the parent: their email bounced");

    const accepted = edge.resend.delivered.length;
    const next = await orderWithConfirmation(app, unlucky.email);
    await sendQueued();
    expect((await outboxRow(app, next.row.id)).status).toBe("suppressed");
    expect(edge.resend.delivered).toHaveLength(accepted);
    expect(textOf(await (await getAs(app, "/account", unlucky.cookie)).text())).toContain(
      `Our emails to ${unlucky.email} are not arriving`,
    );
  });

  it("a complaint suppresses the address", async () => {
    const parent = await trackedCustomer(app);
    edge.resend.complain(parent.email);
    const { row } = await orderWithConfirmation(app, parent.email);
    await sendQueued();
    await edge.resend.flushWebhooks();
    expect((await outboxRow(app, row.id)).deliveryState).toBe("complained");
    expect((await suppressionsOf(app, parent.email))[0].reason).toBe("complained");
  });

  it("forged or stale → 401 and no change; a replay → no change; delivered after bounced stays bounced", async () => {
    const parent = await trackedCustomer(app);
    edge.resend.bounce(parent.email);
    const { row } = await orderWithConfirmation(app, parent.email);
    await sendQueued();
    const [sent, bounce] = edge.resend.queuedWebhooks.splice(0);
    const email = edge.resend.delivered.at(-1)!;
    expect((await edge.resend.postWebhook(sent)).status).toBe(200);
    const before = await trackingSnapshot(app, row.id);

    expect((await edge.resend.postWebhook(bounce, { secret: newWebhookSecret() })).status).toBe(401);
    expect((await edge.resend.postWebhook(bounce, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    expect(await trackingSnapshot(app, row.id)).toEqual(before);

    const applied = await edge.resend.postWebhook(bounce);
    expect(applied.status).toBe(200);
    const afterBounce = await trackingSnapshot(app, row.id);
    expect(afterBounce.row.deliveryState).toBe("bounced");

    const replay = await edge.resend.postWebhook(edge.resend.eventFor(email, "email.delivered"), { id: applied.id });
    expect(replay.status).toBe(200);
    expect(await trackingSnapshot(app, row.id)).toEqual(afterBounce);

    expect((await edge.resend.postWebhook(edge.resend.eventFor(email, "email.delivered"))).status).toBe(200);
    expect((await outboxRow(app, row.id)).deliveryState).toBe("bounced");
  });
});
