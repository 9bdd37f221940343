import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addToCart } from "~/domain/cart.server";
import { placeOrder } from "~/domain/checkout.server";
import { DomainError } from "~/domain/domain-error";
import { transitionOrder } from "~/domain/orders.server";
import { emailOutbox, orderEvents, orders, packs, productVariants } from "~/infra/db/schema";
import { startTestApp, type TestApp } from "../support/app";
import { firstDeliveryDate, get, guest, post, signedInCustomer, textOf, variant, type Shopper } from "../support/storefront";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

const stockOf = async (id: number) =>
  (await app.ctx.db.select({ stock: productVariants.stock }).from(productVariants).where(eq(productVariants.id, id)))[0].stock;

async function orderFor(s: Shopper, slug: string, grams: 130 | 160 | 220, quantity: number) {
  const v = await variant(app, slug, grams);
  await addToCart(app.ctx, { userId: s.userId! }, { variantId: v.id }, quantity);
  return { order: await placeCart(s), variantId: v.id };
}

async function placeCart(s: Shopper) {
  const placed = await placeOrder(app.ctx, {
    user: { id: s.userId!, email: s.email!, name: "Test Parent" },
    checkoutToken: randomUUID(),
    address: {
      recipientName: "Test Parent",
      phone: "0825550123",
      line1: "1 Jan Smuts Ave",
      suburb: "Parktown",
      city: "Johannesburg",
      postalCode: "2193",
    },
    deliveryDate: await firstDeliveryDate(app),
    paymentMethod: "cash_on_delivery",
  });
  const [order] = await app.ctx.db.select().from(orders).where(eq(orders.id, placed.orderId));
  return order;
}

describe(`my orders (${process.env.LH_TEST_DB ?? "pglite"})`, () => {
  it("counts every meal and pack in each order", async () => {
    const s = await signedInCustomer(app);
    const own = async (item: { variantId: number } | { packId: number }, quantity: number) =>
      addToCart(app.ctx, { userId: s.userId! }, item, quantity);
    await own({ variantId: (await variant(app, "cottage-pie", 130)).id }, 2);
    await own({ variantId: (await variant(app, "apple-pear-oat-puree", 130)).id }, 2);
    const four = await placeCart(s);
    const [pack] = await app.ctx.db.select().from(packs).limit(1);
    await own({ variantId: (await variant(app, "cottage-pie", 160)).id }, 2);
    await own({ packId: pack.id }, 1);
    const mealsAndPack = await placeCart(s);

    const list = textOf(await (await get(app, s, "/account/orders")).text());
    expect(list).toMatch(new RegExp(`${four.number} \\S+[^·]*· 4 items`));
    expect(list).toMatch(new RegExp(`${mealsAndPack.number} \\S+[^·]*· 3 items`));
  });
});

