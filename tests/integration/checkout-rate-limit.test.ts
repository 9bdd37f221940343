import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cartItems, carts, orders } from "~/infra/db/schema";
import { startTestApp, type TestApp } from "../support/app";
import { addMeal, checkoutFields, post, signedInCustomer, variant } from "../support/storefront";

// Placing an order reads beside the rate limiter's verdict and writes only after it (one round trip less at the edge):
// an order over the budget must still write nothing.

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMIT_CHECKOUT: "1/1h" } });
});
afterAll(() => app?.close());

describe("the checkout limit", () => {
  it("a checkout over its budget answers 429 and writes nothing: no order, the cart kept", async () => {
    const shopper = await signedInCustomer(app);
    const meal = await variant(app, "chicken-sweet-potato-carrot", 130);
    await addMeal(app, shopper, "chicken-sweet-potato-carrot", meal.id, 1);
    expect((await post(app, shopper, "/checkout", await checkoutFields(app))).status).toBe(303);

    await addMeal(app, shopper, "chicken-sweet-potato-carrot", meal.id, 2);
    const limited = await post(app, shopper, "/checkout", await checkoutFields(app));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    const placed = await app.ctx.db.select().from(orders).where(eq(orders.userId, shopper.userId!));
    expect(placed).toHaveLength(1);
    const lines = await app.ctx.db
      .select({ quantity: cartItems.quantity })
      .from(cartItems)
      .innerJoin(carts, eq(carts.id, cartItems.cartId))
      .where(eq(carts.userId, shopper.userId!));
    expect(lines).toEqual([{ quantity: 2 }]);
  });
});
