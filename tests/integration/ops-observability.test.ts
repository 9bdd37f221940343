import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { products } from "~/infra/db/schema";
import { createTestDb, createTestKv, TEST_PG_URL, TEST_REDIS_URL, type TestKv } from "../support/backends";
import { freePort, parseScrape, sessionCookieFor, startOpsApp, total, type OpsApp } from "../support/ops";
import { seedTestShop } from "../support/seed-shop";

// Readiness, the metrics endpoint, metric cardinality, DB query timing, the cache across instances and the admin
// system page — on the database and KV LH_TEST_DB / LH_TEST_KV pick.

const label = `db=${process.env.LH_TEST_DB || "pglite"} kv=${process.env.LH_TEST_KV || "memory"}`;

let db: Awaited<ReturnType<typeof createTestDb>>;
let t: TestKv;
let a: OpsApp;
let b: OpsApp;

beforeAll(async () => {
  db = await createTestDb();
  await seedTestShop(db.dbHandle.db);
  t = await createTestKv();
  a = await startOpsApp({ dbHandle: db.dbHandle, kv: t.kv, env: { METRICS_TOKEN: "s3cret-scrape-token" } });
  // A second instance: same database, its own client on the same KV (as a second server would have).
  b = await startOpsApp({ dbHandle: db.dbHandle, kv: t.connect() });
}, 180_000); // PGlite boot + seed on a busy 2-core machine
afterAll(async () => {
  a?.close();
  b?.close();
  await t?.cleanup();
  await db?.cleanup();
});

type Health = { status: string; checks: Record<string, Array<{ status: string; observedValue?: unknown; componentId: string }>> };