describe(`orders belong to their shopper (${process.env.LH_TEST_DB ?? "pglite"})`, () => {
  it("shopper A cannot view or cancel shopper B's order (404), and guests are sent to log in", async () => {
    const a = await signedInCustomer(app);
    const b = await signedInCustomer(app);
    const { order, variantId } = await orderFor(b, "cottage-pie", 130, 2);
    const stock = await stockOf(variantId);

    expect((await get(app, a, `/orders/${order.number}`)).status).toBe(404);
    expect((await post(app, a, `/orders/${order.number}`, { intent: "cancel" })).status).toBe(404);
    expect(textOf(await (await get(app, a, "/account/orders")).text())).not.toContain(order.number);
    const anon = await get(app, guest(), `/orders/${order.number}`);
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toContain("/login?redirectTo=");

    const [still] = await app.ctx.db.select().from(orders).where(eq(orders.id, order.id));
    expect(still.status).toBe("placed");
    expect(await stockOf(variantId)).toBe(stock);
    expect(textOf(await (await get(app, b, `/orders/${order.number}`)).text())).toContain(`Order ${order.number}`);
  });

  it("the shopper cancels before preparing: stock returns, event written, cancellation email queued; not twice", async () => {
    const s = await signedInCustomer(app);
    const { order, variantId } = await orderFor(s, "butternut-mac-cheese", 160, 3);
    const stock = await stockOf(variantId);
    const res = await post(app, s, `/orders/${order.number}`, { intent: "cancel" });
    expect(res.status).toBe(303);
    expect(await stockOf(variantId)).toBe(stock + 3);
    const [after] = await app.ctx.db.select().from(orders).where(eq(orders.id, order.id));
    expect(after).toMatchObject({ status: "cancelled", deliveryStatus: "cancelled", version: order.version + 1 });
    const events = await app.ctx.db.select().from(orderEvents).where(eq(orderEvents.orderId, order.id));
    expect(events.map((e) => e.toValue)).toEqual(["placed", "cancelled", "cancelled"]);
    const mails = await app.ctx.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.idempotencyKey, `order-cancellation:${order.number}`));
    expect(mails).toHaveLength(1);
    expect(textOf(await (await get(app, s, `/orders/${order.number}`)).text())).toContain("Cancelled");

    const again = await post(app, s, `/orders/${order.number}`, { intent: "cancel" });
    expect(again.status).toBe(409);
    expect(await stockOf(variantId)).toBe(stock + 3);
  });

  it("once the kitchen is preparing, the shopper can no longer cancel (409)", async () => {
    const s = await signedInCustomer(app);
    const { order } = await orderFor(s, "cottage-pie", 160, 1);
    const admin = { userId: null, label: "admin:test" };
    const confirmed = await transitionOrder(app.ctx, {
      kind: "status",
      orderId: order.id,
      to: "confirmed",
      expectedVersion: order.version,
      actor: admin,
    });
    await transitionOrder(app.ctx, {
      kind: "status",
      orderId: order.id,
      to: "preparing",
      expectedVersion: confirmed.version,
      actor: admin,
    });
    const res = await post(app, s, `/orders/${order.number}`, { intent: "cancel" });
    expect(res.status).toBe(409);
    expect(textOf(await res.text())).toContain("already being prepared");
  });

  it("transitions follow the written tables and the version: illegal moves and stale views are conflicts", async () => {
    const s = await signedInCustomer(app);
    const { order } = await orderFor(s, "cottage-pie", 220, 1);
    const admin = { userId: null, label: "admin:test" };
    await expect(
      transitionOrder(app.ctx, { kind: "status", orderId: order.id, to: "delivered", actor: admin }),
    ).rejects.toMatchObject({ kind: "conflict" });
    await expect(
      transitionOrder(app.ctx, { kind: "payment", orderId: order.id, to: "refunded", actor: admin }),
    ).rejects.toMatchObject({ kind: "conflict" });
    // Two admins acting on the same view: exactly one wins.
    const results = await Promise.allSettled([
      transitionOrder(app.ctx, {
        kind: "status",
        orderId: order.id,
        to: "confirmed",
        expectedVersion: order.version,
        actor: admin,
      }),
      transitionOrder(app.ctx, {
        kind: "status",
        orderId: order.id,
        to: "cancelled",
        expectedVersion: order.version,
        actor: admin,
        reason: "test",
      }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(DomainError);
    expect(lost.reason).toMatchObject({ kind: "conflict" });
    // Cash collected: paid, with a payment confirmation queued.
    const [now] = await app.ctx.db.select().from(orders).where(eq(orders.id, order.id));
    if (now.status !== "cancelled") {
      await transitionOrder(app.ctx, {
        kind: "payment",
        orderId: order.id,
        to: "paid",
        expectedVersion: now.version,
        actor: admin,
      });
      expect(
        await app.ctx.db
          .select()
          .from(emailOutbox)
          .where(eq(emailOutbox.idempotencyKey, `payment-confirmation:${order.number}`)),
      ).toHaveLength(1);
    }
  });
});
