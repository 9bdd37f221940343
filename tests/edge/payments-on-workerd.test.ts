import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orders, payments } from "~/infra/db/schema";
import type { TestApp } from "../support/app";
import { ADMIN_EMAIL, getAs, postForm, sessionCookieFor, stockOf } from "../support/admin-fixtures";
import {
  enableCard,
  finishOnStandIn,
  openHostedCheckout,
  orderState,
  placeCardOrder,
  postAsPeach,
} from "../support/card-payments";
import { startPeachStandIn, TEST_CARDS, type PeachStandIn } from "../support/peach-stand-in";
import { get, textOf } from "../support/storefront";
import { startEdgeApp, type EdgeApp } from "./worker-harness";
import { until } from "./until";

// Card payments through the BUILT worker in workerd: the Peach adapter, webhooks and the cron's payment jobs run on the
// edge exactly as on Node (the same domain functions), against the Peach stand-in.

let edge: EdgeApp;
let app: TestApp;
let peach: PeachStandIn;
beforeAll(async () => {
  peach = await startPeachStandIn();
  edge = await startEdgeApp({ env: { ...peach.env, METRICS_FLUSH_MS: "0" } });
  app = edge as unknown as TestApp;
  await enableCard(app);
});
afterAll(async () => {
  await edge?.close();
  await peach?.close();
});

const delivered = (email: string, subject: RegExp) =>
  edge.resend.delivered.filter((m) => m.to.includes(email) && subject.test(m.subject));
const scrape = () => edge.scrape();
/** Moves an order and its payment into the past, as if the shopper had left the tab open that long. */
const backdate = async (orderId: number, minutes: number) => {
  const at = new Date(Date.now() - minutes * 60_000);
  await app.ctx.db.update(orders).set({ createdAt: at }).where(eq(orders.id, orderId));
  await app.ctx.db.update(payments).set({ createdAt: at, lastCheckedAt: null }).where(eq(payments.orderId, orderId));
};

