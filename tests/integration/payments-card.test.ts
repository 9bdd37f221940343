import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { countStuckPayments, reconcilePayments, releaseUnpaidOrders } from "~/domain/payment-jobs.server";
import { getPrepSheet } from "~/domain/prep.server";
import { fixedClock } from "~/infra/clock.server";
import { emailOutbox, orderEvents, paymentEvents, payments } from "~/infra/db/schema";
import { ADMIN_EMAIL, getAs, postForm, sessionCookieFor, stockOf } from "../support/admin-fixtures";
import { startTestApp, type TestApp } from "../support/app";
import {
  enableCard,
  finishOnStandIn,
  formOf,
  openHostedCheckout,
  orderState,
  placeCardOrder,
  postAsPeach,
} from "../support/card-payments";
import { startPeachStandIn, TEST_CARDS, type PeachStandIn } from "../support/peach-stand-in";
import { get, textOf } from "../support/storefront";

// Card payments end to end through the real app and the Peach stand-in: the redirect is never proof of payment, every
// money-moving outcome is confirmed with the (rate-limited) status API, and replays, forgeries, races and late
// payments change nothing they should not.

const clock = fixedClock(new Date("2026-03-02T08:00:00+02:00"));
let app: TestApp;
let peach: PeachStandIn;
let admin: string;
beforeAll(async () => {
  peach = await startPeachStandIn({ now: () => clock.now().getTime() });
  app = await startTestApp({ env: peach.env, clock });
  await enableCard(app);
  admin = await sessionCookieFor(app, ADMIN_EMAIL);
});
afterAll(async () => {
  await app?.close();
  await peach?.close();
});
// Each test starts past every earlier status-API window.
beforeEach(() => clock.advance(5 * 60_000));

const emailsFor = (number: string, template: string) =>
  app.ctx.db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.template, template), like(emailOutbox.idempotencyKey, `%${number}%`)));
const eventsOf = (paymentId: number) => app.ctx.db.select().from(paymentEvents).where(eq(paymentEvents.paymentId, paymentId));
const metric = async (name: string) => {
  const line = (await app.ctx.metrics.metricsText()).split("\n").find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(" ")[1]) : 0;
};

