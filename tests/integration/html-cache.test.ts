// The anonymous HTML cache (issue 15, app/infra/http/html-cache.server.ts) through the real app: two instances over one
// database and one KV, as behind a load balancer. A page served from the cache runs no SQL and no loader; every
// response has its own nonce and request id; admin edits and orders show on the next request on every instance; a
// page rendered for one shopper (signed in, or with a guest cart) is served to the next of the same audience, never
// to another; a parent with child profiles, and a 404, never meet a cached page.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { products } from "~/infra/db/schema";
import { sessionCookieName } from "~/infra/session.server";
import { ORIGIN } from "../support/app";
import { createTestBackends } from "../support/backends";
import { sessionCookieFor, startOpsApp, total, type OpsApp } from "../support/ops";
import { ADMIN_EMAIL } from "../support/admin-fixtures";
import { addMeal, checkoutFields, get, guest, post, signedInCustomer, textOf, variant } from "../support/storefront";
import { seedTestShop } from "../support/seed-shop";

let backends: Awaited<ReturnType<typeof createTestBackends>>;
let a: OpsApp;
let b: OpsApp;
const statements: string[] = [];

beforeAll(async () => {
  backends = await createTestBackends();
  await seedTestShop(backends.dbHandle.db);
  backends.dbHandle.observeQueries((_op, _s, statement) => statements.push(statement));
  a = await startOpsApp({ dbHandle: backends.dbHandle, kv: backends.kv });
  b = await startOpsApp({ dbHandle: backends.dbHandle, kv: backends.kv });
});
afterAll(async () => {
  a?.close();
  b?.close();
  await backends?.cleanup();
});

const MEAL = "/shop/beef-butternut-lentil-puree";
const PAGES = ["/", "/shop", "/shop?age=6-8m&free=egg", MEAL, "/packs", "/packs/weekly-stage-pack-6-8m"];

/** An anonymous browser's first visit: no cookies at all. */
const anonymous = (app: OpsApp, path: string, headers: Record<string, string> = {}) =>
  app.handler(new Request(new URL(path, ORIGIN), { headers: { host: new URL(ORIGIN).host, ...headers } }), {
    address: "198.51.100.20",
  });

const nonceOf = (res: Response) => /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")![1];
const scriptNonces = (html: string) => [...html.matchAll(/<script\b[^>]*\bnonce="([^"]*)"/g)].map((m) => m[1]);

