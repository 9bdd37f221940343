import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveryFeeFor } from "~/domain/delivery";
import { cartItems, carts, packs, productVariants } from "~/infra/db/schema";
import { DEMO_CUSTOMER_EMAIL, DEMO_CUSTOMER_PASSWORD } from "~/domain/seed.server";
import { startTestApp, type TestApp } from "../support/app";
import { addMeal, get, guest, post, signedInCustomer, textOf, userIdOf, variant, type Shopper } from "../support/storefront";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

async function cartText(s: Shopper) {
  return textOf(await (await get(app, s, "/cart")).text());
}
async function cartRows() {
  return app.ctx.db.select().from(cartItems);
}

describe(`the cart (${process.env.LH_TEST_DB ?? "pglite"})`, () => {
  it("a guest adds a meal: cookie set, 303 to the cart, priced from the database whatever the form says", async () => {
    const s = guest();
    const v = await variant(app, "chicken-sweet-potato-carrot", 160);
    const res = await addMeal(app, s, "chicken-sweet-potato-carrot", v.id, 2, { priceCents: "1", unitPriceCents: "1" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/cart?added=meal-${v.id}&n=2`);
    expect(s.cookies.get("lh_cart")).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    const text = await cartText(s);
    expect(text).toContain("Chicken, Sweet Potato & Carrot");
    expect(text).toMatch(/Subtotal R110\.00 Delivery R25\.00 Total R135\.00/);
    expect(text).toContain("Spend R90.00 more for free delivery");
    // The header counts what is in the cart.
    expect(await (await get(app, s, "/shop")).text()).toMatch(/data-testid="cart-count"[^>]*>2</);
  });

  it("delivery is R25 below R200 and free from exactly R200", async () => {
    const s = guest();
    const small = await variant(app, "apple-pear-oat-puree", 130); // R45
    const mid = await variant(app, "apple-pear-oat-puree", 160); // R55
    await addMeal(app, s, "apple-pear-oat-puree", small.id, 3);
    await addMeal(app, s, "apple-pear-oat-puree", mid.id, 1);
    expect(await cartText(s)).toMatch(/Subtotal R190\.00 Delivery R25\.00 Total R215\.00/);
    // 2×45 + 2×55 = R200.00 exactly
    const lines = await app.ctx.db.select().from(cartItems).where(eq(cartItems.variantId, small.id));
    await post(app, s, "/cart", {
      intent: "update",
      lineId: String(lines.find((l) => l.cartId === s.cookies.get("lh_cart"))!.id),
      quantity: "1",
    });
    await addMeal(app, s, "apple-pear-oat-puree", mid.id, 1);
    await addMeal(app, s, "apple-pear-oat-puree", small.id, 1);
    expect(await cartText(s)).toMatch(/Subtotal R200\.00 Delivery Free Total R200\.00/);
    expect(deliveryFeeFor(19_999, { deliveryFeeCents: 2500, freeDeliveryThresholdCents: 20_000 })).toBe(2500);
    expect(deliveryFeeFor(20_000, { deliveryFeeCents: 2500, freeDeliveryThresholdCents: 20_000 })).toBe(0);
  });

  it("quantity 0, negative, 10 000 or 'abc' → 400 with a message on the form; nothing added", async () => {
    const s = guest();
    const v = await variant(app, "turkey-rice-broccoli", 130);
    const before = (await cartRows()).length;
    for (const quantity of ["0", "-1", "10000", "abc", "1.5", ""]) {
      const res = await addMeal(app, s, "turkey-rice-broccoli", v.id, quantity);
      expect(res.status, `quantity ${JSON.stringify(quantity)}`).toBe(400);
      const html = await res.text();
      expect(html).toContain("Choose a quantity from 1 to 50.");
      expect(html).toMatch(/aria-invalid="true"[^>]*autofocus|autofocus=""[^>]*aria-invalid="true"/);
    }
    expect((await cartRows()).length).toBe(before);
  });

  it("a portion of another product, or a pack that does not exist, changes nothing", async () => {
    const s = guest();
    const other = await variant(app, "cottage-pie", 130);
    const res = await addMeal(app, s, "turkey-rice-broccoli", other.id, 1);
    expect(res.status).toBe(400);
    expect(textOf(await res.text())).toContain("Please choose one of the portions shown.");
    const noVariant = await addMeal(app, s, "turkey-rice-broccoli", 999_999, 1);
    expect(noVariant.status).toBe(400);

    const [pack] = await app.ctx.db.select().from(packs).limit(1);
    const wrongPack = await post(app, s, `/packs/${pack.slug}`, { packId: "999999", quantity: "1" });
    expect(wrongPack.status).toBe(400);
    expect(textOf(await wrongPack.text())).toContain("That pack is not available.");
    expect((await post(app, s, "/packs/no-such-pack", { packId: String(pack.id), quantity: "1" })).status).toBe(404);

    expect(s.cookies.get("lh_cart")).toBeUndefined();
    expect(await cartText(s)).toContain("Your cart is empty");
  });

  it("more than the stock → a clear message and nothing reserved", async () => {
    const s = guest();
    const v = await variant(app, "beef-butternut-lentil-puree", 220); // 3 left
    const res = await addMeal(app, s, "beef-butternut-lentil-puree", v.id, 4);
    expect(res.status).toBe(400);
    expect(textOf(await res.text())).toContain("Only 3 left — please choose 3 or fewer.");
    expect((await addMeal(app, s, "beef-butternut-lentil-puree", v.id, 3)).status).toBe(303);
    const again = await addMeal(app, s, "beef-butternut-lentil-puree", v.id, 1);
    expect(again.status).toBe(400);
    expect(textOf(await again.text())).toContain("Only 3 left, and 3 are already in your cart.");
    const [after] = await app.ctx.db.select().from(productVariants).where(eq(productVariants.id, v.id));
    expect(after.stock).toBe(3); // a cart reserves nothing
    const sold = await variant(app, "lentil-spinach-dhal", 220);
    const soldRes = await addMeal(app, s, "lentil-spinach-dhal", sold.id, 1);
    expect(soldRes.status).toBe(400);
    expect(textOf(await soldRes.text())).toContain("Sorry, this is sold out.");
  });

  it("two portions of one meal get buttons with different accessible names", async () => {
    const s = guest();
    await addMeal(app, s, "cottage-pie", (await variant(app, "cottage-pie", 130)).id, 1);
    await addMeal(app, s, "cottage-pie", (await variant(app, "cottage-pie", 160)).id, 1);
    const html = await (await get(app, s, "/cart")).text();
    expect(html).toContain('aria-label="Remove Mini Cottage Pie 130 g"');
    expect(html).toContain('aria-label="Remove Mini Cottage Pie 160 g"');
    expect(html).toContain('aria-label="Update quantity of Mini Cottage Pie 160 g"');
  });

  it("change a quantity and remove a line; another cart's line cannot be touched", async () => {
    const a = guest();
    const b = guest();
    const v = await variant(app, "cottage-pie", 160);
    await addMeal(app, a, "cottage-pie", v.id, 1);
    await addMeal(app, b, "cottage-pie", v.id, 1);
    const aLine = (await cartRows()).find((r) => r.cartId === a.cookies.get("lh_cart"))!;

    expect((await post(app, a, "/cart", { intent: "update", lineId: String(aLine.id), quantity: "4" })).status).toBe(303);
    expect(await cartText(a)).toMatch(/Subtotal R220\.00 Delivery Free/);
    const bad = await post(app, a, "/cart", { intent: "update", lineId: String(aLine.id), quantity: "0" });
    expect(bad.status).toBe(400);
    expect(textOf(await bad.text())).toContain("Choose a quantity from 1 to 50.");

    // B tries A's line: nothing happens to A's cart.
    expect((await post(app, b, "/cart", { intent: "update", lineId: String(aLine.id), quantity: "9" })).status).toBe(400);
    await post(app, b, "/cart", { intent: "remove", lineId: String(aLine.id) });
    expect((await cartRows()).find((r) => r.id === aLine.id)?.quantity).toBe(4);

    expect((await post(app, a, "/cart", { intent: "remove", lineId: String(aLine.id) })).status).toBe(303);
    expect(await cartText(a)).toContain("Your cart is empty");
  });

  it("a guest cart is merged into the shopper's cart when they log in, and the guest cookie is cleared", async () => {
    const s = guest();
    const v = await variant(app, "veggie-frittata-bites", 130);
    await addMeal(app, s, "veggie-frittata-bites", v.id, 2);
    const guestCart = s.cookies.get("lh_cart")!;
    const login = await post(app, s, "/login", {
      email: DEMO_CUSTOMER_EMAIL,
      password: DEMO_CUSTOMER_PASSWORD,
      redirectTo: "/checkout",
    });
    expect(login.status).toBe(303);
    expect(login.headers.get("location")).toBe("/checkout");
    expect(s.cookies.get("lh_cart")).toBeUndefined();
    expect(await app.ctx.db.select().from(carts).where(eq(carts.id, guestCart))).toHaveLength(0);
    const text = await cartText(s);
    expect(text).toContain("Veggie Frittata Bites");
    const [userCart] = await app.ctx.db
      .select()
      .from(carts)
      .where(eq(carts.userId, await userIdOf(app, DEMO_CUSTOMER_EMAIL)));
    expect(userCart).toBeTruthy();
  });

  it("a guest sent to checkout is asked to log in and comes back to it; signed-in shoppers keep their cart", async () => {
    const s = guest();
    const res = await get(app, s, "/checkout");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?redirectTo=%2Fcheckout");
    const shopper = await signedInCustomer(app);
    const v = await variant(app, "cottage-pie", 130);
    await addMeal(app, shopper, "cottage-pie", v.id, 1);
    expect(shopper.cookies.get("lh_cart")).toBeUndefined(); // a signed-in cart is found by user, not cookie
    expect(await cartText(shopper)).toContain("Mini Cottage Pie");
  });
});
