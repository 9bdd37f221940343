import { decodeViaTurboStream } from "@remix-run/react/dist/single-fetch.js";
import { isRouteErrorResponse } from "@remix-run/router";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDb, createTestKv, type TestKv } from "../support/backends";
import { sessionCookieFor, startOpsApp, total, type OpsApp } from "../support/ops";
import { seedTestShop } from "../support/seed-shop";

// The per-route-class limiter in front of Remix, through the real handler, on the KV backend LH_TEST_KV picks.

const kind = process.env.LH_TEST_KV || "memory";
const HOUR = 3_600_000;
// Only Date is faked: every request of a test falls at the same instant, 10 % into a window, so the sliding
// window's arithmetic (and Retry-After) is exact while the backends run for real.
const windowStart = Math.ceil(Date.now() / HOUR) * HOUR + 5 * HOUR;
const NOW = windowStart + 0.1 * HOUR;
const RETRY_AFTER = String(0.9 * 3600);

let db: Awaited<ReturnType<typeof createTestDb>>;
let t: TestKv;
const apps: OpsApp[] = [];
const app = async (env: Record<string, string>, kv = t.kv) => {
  const a = await startOpsApp({ dbHandle: db.dbHandle, kv, env });
  apps.push(a);
  return a;
};

beforeAll(async () => {
  db = await createTestDb();
  await seedTestShop(db.dbHandle.db);
  t = await createTestKv();
  vi.useFakeTimers({ toFake: ["Date"] });
}, 180_000); // PGlite boot + seed on a busy 2-core machine
beforeEach(() => vi.setSystemTime(NOW));
afterAll(async () => {
  vi.useRealTimers();
  for (const a of apps) a.close();
  await t?.cleanup();
  await db?.cleanup();
});

let ipCounter = 0;
const freshIp = () => `203.0.113.${++ipCounter}`;
const wrongLogin = () => new URLSearchParams({ email: "nobody@example.com", password: "not-the-password" });
// What the browser's Remix client makes of a single-fetch body (the same decoder, with its ErrorResponse plugin).
const decoded = async (res: Response) => (await decodeViaTurboStream(res.body!, globalThis)).value;
const html = { accept: "text/html,application/xhtml+xml", "content-type": "application/x-www-form-urlencoded" };