describe("anonymous HTML cache", () => {
  it("serves a second anonymous request from the cache: no SQL, no loader, the same page", async () => {
    for (const path of PAGES) {
      const first = await anonymous(a, path);
      expect(first.status, path).toBe(200);
      const firstHtml = await first.text();
      const catalogReadsBefore = total(await a.scrape(), 'lh_cache_hits_total{namespace="catalog"}');
      const htmlHitsBefore = total(await a.scrape(), 'lh_cache_hits_total{namespace="html"}');
      statements.length = 0;
      const second = await anonymous(a, path);
      expect(second.headers.get("x-html-cache"), path).toBe("hit");
      const html = await second.text();
      expect(statements, path).toEqual([]);
      // No loader ran: the catalog cache was not even asked.
      expect(total(await a.scrape(), 'lh_cache_hits_total{namespace="catalog"}'), path).toBe(catalogReadsBefore);
      expect(total(await a.scrape(), 'lh_cache_hits_total{namespace="html"}'), path).toBe(htmlHitsBefore + 1);
      const same = (h: string, res: Response) =>
        h.replaceAll(nonceOf(res), "N").replaceAll(res.headers.get("x-request-id")!, "R");
      expect(same(html, second), path).toBe(same(firstHtml, first));
      expect(second.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(second.headers.get("set-cookie")).toBeNull();
    }
  });

  it("gives every response its own nonce, on every script tag, and its own request id in the page", async () => {
    const seen = new Set<string>();
    let scripts = -1;
    for (let i = 0; i < 3; i++) {
      const res = await anonymous(a, "/shop");
      expect(res.headers.get("x-html-cache")).toBe("hit");
      const html = await res.text();
      const nonce = nonceOf(res);
      const nonces = scriptNonces(html);
      expect(nonces.length).toBeGreaterThan(0);
      expect(new Set(nonces)).toEqual(new Set([nonce]));
      if (scripts >= 0) expect(nonces).toHaveLength(scripts);
      scripts = nonces.length;
      for (const earlier of seen) expect(html).not.toContain(earlier);
      seen.add(nonce);
      const requestId = res.headers.get("x-request-id")!;
      expect(html).toContain(`\\"requestId\\",\\"${requestId}\\"`);
    }
  });

  it("never keeps a page where a client-chosen request id is also page text", async () => {
    // "littleharvest" is in the footer's email address: cutting it out would break the page for everyone after.
    const chosen = await anonymous(a, "/packs?from=footer", { "x-request-id": "littleharvest" });
    expect(chosen.headers.get("x-html-cache")).toBe("miss");
    expect(await chosen.text()).toContain("hello@littleharvest.co.za");
    const next = await anonymous(a, "/packs?from=footer");
    expect(next.headers.get("x-html-cache")).toBe("miss");
    const third = await anonymous(a, "/packs?from=footer");
    expect(third.headers.get("x-html-cache")).toBe("hit");
    expect(await third.text()).toContain("hello@littleharvest.co.za");
  });

  it("shows an admin's price edit on the next anonymous request, on every instance", async () => {
    for (const app of [a, b]) {
      await anonymous(app, MEAL);
      const warm = await anonymous(app, MEAL);
      expect(warm.headers.get("x-html-cache")).toBe("hit");
      expect(textOf(await warm.text())).toMatch(/130 g R45\.00/);
    }
    const [meal] = await a.ctx.db
      .select({ id: products.id })
      .from(products)
      .where(eq(products.slug, MEAL.slice(6)));
    const v130 = await variant(a, MEAL.slice(6), 130);
    const admin = await sessionCookieFor(a.ctx, "admin@littleharvest.test");
    const edit = await a.request(`/admin/products/${meal.id}`, {
      method: "POST",
      headers: { cookie: admin },
      body: new URLSearchParams({ intent: "price", variantId: String(v130.id), price: "39.90" }),
      redirect: "manual",
    });
    expect(edit.status).toBe(303);
    for (const app of [b, a]) {
      const res = await anonymous(app, MEAL);
      expect(res.headers.get("x-html-cache")).toBe("miss");
      expect(textOf(await res.text())).toMatch(/130 g R39\.90/);
      expect(textOf(await (await anonymous(app, "/shop")).text())).toContain("R39.90");
    }
  });

  it("shows stock taken by an order on the next anonymous request, on every instance", async () => {
    for (const app of [a, b]) {
      await anonymous(app, MEAL);
      expect(textOf(await (await anonymous(app, MEAL)).text())).toMatch(/220 g R76\.00 Only 3 left/);
    }
    const shopper = await signedInCustomer(a);
    const v220 = await variant(a, MEAL.slice(6), 220);
    expect((await addMeal(a, shopper, MEAL.slice(6), v220.id, 1)).status).toBeLessThan(400);
    const placed = await post(a, shopper, "/checkout", await checkoutFields(a));
    expect(placed.status).toBe(303);
    for (const app of [b, a]) {
      const res = await anonymous(app, MEAL);
      expect(res.headers.get("x-html-cache")).toBe("miss");
      expect(textOf(await res.text())).toMatch(/220 g R76\.00 Only 2 left/);
    }
  });

  it("serves a page rendered for one shopper to the next of the same audience: their own header, nobody's name", async () => {
    const naledi = await signedInCustomer(a, guest(), "Naledi Cachetest");
    const sipho = await signedInCustomer(a, guest(), "Sipho Othertest");
    const first = await get(a, naledi, "/shop");
    expect(first.headers.get("x-html-cache")).toBe("miss");
    await first.text();
    statements.length = 0;
    const second = await get(a, sipho, "/shop");
    expect(second.headers.get("x-html-cache")).toBe("hit");
    expect(statements).toHaveLength(1); // the session check with the cart count, and no loader
    expect(second.headers.get("cache-control")).toBe("private, no-store");
    const html = await second.text();
    expect(textOf(html)).toContain("Account");
    expect(html).toMatch(/aria-label="Cart, 0 items"/);
    expect(html).not.toContain("Naledi");
    expect(nonceOf(second)).not.toBe(nonceOf(first));

    // The anonymous page is another audience, and so is a guest with the same cart count as a customer.
    const anon = await anonymous(a, "/shop");
    expect(textOf(await anon.text())).toContain("Log in");
    const beef = await variant(a, MEAL.slice(6), 130);
    await addMeal(a, sipho, MEAL.slice(6), beef.id, 2);
    const withCart = guest();
    await addMeal(a, withCart, MEAL.slice(6), beef.id, 2);
    for (const path of ["/shop", MEAL, "/"]) {
      const customer = await (await get(a, sipho, path)).text();
      expect(customer, path).toMatch(/aria-label="Cart, 2 items"/);
      expect(textOf(customer), path).toContain("Account");
      const shopper = await (await get(a, withCart, path)).text();
      expect(shopper, path).toMatch(/aria-label="Cart, 2 items"/);
      expect(textOf(shopper), path).toContain("Log in");
      expect((await get(a, withCart, path)).headers.get("x-html-cache"), path).toBe("hit");
    }
    // Naledi's cart is still empty, wherever Sipho's page was kept.
    expect(await (await get(a, naledi, "/shop")).text()).toMatch(/aria-label="Cart, 0 items"/);

    const admin = guest();
    const [name, token] = (await sessionCookieFor(a.ctx, ADMIN_EMAIL)).split("=");
    admin.cookies.set(name, token);
    expect(textOf(await (await get(a, admin, "/shop")).text())).toContain("Back office");
    expect(textOf(await (await get(a, naledi, "/shop")).text())).not.toContain("Back office");
  });

  it("renders every time for a parent with child profiles, another cookie, a stale session, or a page naming its visitor", async () => {
    const parent = await signedInCustomer(a, guest(), "Thandi Fittest");
    const added = await post(a, parent, "/account/children/new", {
      intent: "save",
      name: "Lwazi",
      dateOfBirth: "2026-01-10",
      allergies: "eggs",
      dietaryNeeds: [],
      notes: "",
    });
    expect(added.status).toBe(303);
    const stale = guest();
    stale.cookies.set(sessionCookieName(a.ctx.config), "9.not-a-session");
    const unknown = guest();
    unknown.cookies.set("lh_theme", "dark"); // not ours to know what it changes
    for (const [who, shopper] of [
      ["parent", parent],
      ["stale session", stale],
      ["unknown cookie", unknown],
    ] as const) {
      for (let i = 0; i < 2; i++) {
        const res = await get(a, shopper, "/shop");
        expect(res.status, who).toBe(200);
        expect(res.headers.get("x-html-cache"), who).not.toBe("hit");
        await res.text();
      }
    }
    expect(textOf(await (await get(a, parent, "/shop")).text())).toContain("Lwazi");

    // "Chicken" is on the shop page: a page rendered for Chicken Little is never kept for the next customer.
    const page = "/shop?texture=smooth";
    const chicken = await signedInCustomer(b, guest(), "Chicken Little");
    for (let i = 0; i < 2; i++) expect((await get(b, chicken, page)).headers.get("x-html-cache")).toBe("miss");
    const plain = await signedInCustomer(b, guest(), "Zanele Plain");
    expect((await get(b, plain, page)).headers.get("x-html-cache")).toBe("miss");
    expect((await get(b, chicken, page)).headers.get("x-html-cache")).toBe("hit");
  });

  it("does not cache a 404, a data request or a HEAD miss", async () => {
    for (let i = 0; i < 2; i++) {
      const res = await anonymous(a, "/shop/no-such-meal");
      expect(res.status).toBe(404);
      expect(res.headers.get("x-html-cache")).toBe("miss");
      expect(await res.text()).toContain("find that page");
    }
    const data = await anonymous(a, "/shop.data");
    expect(data.headers.get("x-html-cache")).toBeNull();
    await data.arrayBuffer();
    const head = await a.handler(new Request(new URL("/packs?head=1", ORIGIN), { method: "HEAD" }), { address: "198.51.100.20" });
    expect(head.headers.get("x-html-cache")).toBe("miss");
    expect((await anonymous(a, "/packs?head=1")).headers.get("x-html-cache")).toBe("miss");
  });
});
