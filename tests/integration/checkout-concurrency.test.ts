import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addToCart } from "~/domain/cart.server";
import { emailOutbox, orders, productVariants } from "~/infra/db/schema";
import { startTestApp, type TestApp } from "../support/app";
import { checkoutFields, post, signedInCustomer, setStock, variant, type Shopper } from "../support/storefront";

let app: TestApp;
beforeAll(async () => {
  // Ten submissions of one form in a second is the point of this file, not abuse: give checkout headroom.
  app = await startTestApp({ env: { RATE_LIMIT_CHECKOUT: "100/1m" } });
});
afterAll(() => app?.close());

describe(`checkout under concurrency (${process.env.LH_TEST_DB ?? "pglite"})`, () => {
  it("20 shoppers racing for the last 5 units: exactly 5 orders numbered without gaps, stock 0, never negative, the rest told it sold out", async () => {
    const v = await variant(app, "cottage-pie", 220);
    const shoppers: Shopper[] = [];
    for (let i = 0; i < 20; i++) {
      const s = await signedInCustomer(app);
      await addToCart(app.ctx, { userId: s.userId! }, { variantId: v.id }, 1);
      shoppers.push(s);
    }
    await setStock(app, v.id, 5);

    const forms = await Promise.all(shoppers.map(() => checkoutFields(app)));
    const responses = await Promise.all(shoppers.map((s, i) => post(app, s, "/checkout", forms[i])));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 303)).toHaveLength(5);
    expect(statuses.filter((s) => s === 400)).toHaveLength(15);
    expect(statuses.some((s) => s >= 500)).toBe(false);
    for (const res of responses.filter((r) => r.status === 400)) {
      expect(await res.text()).toMatch(/sold out/);
    }

    const [after] = await app.ctx.db
      .select({ stock: productVariants.stock })
      .from(productVariants)
      .where(eq(productVariants.id, v.id));
    expect(after.stock).toBe(0);
    const placed = await app.ctx.db.select().from(orders);
    expect(placed).toHaveLength(5);
    // Numbers run without gaps: the 15 refused checkouts and the races for a number used none up.
    const numbers = placed.map((o) => Number(o.number.slice(3))).sort((a, b) => a - b);
    expect(numbers).toEqual([0, 1, 2, 3, 4].map((i) => numbers[0] + i));
    const emails = await app.ctx.db.select().from(emailOutbox).where(eq(emailOutbox.template, "order-confirmation"));
    expect(emails).toHaveLength(5);
  });

  it("the same checkout token submitted 10 times at once makes exactly one order, and every answer shows it", async () => {
    const s = await signedInCustomer(app);
    const v = await variant(app, "turkey-rice-broccoli", 130);
    await addToCart(app.ctx, { userId: s.userId! }, { variantId: v.id }, 2);
    const form = await checkoutFields(app, { checkoutToken: randomUUID() });

    const responses = await Promise.all(Array.from({ length: 10 }, () => post(app, s, "/checkout", form)));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(303));
    const locations = new Set(responses.map((r) => r.headers.get("location")));
    expect(locations.size).toBe(1);
    expect([...locations][0]).toMatch(/^\/orders\/LH-\d{6}\?placed=1$/);

    const mine = await app.ctx.db.select().from(orders).where(eq(orders.userId, s.userId!));
    expect(mine).toHaveLength(1);
    const [after] = await app.ctx.db
      .select({ stock: productVariants.stock })
      .from(productVariants)
      .where(eq(productVariants.id, v.id));
    expect(after.stock).toBe(v.stock - 2);
  });

  it("two tabs, two checkout forms, submitted at once: one order, and the losing tab lands on it too", async () => {
    const s = await signedInCustomer(app);
    const v = await variant(app, "cheesy-vegetable-risotto", 160);
    await addToCart(app.ctx, { userId: s.userId! }, { variantId: v.id }, 1);
    const tabs = await Promise.all([checkoutFields(app), checkoutFields(app)]); // each tab loaded its own token

    const responses = await Promise.all(tabs.map((form) => post(app, s, "/checkout", form)));
    expect(responses.map((r) => r.status)).toEqual([303, 303]);
    const mine = await app.ctx.db.select().from(orders).where(eq(orders.userId, s.userId!));
    expect(mine).toHaveLength(1);
    expect(responses.map((r) => r.headers.get("location"))).toEqual([
      `/orders/${mine[0].number}?placed=1`,
      `/orders/${mine[0].number}?placed=1`,
    ]);
  });
});
