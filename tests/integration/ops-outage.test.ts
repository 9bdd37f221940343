import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addToCart } from "~/domain/cart.server";
import { orders } from "~/infra/db/schema";
import { createKv } from "~/infra/kv.server";
import type { Kv } from "~/infra/kv/prefixed";
import { createTestDb } from "../support/backends";
import { privateRedis, startOpsApp, total, type OpsApp } from "../support/ops";
import { redisServerAvailable } from "../support/requirements";
import { checkoutFields, get, guest, post, signedInCustomer, variant } from "../support/storefront";
import { seedTestShop } from "../support/seed-shop";

// Redis outage: the app runs on a redis-server this test owns (never the shared one), which it kills, restarts and
// freezes. The database comes from LH_TEST_DB.

const html = { accept: "text/html", "content-type": "application/x-www-form-urlencoded" };
const wrongLogin = () => new URLSearchParams({ email: "nobody@example.com", password: "not-the-password" });

describe.runIf(redisServerAvailable("ops-outage.test"))(
  `Redis outage and recovery (db=${process.env.LH_TEST_DB || "pglite"})`,
  () => {
    let db: Awaited<ReturnType<typeof createTestDb>>;
    let redis: Awaited<ReturnType<typeof privateRedis>>;
    let kv: Kv;
    let app: OpsApp;

    beforeAll(async () => {
      db = await createTestDb();
      await seedTestShop(db.dbHandle.db);
      redis = await privateRedis();
      kv = createKv({ prefix: "lh_outage:", redisUrl: redis.url });
      app = await startOpsApp({
        dbHandle: db.dbHandle,
        kv,
        env: { RATE_LIMIT_AUTH: "3/1h", RATE_LIMIT_PAGES: "1000/1m", RATE_LIMIT_TIMEOUT_MS: "300" },
      });
    }, 180_000); // PGlite boot + seed on a busy 2-core machine
    afterAll(async () => {
      await redis?.stop();
      await kv?.close();
      app?.close();
      await db?.cleanup();
    });

    const status = async () => {
      const res = await app.request("/api/system-status");
      return {
        code: res.status,
        body: (await res.json()) as { status: string; checks: Record<string, Array<{ status: string }>> },
      };
    };

    it("serves pages from the database, reports kv fail + 503, keeps auth limited in memory, and recovers by itself", async () => {
      // Healthy: cache warm, readiness passes.
      expect((await app.request("/shop")).status).toBe(200);
      // Polled: on a loaded machine one check can miss its 1 s deadline now and then; healthy means it passes again.
      await expect.poll(async () => (await status()).code, { timeout: 20_000, interval: 200 }).toBe(200);

      await redis.stop();

      // Pages still render, from the database.
      const shop = await app.request("/shop");
      expect(shop.status).toBe(200);
      expect(await shop.text()).toContain("Chicken, Sweet Potato &amp; Carrot");
      expect((await app.request("/")).status).toBe(200);

      // Readiness names the KV as failing; the database still passes.
      const down = await status();
      expect(down.code).toBe(503);
      expect(down.body.status).toBe("fail");
      expect(down.body.checks["kv:responseTime"][0].status).toBe("fail");
      expect(down.body.checks["database:responseTime"][0].status).toBe("pass");

      // Sign-in attempts are still limited — by this instance's in-memory window — never unlimited.
      const ip = "192.0.2.50";
      const results = [];
      for (let i = 0; i < 4; i++) {
        results.push((await app.request("/login", { method: "POST", headers: html, body: wrongLogin(), ip })).status);
      }
      expect(results.slice(0, 3)).not.toContain(429);
      expect(results[3]).toBe(429);

      let samples = await app.scrape();
      expect(total(samples, 'lh_rate_limit_fallback_total{class="auth"}')).toBeGreaterThanOrEqual(4);
      expect(total(samples, 'lh_rate_limit_fallback_total{class="pages"}')).toBeGreaterThan(0);
      expect(total(samples, "lh_cache_errors_total")).toBeGreaterThan(0);
      expect(app.logLines.some((l) => l.includes("rate-limit store unavailable"))).toBe(true);

      // Redis comes back on the same address: no restart of the app.
      await redis.start();
      await expect.poll(async () => (await status()).body.status, { timeout: 20_000, interval: 200 }).toBe("pass");

      // The shared store decides again (no more fallbacks), and the cache fills and hits again.
      samples = await app.scrape();
      const fallbacksBefore = total(samples, "lh_rate_limit_fallback_total");
      const hitsBefore = total(samples, "lh_cache_hits_total");
      const login = await app.request("/login", { method: "POST", headers: html, body: wrongLogin(), ip: "192.0.2.51" });
      expect(login.status).not.toBe(429);
      expect(login.headers.get("ratelimit-remaining")).toBe("2");
      await app.request("/shop");
      await app.request("/shop");
      samples = await app.scrape();
      expect(total(samples, "lh_rate_limit_fallback_total")).toBe(fallbacksBefore);
      expect(total(samples, "lh_cache_hits_total")).toBeGreaterThan(hitsBefore);
      expect(app.logLines.some((l) => l.includes("rate-limit store answering again"))).toBe(true);
    });

    it("a frozen Redis under load: the circuit opens so pages and checkouts stop waiting on it, nothing is lost, and it closes once Redis answers", async () => {
      const frozen = await privateRedis();
      // Short cool-down so the test sees the circuit close soon after Redis thaws.
      const frozenKv = createKv({ prefix: "lh_frozen:", redisUrl: frozen.url, circuitCooldownMs: 500 });
      const shop = await startOpsApp({ dbHandle: db.dbHandle, kv: frozenKv, env: { RATE_LIMIT_CHECKOUT: "100/1m" } });
      try {
        expect((await shop.request("/shop")).status).toBe(200); // warm: the KV answers
        const v = await variant(shop, "lentil-spinach-dhal", 160);
        const shoppers = await Promise.all(Array.from({ length: 5 }, () => signedInCustomer(shop)));
        for (const s of shoppers) await addToCart(shop.ctx, { userId: s.userId! }, { variantId: v.id }, 1);
        const forms = await Promise.all(shoppers.map(() => checkoutFields(shop)));

        frozen.freeze();
        const responses = await Promise.all([
          ...shoppers.map((s, i) => post(shop, s, "/checkout", forms[i])),
          ...Array.from({ length: 15 }, () => get(shop, guest(), "/shop")),
        ]);
        expect(responses.map((r) => r.status).filter((s) => s !== 200 && s !== 303)).toEqual([]);
        for (const s of shoppers) {
          expect(await shop.ctx.db.select().from(orders).where(eq(orders.userId, s.userId!))).toHaveLength(1);
        }
        // The breaker opened once and later commands were skipped instead of each waiting out the timeout.
        const samples = await shop.scrape();
        expect(total(samples, 'lh_kv_circuit_events_total{event="open"}')).toBe(1);
        expect(total(samples, 'lh_kv_circuit_events_total{event="skipped"}')).toBeGreaterThan(0);
        expect(shop.logLines.some((l) => l.includes("kv circuit open"))).toBe(true);

        frozen.thaw();
        await expect
          .poll(async () => (await shop.request("/api/system-status")).status, { timeout: 15_000, interval: 200 })
          .toBe(200);
        expect(shop.logLines.some((l) => l.includes("kv answering again"))).toBe(true);
        const hits = total(await shop.scrape(), "lh_cache_hits_total");
        await shop.request("/shop");
        await shop.request("/shop");
        expect(total(await shop.scrape(), "lh_cache_hits_total")).toBeGreaterThan(hits);
      } finally {
        frozen.thaw();
        await frozen.stop();
        await frozenKv.close();
        shop.close();
      }
    });
  },
);