describe(`readiness (${label})`, () => {
  it("passes with a check per dependency, as application/health+json, never cached, for GET and HEAD", async () => {
    const res = await a.request("/api/system-status");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/health+json");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const text = await res.text();
    const body = JSON.parse(text) as Health;
    expect(body.status).toBe("pass");
    expect(Object.keys(body.checks).sort()).toEqual([
      "database:migrations",
      "database:responseTime",
      "email:provider",
      "kv:responseTime",
    ]);
    expect(typeof body.checks["database:responseTime"][0].observedValue).toBe("number");
    expect(typeof body.checks["kv:responseTime"][0].observedValue).toBe("number");
    // No connection strings, hosts or tokens.
    for (const secret of [
      TEST_PG_URL,
      TEST_REDIS_URL,
      "127.0.0.1",
      "s3cret-scrape-token",
      "postgres://",
      "redis://",
      t.upstash?.token ?? "-none-",
    ]) {
      expect(text).not.toContain(secret);
    }
    const head = await a.request("/api/system-status", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("fails with 503 when the database schema is behind this release, and passes again once migrated", async () => {
    const rows = await db.dbHandle.db.execute(
      sql`select id, hash, created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
    );
    const latest = (
      (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as Array<{ id: number; hash: string; created_at: string }>
    )[0];
    await db.dbHandle.db.execute(sql`delete from drizzle.__drizzle_migrations where id = ${latest.id}`);
    try {
      const res = await a.request("/api/system-status");
      expect(res.status).toBe(503);
      const body = (await res.json()) as Health;
      expect(body.checks["database:migrations"][0].status).toBe("fail");
      expect(body.checks["database:responseTime"][0].status).toBe("pass");
    } finally {
      await db.dbHandle.db.execute(
        sql`insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${latest.id}, ${latest.hash}, ${latest.created_at})`,
      );
    }
    expect((await a.request("/api/system-status")).status).toBe(200);
  });

  it("warns (still 200) while the email provider is failing", async () => {
    const deadUrl = `http://127.0.0.1:${await freePort()}`;
    const mailApp = await startOpsApp({
      dbHandle: db.dbHandle,
      kv: t.connect(),
      env: { RESEND_API_KEY: "re_test_key", RESEND_BASE_URL: deadUrl },
    });
    try {
      const message = {
        outboxId: 1,
        template: "welcome",
        to: "x@example.com",
        subject: "Hi",
        html: "<p>Hi</p>",
        text: "Hi",
        idempotencyKey: "k1",
      };
      await expect(mailApp.ctx.mailer.send(message)).rejects.toThrow();
      const res = await mailApp.request("/api/system-status");
      expect(res.status).toBe(200);
      const body = (await res.json()) as Health;
      expect(body.status).toBe("warn");
      expect(body.checks["email:provider"][0].status).toBe("warn");
      expect(JSON.stringify(body)).not.toContain(deadUrl);
      expect(JSON.stringify(body)).not.toContain("re_test_key");
    } finally {
      mailApp.close();
    }
  });
});

describe(`metrics endpoint (${label})`, () => {
  it("wants the bearer token when METRICS_TOKEN is set", async () => {
    const none = await a.request("/api/metrics-full");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await none.text()).not.toContain("lh_");
    expect((await a.request("/api/metrics-full", { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    expect(
      (await a.request("/api/metrics-full", { headers: { authorization: "Bearer s3cret-scrape-token-and-more" } })).status,
    ).toBe(401);
    const ok = await a.request("/api/metrics-full", { headers: { authorization: "Bearer s3cret-scrape-token" } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toMatch(/^text\/plain; version=0.0.4/);
    expect(await ok.text()).toContain("lh_http_requests_total");
    // Without a token configured the endpoint is open (docs/architecture.md §6).
    expect((await b.request("/api/metrics-full")).status).toBe(200);
  });

  it("1 000 requests to distinct unknown URLs add no metric series", async () => {
    const series = async () =>
      [...parseScrape(await a.ctx.metrics.metricsText()).keys()].filter((k) => !/^lh_(process|nodejs)_/.test(k)).sort();
    await a.request("/warm-up-unknown-url");
    const before = await series();
    for (let i = 0; i < 1_000; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => a.request(`/no-such-page-${i + j}?q=${i + j}`)));
    }
    const after = await series();
    expect(after).toEqual(before);
    const samples = await a.scrape();
    expect(total(samples, 'lh_http_requests_total{route="routes/$",method="GET",status_class="4xx"}')).toBe(1_001);
  }, 180_000); // a thousand full 404 documents: ~30 s on a busy 2-core machine

  it("times database queries at the driver, labelled by operation", async () => {
    const before = total(await a.scrape(), 'lh_db_query_duration_seconds_count{operation="select"}');
    await a.ctx.cache.invalidate("catalog");
    expect((await a.request("/shop?texture=puree")).status).toBe(200);
    const after = await a.scrape();
    expect(total(after, 'lh_db_query_duration_seconds_count{operation="select"}')).toBeGreaterThan(before);
    for (const key of after.keys()) {
      if (key.startsWith("lh_db_query_duration_seconds_count"))
        expect(key).toMatch(/operation="(select|insert|update|delete|transaction|other)"/);
    }
  });
});

describe(`cache (${label})`, () => {
  it("counts misses then hits per namespace", async () => {
    await a.ctx.cache.invalidate("catalog");
    // A browser with a cookie is rendered each time: an anonymous repeat would come from the HTML cache, which never
    // asks the catalog cache (its own counts are the "html" namespace, tests/integration/html-cache.test.ts).
    const browser = { headers: { cookie: "seen=1" } };
    const s0 = await a.scrape();
    await a.request("/shop?age=9-12m", browser);
    const s1 = await a.scrape();
    expect(total(s1, 'lh_cache_misses_total{namespace="catalog"}')).toBeGreaterThan(
      total(s0, 'lh_cache_misses_total{namespace="catalog"}'),
    );
    await a.request("/shop?age=9-12m", browser);
    const s2 = await a.scrape();
    expect(total(s2, 'lh_cache_hits_total{namespace="catalog"}')).toBeGreaterThan(
      total(s1, 'lh_cache_hits_total{namespace="catalog"}'),
    );
    expect(total(s2, 'lh_cache_misses_total{namespace="catalog"}')).toBe(total(s1, 'lh_cache_misses_total{namespace="catalog"}'));
  });

  it("an invalidation on one instance shows on the other's next request", async () => {
    const page = async (app: OpsApp) => (await app.request("/shop")).text();
    expect(await page(a)).toContain("Chicken, Sweet Potato &amp; Carrot");
    expect(await page(a)).toContain("Chicken, Sweet Potato &amp; Carrot"); // cached now
    await db.dbHandle.db
      .update(products)
      .set({ name: "Chicken, Sweet Potato & Parsnip" })
      .where(eq(products.slug, "chicken-sweet-potato-carrot"));
    expect(await page(a)).toContain("Chicken, Sweet Potato &amp; Carrot"); // still the cached copy
    await b.ctx.cache.invalidate("catalog"); // what an admin edit on instance b does
    expect(await page(a)).toContain("Chicken, Sweet Potato &amp; Parsnip");
    await db.dbHandle.db
      .update(products)
      .set({ name: "Chicken, Sweet Potato & Carrot" })
      .where(eq(products.slug, "chicken-sweet-potato-carrot"));
    await b.ctx.cache.invalidate("catalog");
  });
});

describe(`admin system page (${label})`, () => {
  it("shows readiness and six last-hour charts to an admin only", async () => {
    await a.request("/shop");
    const admin = await sessionCookieFor(a.ctx, "admin@littleharvest.test");
    const res = await a.request("/admin/system", { headers: { cookie: admin } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Readiness:");
    expect(html).toMatch(/data-testid="overall-status"[^>]*>OK</);
    for (const title of [
      "Requests per second",
      "p95 latency (ms)",
      "Error rate (5xx, %)",
      "Cache hit ratio (%)",
      "Rate-limit rejections",
      "Email outbox depth",
    ]) {
      expect(html).toContain(title);
    }
    expect(html.match(/<svg[^>]*role="img"/g)?.length).toBe(6);
    expect(html).toContain("300 ms SLO");

    const customer = await sessionCookieFor(a.ctx, "parent@example.com");
    expect((await a.request("/admin/system", { headers: { cookie: customer } })).status).toBe(403);
    const anon = await a.request("/admin/system");
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toBe("/login?redirectTo=%2Fadmin%2Fsystem");
  });
});