describe(`route-class rate limits (LH_TEST_KV=${kind})`, () => {
  it("auth posts: N pass with RateLimit headers, N+1 is a 429 friendly page with Retry-After", async () => {
    const a = await app({ RATE_LIMIT_AUTH: "3/1h" });
    const ip = freshIp();
    for (let i = 0; i < 3; i++) {
      const res = await a.request("/login", { method: "POST", headers: html, body: wrongLogin(), ip });
      expect(res.status).not.toBe(429);
      expect(res.headers.get("ratelimit-limit")).toBe("3");
      expect(res.headers.get("ratelimit-remaining")).toBe(String(2 - i));
      expect(res.headers.get("ratelimit-policy")).toBe("3;w=3600");
    }
    const res = await a.request("/login", { method: "POST", headers: html, body: wrongLogin(), ip });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe(RETRY_AFTER);
    expect(res.headers.get("ratelimit-remaining")).toBe("0");
    expect(res.headers.get("ratelimit-reset")).toBe(RETRY_AFTER);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const page = await res.text();
    // Remix's own document, through the root ErrorBoundary: the shop's chrome, the message and a way back.
    expect(page).toContain("Too many attempts");
    expect(page).toContain(`Please wait ${RETRY_AFTER} seconds and try again.`);
    expect(page).toContain('href="/login"');
    expect(page).toContain('href="/shop"'); // the site header
    // Another address still gets in.
    const other = await a.request("/login", { method: "POST", headers: html, body: wrongLogin(), ip: freshIp() });
    expect(other.status).not.toBe(429);
    expect(total(await a.scrape(), 'lh_rate_limit_rejections_total{class="auth"}')).toBe(1);
  });

  it("a JavaScript form submission (.data) gets a 429 that Remix's client decodes into an error for the boundary", async () => {
    const a = await app({ RATE_LIMIT_AUTH: "1/1h" });
    const ip = freshIp();
    await a.request("/login.data", { method: "POST", headers: html, body: wrongLogin(), ip });
    const res = await a.request("/login.data", { method: "POST", headers: html, body: wrongLogin(), ip });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe(RETRY_AFTER);
    expect(res.headers.get("ratelimit-remaining")).toBe("0");
    const { error } = (await decoded(res)) as { error: unknown };
    expect(isRouteErrorResponse(error)).toBe(true);
    expect(error).toMatchObject({
      status: 429,
      data: {
        title: "Too many attempts",
        message: expect.stringContaining(`Please wait ${RETRY_AFTER} seconds`),
        retryAfter: Number(RETRY_AFTER),
      },
    });
  });

  it("pages: a JavaScript navigation (.data) and a document over the limit both get a usable 429", async () => {
    const a = await app({ RATE_LIMIT_PAGES: "2/1h" });
    const ip = freshIp();
    expect((await a.request("/api/hello", { ip })).headers.get("ratelimit-remaining")).toBe("1");
    expect((await a.request("/api/hello", { ip })).status).toBe(200);
    const nav = await a.request("/shop.data?age=6-8m&_routes=routes%2Fshop._index", { ip });
    expect(nav.status).toBe(429);
    expect(nav.headers.get("retry-after")).toBe(RETRY_AFTER);
    // Each route's result, as the client's data strategy reads it: the 429 reaches the nearest ErrorBoundary.
    const routes = (await decoded(nav)) as Record<string, { error?: unknown }>;
    const errors = Object.values(routes).map((r) => r.error);
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect(error).toMatchObject({ status: 429, data: { title: "Slow down a little", retryAfter: Number(RETRY_AFTER) } });
    }

    const doc = await a.request("/shop?age=6-8m", { ip, headers: { accept: "text/html" } });
    expect(doc.status).toBe(429);
    expect(doc.headers.get("retry-after")).toBe(RETRY_AFTER);
    expect(doc.headers.get("cache-control")).toBe("no-store");
    const page = await doc.text();
    expect(page).toContain("Slow down a little");
    expect(page).toContain('href="/shop"');
    // A resource route answers for itself: JSON with the same message.
    const plain = await a.request("/api/hello", { ip, headers: { accept: "*/*" } });
    expect(plain.status).toBe(429);
    expect(plain.headers.get("retry-after")).toBe(RETRY_AFTER);
    expect(await plain.json()).toMatchObject({ message: expect.stringMatching(/Please wait \d+ seconds/) });
  });

  it("health, readiness, metrics and static files are never limited", async () => {
    const a = await app({ RATE_LIMIT_PAGES: "1/1h" });
    const ip = freshIp();
    await a.request("/api/hello", { ip });
    expect((await a.request("/api/hello", { ip })).status).toBe(429);
    for (let i = 0; i < 3; i++) {
      for (const path of ["/api/health-simple", "/api/system-status", "/api/metrics-full", "/favicon.svg"]) {
        const res = await a.request(path, { ip });
        expect(res.status, path).toBe(200);
        expect(res.headers.get("ratelimit-limit"), path).toBeNull();
      }
    }
  });

  it("the Peach webhook is never limited (it is signature-checked instead); other posts are", async () => {
    const a = await app({ RATE_LIMIT_POST: "1/1h" });
    const ip = freshIp();
    const form = { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "a=1", ip };
    for (let i = 0; i < 3; i++) expect((await a.request("/webhooks/peach", form)).status).toBe(401);
    await a.request("/logout", { ...form, headers: { ...html } });
    expect((await a.request("/logout", { ...form, headers: { ...html } })).status).toBe(429);
  });

  it("the key is the client IP; X-Forwarded-For counts only with TRUST_PROXY, and only the hop our proxy added", async () => {
    const direct = await app({ RATE_LIMIT_POST: "1/1h" });
    const ip = freshIp();
    const post = (a: OpsApp, xff: string, from = ip) =>
      a.request("/logout", { method: "POST", headers: { ...html, "x-forwarded-for": xff }, body: "a=1", ip: from });
    await post(direct, "1.1.1.1");
    // Without TRUST_PROXY a made-up header buys nothing.
    expect((await post(direct, "2.2.2.2")).status).toBe(429);

    const proxied = await app({ RATE_LIMIT_POST: "1/1h", TRUST_PROXY: "true" });
    const proxy = "10.0.0.5";
    await post(proxied, "198.18.0.1", proxy);
    expect((await post(proxied, "198.18.0.2", proxy)).status).not.toBe(429); // a different client behind the proxy
    // A client prepending its own "address" still lands on the hop the proxy appended.
    expect((await post(proxied, "9.9.9.9, 198.18.0.1", proxy)).status).toBe(429);
  });

  it("a signed-in account has its own budget on a shared address; a made-up session cookie does not", async () => {
    const a = await app({ RATE_LIMIT_POST: "1/1h" });
    const ip = freshIp();
    const post = (cookie?: string) =>
      a.request("/logout", { method: "POST", headers: { ...html, ...(cookie ? { cookie } : {}) }, body: "a=1", ip });
    await post();
    expect((await post()).status).toBe(429);
    expect((await post("lh_session=made-up-token-value")).status).toBe(429);
    expect((await post(await sessionCookieFor(a.ctx, "parent@example.com"))).status).not.toBe(429);
    // The budget belongs to the account, not the session: signing in again (a new session) does not reset it.
    expect((await post(await sessionCookieFor(a.ctx, "parent@example.com"))).status).toBe(429);
    expect((await post(await sessionCookieFor(a.ctx, "admin@littleharvest.test"))).status).not.toBe(429);
  });

  it("two app instances on one store share the limit", async () => {
    const a = await app({ RATE_LIMIT_AUTH: "3/1h" });
    const b = await app({ RATE_LIMIT_AUTH: "3/1h" }, t.connect());
    const ip = freshIp();
    const statuses = [];
    for (const inst of [a, b, a, b]) {
      statuses.push((await inst.request("/login", { method: "POST", headers: html, body: wrongLogin(), ip })).status === 429);
    }
    expect(statuses).toEqual([false, false, false, true]);
  });
});