describe(`card payments through Peach (${process.env.LH_TEST_DB ?? "pglite"})`, () => {
  it("holds stock while awaiting payment, shows 'processing' until the status API confirms, then paid with one email; replays change nothing", async () => {
    const { shopper, number, order, payment, meal } = await placeCardOrder(app, 2);
    expect(order.status).toBe("awaiting_payment");
    expect(payment.merchantTransactionId).toMatch(/^[A-Za-z0-9]{16}$/);
    const stockAfterOrder = await stockOf(app, meal.id);
    expect(stockAfterOrder).toBe(meal.stock - 2);
    expect(await emailsFor(number, "order-confirmation")).toHaveLength(0);
    const onPrepSheet = async () =>
      (await getPrepSheet(app.ctx.db, order.deliveryDate)).deliveries.some((d) => d.number === number);
    expect(await onPrepSheet()).toBe(false); // the kitchen does not cook an unpaid card order

    const checkoutId = await openHostedCheckout(app, shopper, number);
    expect(peach.sessions.get(checkoutId)!.request.amount).toBe((order.totalCents / 100).toFixed(2));
    const pending = peach.webhookFor(checkoutId);
    expect((await postAsPeach(app, "/webhooks/peach", pending)).status).toBe(200);
    let page = textOf(await (await get(app, shopper, `/orders/${number}`)).text());
    expect(page).toContain("Payment processing");

    const back = await finishOnStandIn(peach, checkoutId, { card: TEST_CARDS.pays });
    const success = peach.webhookFor(checkoutId);
    const returned = await postAsPeach(app, "/webhooks/peach-return", back);
    expect(returned.status).toBe(303);
    expect(returned.headers.get("location")).toBe(`/orders/${number}`);
    expect(await orderState(app, order.id)).toMatchObject({ status: "placed", paymentStatus: "paid", payment: "paid" });
    expect(await onPrepSheet()).toBe(true);
    page = textOf(await (await get(app, shopper, `/orders/${number}`)).text());
    expect(page).not.toContain("Payment processing");
    expect(page).toContain("Card · Paid");

    // Peach's own webhook for the success, then every delivery again: stored once, nothing moves.
    expect((await postAsPeach(app, "/webhooks/peach", success)).status).toBe(200);
    const statusCalls = peach.statusCalls.length;
    const eventsBefore = (await eventsOf(payment.id)).length;
    for (const params of [pending, back, success, success]) {
      expect((await postAsPeach(app, "/webhooks/peach", params)).status).toBe(200);
    }
    expect((await postAsPeach(app, "/webhooks/peach-return", back)).status).toBe(303);
    expect(await eventsOf(payment.id)).toHaveLength(eventsBefore);
    expect(peach.statusCalls).toHaveLength(statusCalls);
    expect(await orderState(app, order.id)).toMatchObject({ status: "placed", paymentStatus: "paid" });
    expect(await stockOf(app, meal.id)).toBe(stockAfterOrder);
    const confirmations = await emailsFor(number, "payment-confirmation");
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0].payload).toMatchObject({ orderNumber: number, amountCents: order.totalCents, methodLabel: "Card" });
    expect(await app.ctx.db.select().from(payments).where(eq(payments.id, payment.id))).toMatchObject([
      { providerRef: peach.sessions.get(checkoutId)!.paymentId, checkoutId },
    ]);
  });

  it("refuses a forged webhook with 401 and changes nothing", async () => {
    const { shopper, number, order, payment } = await placeCardOrder(app, 1);
    const checkoutId = await openHostedCheckout(app, shopper, number);
    const genuine = peach.webhookFor(checkoutId, "successful");
    const forgeries = [
      { ...genuine, amount: "0.01" }, // tampered after signing
      { ...genuine, signature: "0".repeat(64) },
      Object.fromEntries(Object.entries(genuine).filter(([k]) => k !== "signature")),
    ];
    for (const forged of forgeries) {
      const res = await postAsPeach(app, "/webhooks/peach", forged);
      expect(res.status).toBe(401);
    }
    expect((await postAsPeach(app, "/webhooks/peach-return", forgeries[0])).status).toBe(400);
    expect(await eventsOf(payment.id)).toHaveLength(0);
    expect(peach.statusCalls.filter((c) => c.checkoutId === checkoutId)).toHaveLength(0);
    expect(await orderState(app, order.id)).toMatchObject({ status: "awaiting_payment", payment: "unpaid" });
  });

  it("one notification replayed in other letter cases is one payment event (issue 22, finding 2)", async () => {
    const { shopper, number, payment } = await placeCardOrder(app, 1);
    const checkoutId = await openHostedCheckout(app, shopper, number);
    const pending = peach.webhookFor(checkoutId);
    const sig = pending.signature;
    // 20 spellings of the same hex signature: each letter a–f upper- or lower-cased by the bits of i.
    const variants = Array.from({ length: 20 }, (_, i) => {
      let bit = 0;
      return sig.replace(/[a-f]/g, (c) => ((i >> (bit++ % 5)) & 1 ? c.toUpperCase() : c));
    });
    expect(new Set(variants).size).toBe(20);
    for (const signature of variants) {
      expect((await postAsPeach(app, "/webhooks/peach", { ...pending, signature })).status).toBe(200);
    }
    expect(await eventsOf(payment.id)).toHaveLength(1);
  });

  it("the shopper's own signed checkout form posted back as a webhook is refused and changes nothing (issue 22, finding 2)", async () => {
    const { shopper, number, order, payment } = await placeCardOrder(app, 1);
    const page = await get(app, shopper, `/orders/${number}/pay`);
    const { fields } = formOf(await page.text());
    expect(fields.signature).toMatch(/^[0-9a-f]{64}$/); // signed with the same secret as Peach's notifications
    for (const path of ["/webhooks/peach", "/webhooks/peach-return"]) {
      const res = await postAsPeach(app, path, fields);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
    }
    expect(await eventsOf(payment.id)).toHaveLength(0);
    expect(await orderState(app, order.id)).toMatchObject({ status: "awaiting_payment", payment: "unpaid" });
  });

  it("keeps the order unpaid when the status API reports another amount, and raises the mismatch metric", async () => {
    const before = await metric("lh_payment_mismatches_total");
    const { shopper, number, order, payment } = await placeCardOrder(app, 1);
    const checkoutId = await openHostedCheckout(app, shopper, number);
    await finishOnStandIn(peach, checkoutId, { card: TEST_CARDS.pays });
    peach.reportAmount(checkoutId, "1.00");
    expect((await postAsPeach(app, "/webhooks/peach", peach.webhookFor(checkoutId))).status).toBe(200);

    expect(await orderState(app, order.id)).toMatchObject({ status: "awaiting_payment", paymentStatus: "unpaid" });
    const [row] = await app.ctx.db.select().from(payments).where(eq(payments.id, payment.id));
    expect(row.mismatch).toMatch(/R1\.00/);
    expect(await metric("lh_payment_mismatches_total")).toBe(before + 1);
    expect(await emailsFor(number, "payment-confirmation")).toHaveLength(0);
    // The release job leaves it for a person; the back office lists it.
    clock.advance(40 * 60_000);
    await releaseUnpaidOrders(app.ctx);
    expect((await orderState(app, order.id)).status).toBe("awaiting_payment");
    const system = await (await getAs(app, "/admin/system", admin)).text();
    expect(textOf(system)).toContain(number);
    // An hour on it counts as stuck (lh_payments_stuck, alert LHPaymentsStuck).
    const stuckBefore = await countStuckPayments(app.ctx.db, clock.now());
    clock.advance(25 * 60_000);
    expect(await countStuckPayments(app.ctx.db, clock.now())).toBeGreaterThan(stuckBefore);
  });

  it("a declined card cancels the order, returns the stock and emails the shopper; a late 'pending' webhook changes nothing", async () => {
    const { shopper, number, order, meal } = await placeCardOrder(app, 3);
    const held = await stockOf(app, meal.id);
    const checkoutId = await openHostedCheckout(app, shopper, number);
    const pending = peach.webhookFor(checkoutId);
    const back = await finishOnStandIn(peach, checkoutId, { card: TEST_CARDS.declined });
    expect((await postAsPeach(app, "/webhooks/peach", peach.webhookFor(checkoutId))).status).toBe(200);
    expect(await orderState(app, order.id)).toMatchObject({ status: "cancelled", paymentStatus: "failed", payment: "failed" });
    expect(await stockOf(app, meal.id)).toBe(held + 3);
    const [cancellation] = await emailsFor(number, "order-cancellation");
    expect(cancellation.payload).toMatchObject({ refundCents: null });
    expect((cancellation.payload as { reason: string }).reason).toMatch(/did not go through/);

    // Out of order: the earlier 'pending' arrives after the outcome, then the shopper's redirect.
    expect((await postAsPeach(app, "/webhooks/peach", pending)).status).toBe(200);
    expect((await postAsPeach(app, "/webhooks/peach-return", back)).status).toBe(303);
    expect(await orderState(app, order.id)).toMatchObject({ status: "cancelled", payment: "failed" });
    expect(await stockOf(app, meal.id)).toBe(held + 3);
  });

  it("two webhooks for one payment at once make one payment, one status call and one email", async () => {
    const { shopper, number, order } = await placeCardOrder(app, 1);
    const checkoutId = await openHostedCheckout(app, shopper, number);
    const back = await finishOnStandIn(peach, checkoutId, { card: TEST_CARDS.pays });
    clock.advance(1_000);
    const webhook = peach.webhookFor(checkoutId);
    const answers = await Promise.all([
      postAsPeach(app, "/webhooks/peach", webhook),
      postAsPeach(app, "/webhooks/peach", webhook),
      postAsPeach(app, "/webhooks/peach-return", back),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 303]);
    expect(await orderState(app, order.id)).toMatchObject({ status: "placed", paymentStatus: "paid" });
    expect(peach.statusCalls.filter((c) => c.checkoutId === checkoutId)).toEqual([{ checkoutId, status: 200 }]);
    expect(await emailsFor(number, "payment-confirmation")).toHaveLength(1);
    const paid = await app.ctx.db
      .select()
      .from(orderEvents)
      .where(and(eq(orderEvents.orderId, order.id), eq(orderEvents.toValue, "paid")));
    expect(paid).toHaveLength(1);
  });

  it("reconciles a payment whose webhook never came, within the status API's rate limit", async () => {
    const { shopper, number, order } = await placeCardOrder(app, 1);
    const checkoutId = await openHostedCheckout(app, shopper, number);
    await finishOnStandIn(peach, checkoutId, { card: TEST_CARDS.pays }); // shopper closed the tab: no redirect, no webhook
    clock.advance(2 * 60_000);
    await reconcilePayments(app.ctx);
    expect(await orderState(app, order.id)).toMatchObject({ status: "placed", paymentStatus: "paid" });
    await reconcilePayments(app.ctx);
    expect(peach.statusCalls.filter((c) => c.checkoutId === checkoutId && c.status === 429)).toHaveLength(0);
  });

  it("releases an unpaid order after 35 minutes; a payment that succeeds after that is refunded in full (ADR 010)", async () => {
    const { shopper, number, order, meal } = await placeCardOrder(app, 2);
    const held = await stockOf(app, meal.id);
    const checkoutId = await openHostedCheckout(app, shopper, number);
    clock.advance(34 * 60_000);
    expect(await releaseUnpaidOrders(app.ctx)).toMatchObject({ released: 0 });
    clock.advance(2 * 60_000);
    expect(await releaseUnpaidOrders(app.ctx)).toMatchObject({ released: 1 });
    expect(await orderState(app, order.id)).toMatchObject({ status: "cancelled", payment: "failed" });
    expect(await stockOf(app, meal.id)).toBe(held + 2);
    expect((await emailsFor(number, "order-cancellation"))[0].payload).toMatchObject({ refundCents: null });

    // Peach settles the payment late and says so.
    peach.settle(checkoutId, "successful");
    clock.advance(60_000);
    expect((await postAsPeach(app, "/webhooks/peach", peach.webhookFor(checkoutId))).status).toBe(200);
    const paymentId = peach.sessions.get(checkoutId)!.paymentId;
    expect(peach.refunds.filter((r) => r.paymentId === paymentId)).toEqual([
      expect.objectContaining({ amount: (order.totalCents / 100).toFixed(2) }),
    ]);
    expect(await orderState(app, order.id)).toMatchObject({
      status: "cancelled",
      paymentStatus: "refunded",
      payment: "refunded",
      refunded: order.totalCents,
    });
    expect(await stockOf(app, meal.id)).toBe(held + 2);
    const emails = await emailsFor(number, "order-cancellation");
    expect(emails).toHaveLength(2);
    expect(emails[1].payload).toMatchObject({ refundCents: order.totalCents });
  });

  it("an admin cancelling a paid order refunds it once: in the stand-in, on the order, in the email", async () => {
    const { shopper, number, order } = await placeCardOrder(app, 1);
    const checkoutId = await openHostedCheckout(app, shopper, number);
    await postAsPeach(app, "/webhooks/peach-return", await finishOnStandIn(peach, checkoutId, { card: TEST_CARDS.pays }));
    expect((await orderState(app, order.id)).paymentStatus).toBe("paid");

    const page = await (await getAs(app, `/admin/orders/${order.id}`, admin)).text();
    const version = /name="version" value="(\d+)"/.exec(page)![1];
    const cancel = { action: "cancel", version, reason: "Kitchen closed for a day" };
    expect((await postForm(app, `/admin/orders/${order.id}`, admin, cancel)).status).toBe(303);
    expect((await postForm(app, `/admin/orders/${order.id}`, admin, cancel)).status).toBe(409);

    const paymentId = peach.sessions.get(checkoutId)!.paymentId;
    expect(peach.refunds.filter((r) => r.paymentId === paymentId)).toHaveLength(1);
    expect(await orderState(app, order.id)).toMatchObject({
      status: "cancelled",
      paymentStatus: "refunded",
      refunded: order.totalCents,
    });
    const [email] = await emailsFor(number, "order-cancellation");
    expect(email.payload).toMatchObject({ refundCents: order.totalCents, reason: "Kitchen closed for a day" });
    const after = textOf(await (await getAs(app, `/admin/orders/${order.id}`, admin)).text());
    expect(after).toMatch(/Refunded R\d+\.\d{2}/);
    expect(after).toContain("refund requested");
    expect(after).toContain("refunded");
    // The reconcile job sees nothing owed.
    await reconcilePayments(app.ctx);
    expect(peach.refunds.filter((r) => r.paymentId === paymentId)).toHaveLength(1);
  });

  it("an admin refunds part of a paid order: one refund per form, never more than was paid, the rest on cancelling", async () => {
    const { shopper, number, order } = await placeCardOrder(app, 2);
    const checkoutId = await openHostedCheckout(app, shopper, number);
    await postAsPeach(app, "/webhooks/peach-return", await finishOnStandIn(peach, checkoutId, { card: TEST_CARDS.pays }));
    const paymentId = peach.sessions.get(checkoutId)!.paymentId;
    const refundKey = async () =>
      /name="refundKey" value="([^"]+)"/.exec(await (await getAs(app, `/admin/orders/${order.id}`, admin)).text())![1];
    const refund = (fields: Record<string, string>) =>
      postForm(app, `/admin/orders/${order.id}`, admin, { intent: "refund", ...fields });

    const key = await refundKey();
    expect((await refund({ amount: "10.00", refundKey: key })).status).toBe(303);
    expect((await refund({ amount: "10.00", refundKey: key })).status).toBe(303); // the same form again
    expect(peach.refunds.filter((r) => r.paymentId === paymentId).map((r) => r.amount)).toEqual(["10.00"]);
    expect(await orderState(app, order.id)).toMatchObject({ status: "placed", paymentStatus: "paid", refunded: 1000 });

    const tooMuch = await refund({ amount: (order.totalCents / 100).toFixed(2), refundKey: await refundKey() });
    expect(tooMuch.status).toBe(409);
    expect(textOf(await tooMuch.text())).toContain(
      `At most R${((order.totalCents - 1000) / 100).toFixed(2)} can still be refunded`,
    );
    expect((await refund({ amount: "abc", refundKey: await refundKey() })).status).toBe(400);
    expect(peach.refunds.filter((r) => r.paymentId === paymentId)).toHaveLength(1);

    const page = await (await getAs(app, `/admin/orders/${order.id}`, admin)).text();
    const version = /name="version" value="(\d+)"/.exec(page)![1];
    expect(
      (await postForm(app, `/admin/orders/${order.id}`, admin, { action: "cancel", version, reason: "Out of stock" })).status,
    ).toBe(303);
    expect(peach.refunds.filter((r) => r.paymentId === paymentId).map((r) => r.amount)).toEqual([
      "10.00",
      ((order.totalCents - 1000) / 100).toFixed(2),
    ]);
    expect(await orderState(app, order.id)).toMatchObject({ paymentStatus: "refunded", refunded: order.totalCents });
    const [email] = await emailsFor(number, "order-cancellation");
    expect(email.payload).toMatchObject({ refundCents: order.totalCents - 1000 });
  });
});
