import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addToCart } from "~/domain/cart.server";
import { getCheckoutPage } from "~/domain/checkout-page.server";
import {
  addresses,
  cartItems,
  emailOutbox,
  orderEvents,
  orderItems,
  orders,
  packItems,
  packs,
  payments,
  productVariants,
} from "~/infra/db/schema";
import { startTestApp, type TestApp } from "../support/app";
import { enableCard } from "../support/card-payments";
import { checkoutFields, get, post, setStock, signedInCustomer, textOf, variant } from "../support/storefront";

let app: TestApp;
// pg warns (and pg 9 throws) when one connection is asked to run two queries at once — e.g. inside a transaction.
const processWarnings: string[] = [];
const onWarning = (w: Error) => processWarnings.push(w.message);
beforeAll(async () => {
  process.on("warning", onWarning);
  app = await startTestApp();
});
afterAll(() => {
  process.off("warning", onWarning);
  return app?.close();
});

const stockOf = async (id: number) =>
  (await app.ctx.db.select({ stock: productVariants.stock }).from(productVariants).where(eq(productVariants.id, id)))[0].stock;

describe(`checkout (${process.env.LH_TEST_DB ?? "pglite"})`, () => {
  it("the checkout page's data: nothing for an empty cart; the cart, open days, enabled methods and the saved address", async () => {
    const s = await signedInCustomer(app);
    expect(await getCheckoutPage(app.ctx, s.userId!)).toBeNull();
    const meal = await variant(app, "turkey-rice-broccoli", 130);
    await addToCart(app.ctx, { userId: s.userId! }, { variantId: meal.id }, 2);
    await app.ctx.db.insert(addresses).values([
      {
        userId: s.userId!,
        label: "Work",
        recipientName: "Office",
        phone: "0115550000",
        line1: "1 Jan Smuts Ave",
        suburb: "Rosebank",
        city: "Johannesburg",
        postalCode: "2196",
        isDefault: false,
      },
      {
        userId: s.userId!,
        label: "Home",
        recipientName: "Thandi",
        phone: "0825550123",
        line1: "12 Oak St",
        suburb: "Parkview",
        city: "Johannesburg",
        postalCode: "2193",
        isDefault: true,
      },
    ]);
    const page = await getCheckoutPage(app.ctx, s.userId!);
    expect(page!.cart.lines.map((l) => l.quantity)).toEqual([2]);
    expect(page!.address).toMatchObject({ recipientName: "Thandi", postalCode: "2193", line2: "", instructions: "" });
    expect(page!.hasSavedAddress).toBe(true);
    expect(page!.paymentMethods.map((m) => m.code)).toEqual(["cash_on_delivery"]); // card needs Peach configured
    expect(page!.deliveryDates.length).toBeGreaterThan(0);
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Africa/Johannesburg" }).format(app.ctx.clock.now());
    for (const d of page!.deliveryDates) expect(d > today).toBe(true);
  });

  it("places one order: stock taken (a pack from each of its meals), snapshot, event, payment, email, empty cart", async () => {
    const s = await signedInCustomer(app);
    const meal = await variant(app, "chicken-sweet-potato-carrot", 130);
    const [pack] = await app.ctx.db.select().from(packs).where(eq(packs.slug, "weekly-stage-pack-6-8m"));
    const parts = await app.ctx.db.select().from(packItems).where(eq(packItems.packId, pack.id));
    await addToCart(app.ctx, { userId: s.userId! }, { variantId: meal.id }, 2);
    await addToCart(app.ctx, { userId: s.userId! }, { packId: pack.id }, 1);
    const before = new Map(await Promise.all(parts.map(async (p) => [p.variantId, await stockOf(p.variantId)] as const)));

    const page = await get(app, s, "/checkout");
    expect(page.status).toBe(200);
    const html = await page.text();
    const token = html.match(/name="checkoutToken" value="([^"]+)"/)![1];
    const form = await checkoutFields(app, { checkoutToken: token, notes: "Please knock" });
    const res = await post(app, s, "/checkout", form);
    expect(res.status).toBe(303);
    const number = res.headers.get("location")!.replace("/orders/", "").replace("?placed=1", "");
    expect(number).toMatch(/^LH-\d{6}$/);

    const [order] = await app.ctx.db.select().from(orders).where(eq(orders.number, number));
    // 2 × R45 + R284 pack = R374 → free delivery
    expect(order).toMatchObject({
      subtotalCents: 37_400,
      deliveryFeeCents: 0,
      totalCents: 37_400,
      status: "placed",
      paymentMethod: "cash_on_delivery",
      notes: "Please knock",
    });
    expect(order.address).toMatchObject({ postalCode: "2196", line1: "14 Oxford Road" });
    const items = await app.ctx.db.select().from(orderItems).where(eq(orderItems.orderId, order.id));
    expect(items.map((i) => [i.name, i.quantity, i.unitPriceCents])).toEqual([
      ["Chicken, Sweet Potato & Carrot", 2, 4500],
      ["Weekly Stage Pack 6–8 m", 1, 28_400],
    ]);
    expect(items[1].components).toHaveLength(4);
    // The chicken 130 g is both a single meal (2) and in the pack (2): 4 taken in all.
    expect(await stockOf(meal.id)).toBe(before.get(meal.id)! - 4);
    for (const p of parts.filter((p) => p.variantId !== meal.id))
      expect(await stockOf(p.variantId)).toBe(before.get(p.variantId)! - p.quantity);

    expect(await app.ctx.db.select().from(orderEvents).where(eq(orderEvents.orderId, order.id))).toMatchObject([
      { type: "status_changed", toValue: "placed", actorLabel: "customer" },
    ]);
    expect(await app.ctx.db.select().from(payments).where(eq(payments.orderId, order.id))).toMatchObject([
      { provider: "cash", status: "unpaid", amountCents: 37_400 },
    ]);
    const [mail] = await app.ctx.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.idempotencyKey, `order-confirmation:${number}`));
    expect(mail).toMatchObject({ template: "order-confirmation", toEmail: s.email });
    expect(mail.payload).toMatchObject({ orderNumber: number, totalCents: 37_400, paymentMethodLabel: "Cash on delivery" });
    expect(await app.ctx.db.select().from(addresses).where(eq(addresses.userId, s.userId!))).toHaveLength(0); // not asked to save

    const confirmation = textOf(await (await get(app, s, `/orders/${number}`)).text());
    expect(confirmation).toContain(`Order ${number}`);
    expect(confirmation).toContain("Weekly Stage Pack 6–8 m");
    expect(textOf(await (await get(app, s, "/cart")).text())).toContain("Your cart is empty");
    expect(textOf(await (await get(app, s, "/account/orders")).text())).toContain(number);

    // Resubmitting the same form (refresh, retry) shows the same order and takes nothing more.
    const again = await post(app, s, "/checkout", form);
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe(`/orders/${number}?placed=1`);
    expect(await app.ctx.db.select().from(orders).where(eq(orders.userId, s.userId!))).toHaveLength(1);
    expect(await stockOf(meal.id)).toBe(before.get(meal.id)! - 4);
  });

  it("a postal code outside the delivery area gets a clear message beside the field, and nothing is written", async () => {
    const s = await signedInCustomer(app);
    const v = await variant(app, "cottage-pie", 130);
    await addToCart(app.ctx, { userId: s.userId! }, { variantId: v.id }, 1);
    const stock = await stockOf(v.id);
    const res = await post(app, s, "/checkout", await checkoutFields(app, { postalCode: "8001" }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(textOf(html)).toContain("Sorry, we don't deliver to 8001 yet.");
    expect(html).toMatch(/name="postalCode"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="postalCode"/);
    expect(await app.ctx.db.select().from(orders).where(eq(orders.userId, s.userId!))).toHaveLength(0);
    expect(await stockOf(v.id)).toBe(stock);
  });

  it("rejects a missing field, a day we don't deliver, and a payment method that is switched off", async () => {
    const s = await signedInCustomer(app);
    const v = await variant(app, "cottage-pie", 160);
    await addToCart(app.ctx, { userId: s.userId! }, { variantId: v.id }, 1);
    const missing = await post(app, s, "/checkout", await checkoutFields(app, { line1: "  " }));
    expect(missing.status).toBe(400);
    expect(textOf(await missing.text())).toContain("Please enter the street address.");
    const badDay = await post(app, s, "/checkout", await checkoutFields(app, { deliveryDate: "2020-01-01" }));
    expect(badDay.status).toBe(400);
    expect(textOf(await badDay.text())).toContain("Please choose one of the delivery days shown.");
    const card = await post(app, s, "/checkout", await checkoutFields(app, { paymentMethod: "card" }));
    expect(card.status).toBe(400);
    expect(textOf(await card.text())).toContain("Card is not available right now");
    // Ticked in settings but no Peach credentials configured: card stays off, at checkout and in the form.
    await enableCard(app);
    const stillOff = await post(app, s, "/checkout", await checkoutFields(app, { paymentMethod: "card" }));
    expect(stillOff.status).toBe(400);
    expect(textOf(await stillOff.text())).toContain("Card is not available right now");
    expect(await (await get(app, s, "/checkout")).text()).not.toContain('value="card"');
    expect(await app.ctx.db.select().from(orders).where(eq(orders.userId, s.userId!))).toHaveLength(0);
  });

  it("stock that ran out after adding: a clear message, nothing reserved, the cart kept", async () => {
    const s = await signedInCustomer(app);
    const a = await variant(app, "salmon-fishcakes-peas", 130);
    const b = await variant(app, "salmon-fishcakes-peas", 160);
    await addToCart(app.ctx, { userId: s.userId! }, { variantId: a.id }, 2);
    await addToCart(app.ctx, { userId: s.userId! }, { variantId: b.id }, 3);
    await setStock(app, b.id, 2);
    const stockA = await stockOf(a.id);
    const res = await post(app, s, "/checkout", await checkoutFields(app));
    expect(res.status).toBe(400);
    expect(textOf(await res.text())).toContain(
      "Sorry, only 2 of Salmon Fishcakes with Minted Peas (160 g) left — your order needs 3.",
    );
    expect(await stockOf(a.id)).toBe(stockA); // the first variant's decrement rolled back
    expect(await stockOf(b.id)).toBe(2);
    expect(await app.ctx.db.select().from(orders).where(eq(orders.userId, s.userId!))).toHaveLength(0);
    expect((await app.ctx.db.select().from(cartItems)).filter((l) => [a.id, b.id].includes(l.variantId!))).toHaveLength(2);
  });

  it("a pack whose meal ran out: the message names the pack in the cart and the meal that is short", async () => {
    const s = await signedInCustomer(app);
    const chicken = await variant(app, "chicken-sweet-potato-carrot", 130); // 2 in every 6–8 m pack
    const [pack] = await app.ctx.db.select().from(packs).where(eq(packs.slug, "weekly-stage-pack-6-8m"));
    await addToCart(app.ctx, { userId: s.userId! }, { packId: pack.id }, 1);
    try {
      await setStock(app, chicken.id, 1);
      const short = await post(app, s, "/checkout", await checkoutFields(app));
      expect(short.status).toBe(400);
      expect(textOf(await short.text())).toContain(
        "Sorry, Weekly Stage Pack 6–8 m needs 2 of Chicken, Sweet Potato & Carrot (130 g) and only 1 are left.",
      );
      // The cart says the same about its pack line.
      expect(textOf(await (await get(app, s, "/cart")).text())).toContain(
        "Can't be made right now: not enough Chicken, Sweet Potato & Carrot (130 g) left — please remove it",
      );
      await setStock(app, chicken.id, 0);
      const gone = await post(app, s, "/checkout", await checkoutFields(app));
      expect(textOf(await gone.text())).toContain(
        "Sorry, Weekly Stage Pack 6–8 m can't be made right now: its Chicken, Sweet Potato & Carrot (130 g) has just sold out.",
      );
      expect(await app.ctx.db.select().from(orders).where(eq(orders.userId, s.userId!))).toHaveLength(0);
    } finally {
      await setStock(app, chicken.id, chicken.stock);
    }
  });

  it("an empty cart cannot check out", async () => {
    const s = await signedInCustomer(app);
    const page = await get(app, s, "/checkout");
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toBe("/cart");
    // Posting anyway places nothing and lands on the (empty) cart.
    const res = await post(app, s, "/checkout", await checkoutFields(app));
    expect([302, 303]).toContain(res.status);
    expect(res.headers.get("location")).toBe("/cart");
    expect(await app.ctx.db.select().from(orders).where(eq(orders.userId, s.userId!))).toHaveLength(0);
  });

  it("ran every checkout's queries one at a time on its transaction's connection", () => {
    expect(processWarnings.filter((m) => m.includes("already executing a query"))).toEqual([]);
  });
});
