// The anonymous HTML cache (issue 15, app/infra/http/html-cache.server.ts) through the real app: two instances over one
// database and one KV, as behind a load balancer. A page served from the cache runs no SQL and no loader; every
// response has its own nonce and request id; admin edits and orders show on the next request on every instance; a
// visitor with a session or a cart, and a 404, never meet a cached page.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { products } from "~/infra/db/schema";
import { ORIGIN } from "../support/app";
import { createTestBackends } from "../support/backends";
import { sessionCookieFor, startOpsApp, total, type OpsApp } from "../support/ops";
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

  it("never serves the cached page to a signed-in shopper or a shopper with a cart, nor keeps theirs", async () => {
    await anonymous(a, "/shop");
    expect((await anonymous(a, "/shop")).headers.get("x-html-cache")).toBe("hit");

    const signedIn = await signedInCustomer(a, guest(), "Naledi Cachetest");
    const mine = await get(a, signedIn, "/shop");
    expect(mine.headers.get("x-html-cache")).toBeNull();
    expect(textOf(await mine.text())).toContain("Account");

    const withCart = guest();
    const beef = await variant(a, MEAL.slice(6), 130);
    await addMeal(a, withCart, MEAL.slice(6), beef.id, 2);
    expect(withCart.cookies.size).toBe(1);
    for (const path of ["/shop", MEAL, "/"]) {
      const res = await get(a, withCart, path);
      expect(res.headers.get("x-html-cache"), path).toBeNull();
      expect(await res.text(), path).toMatch(/aria-label="Cart, 2 items"/);
    }

    const after = await anonymous(a, "/shop");
    expect(after.headers.get("x-html-cache")).toBe("hit");
    const html = await after.text();
    expect(html).toMatch(/aria-label="Cart, 0 items"/);
    expect(textOf(html)).toContain("Log in");
    expect(html).not.toContain("Naledi");
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
