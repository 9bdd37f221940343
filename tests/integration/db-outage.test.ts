// A database that drops connections under a running server (issue 16): a backend terminated mid-checkout, and
// Postgres "restarting" (every connection reset, new ones refused) under load. The server is a real
// `node build/server.js` process whose DATABASE_URL points at a TCP proxy in front of the shared Postgres, so the test
// can cut it without touching anyone else's connections. Needs the real Postgres: runs in `npm run test:services`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orders, productVariants } from "~/infra/db/schema";
import { RATE_LIMITS_OFF } from "../support/app";
import { createTestDb, TEST_PG_URL, testDbKind } from "../support/backends";
import { liveCheckoutForm, liveCustomer, liveRequest, liveVariant, placedOrders, type LiveShopper } from "../support/live-shop";
import { startNeonWsBridge } from "../support/neon-ws-bridge";
import { startServerProcess } from "../support/node-server";
import { freePort } from "../support/ops";
import { startTcpProxy } from "../support/tcp-proxy";
import { seedTestShop } from "../support/seed-shop";

const kind = testDbKind();

describe.skipIf(kind === "pglite")(
  `database outages under a running server (db=${kind}; skipped on PGlite: needs a real Postgres, npm run test:services)`,
  () => {
    let db: Awaited<ReturnType<typeof createTestDb>>;
    let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
    let bridge: Awaited<ReturnType<typeof startNeonWsBridge>> | undefined;
    let server: ReturnType<typeof startServerProcess>;
    let base: string;
    let dataDir: string;

    beforeAll(async () => {
      db = await createTestDb(kind);
      await seedTestShop(db.dbHandle.db, { demoCustomer: false });
      const target = new URL(TEST_PG_URL);
      proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
      bridge = kind === "neon" ? await startNeonWsBridge() : undefined;
      const viaProxy = new URL(db.url!);
      viaProxy.hostname = "127.0.0.1";
      viaProxy.port = String(proxy.port);
      dataDir = mkdtempSync(path.join(tmpdir(), "lh-dbout-"));
      server = startServerProcess(
        {
          ...RATE_LIMITS_OFF,
          DATA_DIR: dataDir,
          DATABASE_URL: viaProxy.toString(),
          DATABASE_DRIVER: kind,
          NEON_WS_PROXY: bridge?.proxy ?? "",
          // Long enough that only the termination below, never the timeout, ends the blocked checkout.
          DB_STATEMENT_TIMEOUT_MS: "120000",
        },
        await freePort(),
      );
      base = await server.ready;
    }, 120_000);

    afterAll(async () => {
      server?.child.kill("SIGKILL");
      await server?.exited;
      await proxy?.close();
      await bridge?.close();
      await db?.cleanup();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    const addToCart = async (s: LiveShopper, slug: string, variantId: number, quantity: number) => {
      const res = await liveRequest(base, s, `/shop/${slug}`, { variantId: String(variantId), quantity: String(quantity) });
      expect(res.status).toBe(303);
    };
    const stockOf = async (variantId: number) =>
      (
        await db.dbHandle.db
          .select({ stock: productVariants.stock })
          .from(productVariants)
          .where(eq(productVariants.id, variantId))
      )[0].stock;

    it("a backend terminated mid-checkout: that request gets a 503 page, nothing is half-written, the server lives and the retry places the order", async () => {
      const v = await liveVariant(db.dbHandle.db, "cottage-pie", 220);
      const shopper = await liveCustomer(db.dbHandle.db);
      await addToCart(shopper, "cottage-pie", v.id, 2);
      const form = await liveCheckoutForm(db.dbHandle.db);

      // Another session holds the meal's row, so the checkout's stock update waits inside its transaction.
      const locker = new pg.Client({ connectionString: db.url });
      locker.on("error", () => {}); // dropped with the test database if an assertion below fails first
      await locker.connect();
      await locker.query("begin");
      await locker.query("select id from product_variants where id = $1 for update", [v.id]);
      const pending = liveRequest(base, shopper, "/checkout", form);
      let waiting: number | undefined;
      while (waiting === undefined) {
        // Asked outside the locker's transaction: inside it, pg_stat_activity would repeat its first snapshot.
        const { rows } = (await db.dbHandle.db.execute(
          sql`select pid from pg_stat_activity where datname = ${db.name} and wait_event_type = 'Lock'`,
        )) as unknown as { rows: { pid: number }[] };
        waiting = rows[0]?.pid;
        if (waiting === undefined) await new Promise((r) => setTimeout(r, 50));
      }
      await locker.query("select pg_terminate_backend($1)", [waiting]);

      const res = await pending;
      expect(res.status).toBe(503);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await res.text()).toContain("back in a moment");
      await locker.query("rollback");
      await locker.end();

      // Nothing of the order exists, the stock is untouched, and the process is still serving.
      expect(await db.dbHandle.db.select().from(orders).where(eq(orders.checkoutToken, form.checkoutToken))).toHaveLength(0);
      expect(await stockOf(v.id)).toBe(v.stock);
      expect(server.alive()).toBe(true);
      expect(server.output()).toContain("database connection lost");

      // The shopper presses the button again: the same form places the order, once.
      const retry = await liveRequest(base, shopper, "/checkout", form);
      expect(retry.status).toBe(303);
      expect(retry.headers.get("location")).toMatch(/^\/orders\/LH-\d{6}\?placed=1$/);
      expect((await placedOrders(db.dbHandle.db)).perUser.get(shopper.userId)).toBe(1);
      expect(await stockOf(v.id)).toBe(v.stock - 2);
    });

    it("Postgres restarting under load: no 500s or dropped connections, and once it is back every shopper's retry lands exactly one order", async () => {
      const v = await liveVariant(db.dbHandle.db, "turkey-rice-broccoli", 130);
      const before = await placedOrders(db.dbHandle.db);
      const shoppers = await Promise.all(Array.from({ length: 8 }, () => liveCustomer(db.dbHandle.db)));
      for (const s of shoppers) await addToCart(s, "turkey-rice-broccoli", v.id, 1);
      const forms = await Promise.all(shoppers.map(() => liveCheckoutForm(db.dbHandle.db)));

      // Checkouts and page views in flight when every connection is reset and new ones are refused.
      const load = Promise.all([
        ...shoppers.map((s, i) => liveRequest(base, s, "/checkout", forms[i])),
        ...shoppers.map((s) => liveRequest(base, s, "/account/orders")),
        ...shoppers.map(() => liveRequest(base, null, "/shop")),
      ]);
      await new Promise((r) => setTimeout(r, 20));
      proxy.cut();
      const during = await load; // a dropped connection would reject here
      proxy.restore();
      expect(during.map((r) => r.status).filter((s) => s >= 500 && s !== 503)).toEqual([]);
      for (const r of during.filter((r) => r.status === 503)) expect(r.headers.get("retry-after")).toBeTruthy();
      expect(server.alive()).toBe(true);

      // Back up: each shopper submits the same form again and lands on one order; nothing lost, nothing doubled.
      const retries = await Promise.all(shoppers.map((s, i) => liveRequest(base, s, "/checkout", forms[i])));
      expect(retries.map((r) => r.status)).toEqual(Array(shoppers.length).fill(303));
      const after = await placedOrders(db.dbHandle.db);
      for (const s of shoppers) expect(after.perUser.get(s.userId)).toBe(1);
      expect(after.total - before.total).toBe(shoppers.length);
      expect(after.confirmationEmails - before.confirmationEmails).toBe(shoppers.length);
      expect(await stockOf(v.id)).toBe(v.stock - shoppers.length);
    });
    it("after a burst of orders the database goes down: anonymous catalog pages are still served from the cache", async () => {
      const pages = ["/", "/shop", "/packs", "/shop/apple-pear-oat-puree", "/packs/weekly-stage-pack-12-24m"];
      for (const p of pages) expect((await liveRequest(base, null, p)).status).toBe(200); // warm
      const v = await liveVariant(db.dbHandle.db, "butternut-mac-cheese", 160);
      const shoppers = await Promise.all(Array.from({ length: 5 }, () => liveCustomer(db.dbHandle.db)));
      for (const s of shoppers) {
        await addToCart(s, "butternut-mac-cheese", v.id, 1);
        expect((await liveRequest(base, s, "/checkout", await liveCheckoutForm(db.dbHandle.db))).status).toBe(303);
      }

      proxy.cut();
      try {
        for (const p of pages) expect([p, (await liveRequest(base, null, p)).status]).toEqual([p, 200]);
        // The one meal whose stock moved was forgotten, so its page needs the database: a 503, not a stale stock figure.
        expect((await liveRequest(base, null, "/shop/butternut-mac-cheese")).status).toBe(503);
      } finally {
        proxy.restore();
      }
      expect((await liveRequest(base, null, "/shop/butternut-mac-cheese")).status).toBe(200);
    });
  },
);
