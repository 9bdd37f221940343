import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { children } from "~/infra/db/schema";
import { DEMO_CUSTOMER_EMAIL } from "~/domain/seed.server";
import { startTestApp, type TestApp } from "../support/app";
import { get, guest, post, signIn, signedInCustomer, textOf, userIdOf } from "../support/storefront";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

describe(`catalogue pages (${process.env.LH_TEST_DB ?? "pglite"})`, () => {
  it("a product page shows description, allergens, every portion's price and stock, JSON-LD and a canonical link", async () => {
    const res = await get(app, guest(), "/shop/beef-butternut-lentil-puree");
    expect(res.status).toBe(200);
    const html = await res.text();
    const text = textOf(html);
    expect(text).toContain("Beef & Butternut Lentil Puree");
    expect(text).toContain("rich in iron");
    expect(text).toMatch(/Contains Beef, Lentils/);
    expect(text).toMatch(/May contain Gluten/);
    expect(text).toMatch(/130 g R45\.00 In stock/);
    expect(text).toMatch(/220 g R76\.00 Only 3 left/);
    expect(html).toContain('<link rel="canonical" href="http://localhost:3000/shop/beef-butternut-lentil-puree"/>');
    const ld = JSON.parse(html.match(/<script type="application\/ld\+json"[^>]*>(.*?)<\/script>/)![1]);
    expect(ld).toMatchObject({
      "@type": "Product",
      name: "Beef & Butternut Lentil Puree",
      offers: { priceCurrency: "ZAR", lowPrice: "45.00", highPrice: "76.00" },
    });
  });

  it("a card's picture opens its meal or pack, as its title does", async () => {
    for (const [page, slug] of [
      ["/shop", "/shop/cottage-pie"],
      ["/", "/shop/"],
      ["/packs", "/packs/"],
    ]) {
      const html = await (await app.request(page)).text();
      expect(html, page).toMatch(new RegExp(`<a[^>]*href="${slug}[^"]*"[^>]*><img `));
    }
  });

  it("a sold-out portion cannot be chosen", async () => {
    const html = await (await get(app, guest(), "/shop/lentil-spinach-dhal")).text();
    expect(textOf(html)).toMatch(/220 g R76\.00 Sold out/);
    const radios = [...html.matchAll(/<input type="radio" name="variantId"[^>]*>/g)].map((m) => m[0]);
    expect(radios).toHaveLength(3);
    expect(radios.filter((r) => r.includes("disabled"))).toHaveLength(1);
  });

  it("a pack page lists its meals, its price and the saving against buying them one by one", async () => {
    const html = await (await get(app, guest(), "/packs/weekly-stage-pack-6-8m")).text();
    const text = textOf(html);
    // 2×45 + 2×45 + 2×45 + 1×45 = R315 one by one; the pack is ~10% less, rounded to rands: R284
    expect(text).toContain("R284.00");
    expect(text).toContain("Save R31.00");
    expect(text).toContain("R315.00");
    for (const meal of ["Chicken, Sweet Potato & Carrot", "Fish & Vegetable Medley", "Apple, Pear & Oat Breakfast Puree"])
      expect(text).toContain(meal);
  });

  it("an unknown product or pack is a 404 page in the shop's clothes", async () => {
    for (const path of ["/shop/no-such-meal", "/packs/no-such-pack"]) {
      const res = await get(app, guest(), path);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain("find that page");
    }
  });

  it("sitemap.xml lists every product and pack; robots.txt points at it and keeps private pages out", async () => {
    const sitemap = await get(app, guest(), "/sitemap.xml");
    expect(sitemap.headers.get("content-type")).toContain("application/xml");
    const xml = await sitemap.text();
    expect(xml.match(/<loc>http:\/\/localhost:3000\/shop\/[a-z0-9-]+<\/loc>/g)).toHaveLength(16);
    expect(xml.match(/<loc>http:\/\/localhost:3000\/packs\/[a-z0-9-]+<\/loc>/g)).toHaveLength(3);
    const robots = await (await get(app, guest(), "/robots.txt")).text();
    expect(robots).toContain("Sitemap: http://localhost:3000/sitemap.xml");
    expect(robots).toContain("Disallow: /checkout");
    expect(robots).toContain("Disallow: /account");
  });
});

describe("meals for my children", () => {
  it("product pages say whether the meal suits each child's age and warn about their allergens", async () => {
    // The seeded demo parent has Lerato, 10 months, allergic to milk.
    const parent = await signIn(app, guest(), await userIdOf(app, DEMO_CUSTOMER_EMAIL), DEMO_CUSTOMER_EMAIL);
    const risotto = textOf(await (await get(app, parent, "/shop/cheesy-vegetable-risotto")).text());
    expect(risotto).toContain("Contains milk — Lerato is allergic");
    const lamb = textOf(await (await get(app, parent, "/shop/lamb-mash-potato-peas")).text());
    expect(lamb).toContain("May contain milk — Lerato is allergic");
    const turkey = textOf(await (await get(app, parent, "/shop/turkey-rice-broccoli")).text());
    expect(turkey).toContain("Suits Lerato (10 months)");
    const stew = textOf(await (await get(app, parent, "/shop/beef-stew-vegetables")).text());
    expect(stew).toMatch(/Meant for 12–24 months; Lerato \(10 months\) may not be ready yet/);
  });

  it("'shop for <child>' shows only meals for their age that avoid their allergens", async () => {
    const parentId = await userIdOf(app, DEMO_CUSTOMER_EMAIL);
    const parent = await signIn(app, guest(), parentId, DEMO_CUSTOMER_EMAIL);
    const list = await app.ctx.db.select().from(children);
    const lerato = list.find((c) => c.userId === parentId)!;
    const text = textOf(await (await get(app, parent, `/shop?child=${lerato.id}`)).text());
    expect(text).toContain("Meals for Lerato");
    expect(text).toContain("Turkey, Rice & Broccoli");
    expect(text).toContain("Lentil & Spinach Dhal");
    expect(text).not.toContain("Cheesy Vegetable Risotto"); // contains milk
    expect(text).not.toContain("Lamb Mash with Potato & Peas"); // may contain milk
    expect(text).not.toContain("Beef Stew with Mixed Vegetables"); // 12–24 months

    // Someone else's child id is simply ignored: no data of theirs, the full shop.
    const stranger = await signedInCustomer(app);
    const theirs = textOf(await (await get(app, stranger, `/shop?child=${lerato.id}`)).text());
    expect(theirs).not.toContain("Lerato");
    expect(theirs).toContain("Beef Stew with Mixed Vegetables");
  });

  it("another parent can neither edit nor remove a child: 404 with a message, and the child stays as it was", async () => {
    const parentId = await userIdOf(app, DEMO_CUSTOMER_EMAIL);
    const lerato = (await app.ctx.db.select().from(children)).find((c) => c.userId === parentId)!;
    const stranger = await signedInCustomer(app);
    const removed = await post(app, stranger, "/account/children", { intent: "remove", childId: String(lerato.id) });
    expect(removed.status).toBe(404);
    expect(textOf(await removed.text())).toContain("That child is not on your account.");
    const edited = await post(app, stranger, `/account/children/${lerato.id}`, {
      name: "Renamed",
      dateOfBirth: lerato.dateOfBirth,
    });
    expect(edited.status).toBe(404);
    const [still] = await app.ctx.db.select().from(children).where(eq(children.id, lerato.id));
    expect(still.name).toBe("Lerato");
  });
});