describe("card payments on workerd", () => {
  it("a shopper pays by card: paid after the status API confirms, one confirmation email, replays and forgeries change nothing", async () => {
    const { shopper, number, order, meal } = await placeCardOrder(app, 2);
    expect(order.status).toBe("awaiting_payment");
    const checkoutId = await openHostedCheckout(app, shopper, number);
    expect(peach.sessions.get(checkoutId)!.request.amount).toBe((order.totalCents / 100).toFixed(2));

    const back = await finishOnStandIn(peach, checkoutId, { card: TEST_CARDS.pays });
    const returned = await postAsPeach(app, "/webhooks/peach-return", back);
    expect(returned.status).toBe(303);
    expect(returned.headers.get("location")).toBe(`/orders/${number}`);
    expect(await orderState(app, order.id)).toMatchObject({ status: "placed", paymentStatus: "paid", payment: "paid" });
    expect(textOf(await (await get(app, shopper, `/orders/${number}`)).text())).toContain("Card · Paid");
    // Delivered by the worker itself, in waitUntil after the request that queued it.
    const paymentSubject = new RegExp(`Payment received for order ${number}`);
    await until(async () => delivered(shopper.email!, paymentSubject).length > 0, "the payment confirmation delivered");

    const forged = { ...peach.webhookFor(checkoutId), amount: "0.01" };
    expect((await postAsPeach(app, "/webhooks/peach", forged)).status).toBe(401);
    const stock = await stockOf(app, meal.id);
    for (const params of [back, peach.webhookFor(checkoutId), peach.webhookFor(checkoutId)]) {
      expect((await postAsPeach(app, "/webhooks/peach", params)).status).toBe(200);
    }
    await edge.scheduled();
    expect(await orderState(app, order.id)).toMatchObject({ status: "placed", paymentStatus: "paid" });
    expect(await stockOf(app, meal.id)).toBe(stock);
    expect(delivered(shopper.email!, paymentSubject)).toHaveLength(1);
  });

  it("the cron reconciles a payment whose redirect and webhook never came", async () => {
    const { shopper, number, order } = await placeCardOrder(app, 1);
    const checkoutId = await openHostedCheckout(app, shopper, number);
    await finishOnStandIn(peach, checkoutId, { card: TEST_CARDS.pays }); // the shopper closed the tab
    expect((await orderState(app, order.id)).paymentStatus).toBe("unpaid");
    await edge.scheduled();
    expect(await orderState(app, order.id)).toMatchObject({ status: "placed", paymentStatus: "paid" });
  });

  it("the cron releases an order unpaid for 35 minutes: cancelled, stock back, the shopper told", async () => {
    const { shopper, number, order, meal } = await placeCardOrder(app, 2);
    await openHostedCheckout(app, shopper, number); // opened, never paid
    const held = await stockOf(app, meal.id);
    await backdate(order.id, 36);
    await edge.scheduled();
    expect((await orderState(app, order.id)).status).toBe("cancelled");
    expect(await stockOf(app, meal.id)).toBe(held + 2);
    await until(
      async () => delivered(shopper.email!, new RegExp(`Order ${number} cancelled`)).length > 0,
      "the release email delivered",
    );
  });

  it("an admin cancelling a paid order refunds it once: in the stand-in, on the order, in the delivered email", async () => {
    const admin = await sessionCookieFor(app, ADMIN_EMAIL);
    const { shopper, number, order } = await placeCardOrder(app, 1);
    const checkoutId = await openHostedCheckout(app, shopper, number);
    await postAsPeach(app, "/webhooks/peach-return", await finishOnStandIn(peach, checkoutId, { card: TEST_CARDS.pays }));
    expect((await orderState(app, order.id)).paymentStatus).toBe("paid");

    const page = await (await getAs(app, `/admin/orders/${order.id}`, admin)).text();
    const version = /name="version" value="(\d+)"/.exec(page)![1];
    const cancel = { action: "cancel", version, reason: "Kitchen closed for a day" };
    expect((await postForm(app, `/admin/orders/${order.id}`, admin, cancel)).status).toBe(303);
    expect((await postForm(app, `/admin/orders/${order.id}`, admin, cancel)).status).toBe(409);
    await edge.scheduled();

    const paymentId = peach.sessions.get(checkoutId)!.paymentId;
    expect(peach.refunds.filter((r) => r.paymentId === paymentId)).toHaveLength(1);
    expect(await orderState(app, order.id)).toMatchObject({ status: "cancelled", paymentStatus: "refunded" });
    expect(textOf(await (await getAs(app, `/admin/orders/${order.id}`, admin)).text())).toMatch(/Refunded R\d+\.\d{2}/);
    const cancelled = new RegExp(`Order ${number} cancelled`);
    await until(async () => delivered(shopper.email!, cancelled).length > 0, "the cancellation email delivered");
    expect(delivered(shopper.email!, cancelled)[0].text).toMatch(/refund/i);
  });

  it("an amount mismatch leaves the order unpaid; the scrape shows the mismatch and, after an hour, the stuck payment", async () => {
    const { shopper, number, order } = await placeCardOrder(app, 1);
    const checkoutId = await openHostedCheckout(app, shopper, number);
    await finishOnStandIn(peach, checkoutId, { card: TEST_CARDS.pays });
    peach.reportAmount(checkoutId, "1.00");
    expect((await postAsPeach(app, "/webhooks/peach", peach.webhookFor(checkoutId))).status).toBe(200);
    expect(await orderState(app, order.id)).toMatchObject({ status: "awaiting_payment", paymentStatus: "unpaid" });
    await until(async () => /^lh_payment_mismatches_total 1$/m.test(await scrape()), "the mismatch counted in the scrape");

    await backdate(order.id, 61);
    await edge.scheduled(); // samples lh_payments_stuck for every isolate's scrape
    expect(await scrape()).toMatch(/^lh_payments_stuck 1$/m);
  });
});
