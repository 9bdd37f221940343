// Fault drills (issue 16): a real `node build/server.js` under steady shopping load while its Postgres connections are
// terminated, cut (a restart), frozen, and its Redis is killed and frozen. Postgres is the shared one reached through a
// TCP proxy this script owns (so only its own connections suffer); Redis is a private redis-server. Prints what was
// lost, duplicated and answered 5xx, and exits non-zero if anything but the expected 503s went wrong.
// Usage: npm run drill   (needs Postgres at TEST_PG_URL and the redis-server binary)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, inArray, sql } from "drizzle-orm";
import pg from "pg";
import { emailOutbox, orderItems, orders, productVariants } from "../app/infra/db/schema";
import { RATE_LIMITS_OFF } from "../tests/support/app";
import { createTestDb, TEST_PG_URL } from "../tests/support/backends";
import { liveCheckoutForm, liveCustomer, liveRequest, liveVariant, type LiveShopper } from "../tests/support/live-shop";
import { startServerProcess } from "../tests/support/node-server";
import { freePort, privateRedis } from "../tests/support/ops";
import { startTcpProxy } from "../tests/support/tcp-proxy";
import { seedTestShop } from "../tests/support/seed-shop";

const WORKERS = 6;
const MEAL = { slug: "turkey-rice-broccoli", grams: 130 };
const SERVER_APP_NAME = "lh-drill-server";
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const db = await createTestDb("pg");
const redis = await privateRedis();
const target = new URL(TEST_PG_URL);
const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
const dataDir = mkdtempSync(path.join(tmpdir(), "lh-drill-"));
let server: ReturnType<typeof startServerProcess> | undefined;

const statuses = new Map<string, number>();
const count = (key: string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);
const confirmed = new Set<string>();
const abandoned = new Set<string>();
let stopping = false;

async function request(base: string, who: LiveShopper | null, path: string, form?: Record<string, string>) {
  try {
    const res = await liveRequest(base, who, path, form);
    await res.arrayBuffer();
    count(String(res.status));
    return res;
  } catch {
    count("connection error");
    return null;
  }
}

/** One shopper: browse, add the meal, check out — retrying the same form on 503 as the error page invites. */
async function shopper(base: string, who: LiveShopper, variantId: number) {
  while (!stopping) {
    await request(base, null, "/shop");
    const added = await request(base, who, `/shop/${MEAL.slug}`, { variantId: String(variantId), quantity: "1" });
    if (added?.status !== 303) continue;
    const form = await liveCheckoutForm(db.dbHandle.db);
    for (let attempt = 0; ; attempt++) {
      const res = await request(base, who, "/checkout", form);
      if (res?.status === 303) {
        confirmed.add(form.checkoutToken);
        break;
      }
      if (attempt === 40) {
        abandoned.add(form.checkoutToken);
        break;
      }
      await sleep(250);
    }
  }
}

async function phase(name: string, run: () => Promise<void>) {
  const before = new Map(statuses);
  const started = Date.now();
  await run();
  const delta = [...statuses].map(([k, v]) => [k, v - (before.get(k) ?? 0)] as const).filter(([, v]) => v > 0);
  console.log(
    `${name.padEnd(44)} ${String(Date.now() - started).padStart(6)} ms  ${delta.map(([k, v]) => `${k}×${v}`).join(" ")}`,
  );
}

async function terminateBackends() {
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  // Only the server's backends: the drill's own pool must live on to read results.
  await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and application_name = $2", [
    db.name,
    SERVER_APP_NAME,
  ]);
  await admin.end();
}

let failed = false;
try {
  await seedTestShop(db.dbHandle.db, { demoCustomer: false });
  const meal = await liveVariant(db.dbHandle.db, MEAL.slug, MEAL.grams);
  await db.dbHandle.db.update(productVariants).set({ stock: 100_000 }).where(eq(productVariants.id, meal.id));
  const viaProxy = new URL(db.url!);
  viaProxy.hostname = "127.0.0.1";
  viaProxy.port = String(proxy.port);
  viaProxy.searchParams.set("application_name", SERVER_APP_NAME);
  server = startServerProcess(
    { ...RATE_LIMITS_OFF, DATA_DIR: dataDir, DATABASE_URL: viaProxy.toString(), DATABASE_DRIVER: "pg", REDIS_URL: redis.url },
    await freePort(),
  );
  const base = await server.ready;
  const shoppers = await Promise.all(Array.from({ length: WORKERS }, () => liveCustomer(db.dbHandle.db)));
  const load = Promise.all(shoppers.map((s) => shopper(base, s, meal.id)));

  console.log(`drill: ${WORKERS} shoppers against ${base} (Postgres via proxy :${proxy.port}, private Redis)\n`);
  await phase("baseline", () => sleep(2_000));
  await phase("postgres: backends terminated mid-request", async () => {
    await terminateBackends();
    await sleep(2_000);
  });
  await phase("postgres: restart (connections reset, refused 1.5 s)", async () => {
    proxy.cut();
    await sleep(1_500);
    proxy.restore();
    await sleep(2_000);
  });
  await phase("postgres: frozen 2 s", async () => {
    proxy.freeze();
    await sleep(2_000);
    proxy.thaw();
    await sleep(2_000);
  });
  await phase("redis: killed 2 s, restarted", async () => {
    await redis.stop();
    await sleep(2_000);
    await redis.start();
    await sleep(2_000);
  });
  await phase("redis: frozen 2 s", async () => {
    redis.freeze();
    await sleep(2_000);
    redis.thaw();
    await sleep(2_000);
  });
  stopping = true;
  await phase("settle (last checkouts finish)", () => load.then(() => {}));

  const alive = server.alive();
  server.child.kill("SIGTERM");
  const exitCode = await server.exited;

  // What the database says, against what the shoppers were told.
  const rows = await db.dbHandle.db.select({ token: orders.checkoutToken, id: orders.id }).from(orders);
  const inDb = new Set(rows.map((r) => r.token));
  const lost = [...confirmed].filter((t) => !inDb.has(t)).length;
  const unconfirmed = rows.filter((r) => !confirmed.has(r.token)).length;
  const [emails] = await db.dbHandle.db
    .select({ n: sql<number>`count(*)::int` })
    .from(emailOutbox)
    .where(eq(emailOutbox.template, "order-confirmation"));
  const [taken] = rows.length
    ? await db.dbHandle.db
        .select({ n: sql<number>`coalesce(sum(${orderItems.quantity}), 0)::int` })
        .from(orderItems)
        .where(
          inArray(
            orderItems.orderId,
            rows.map((r) => r.id),
          ),
        )
    : [{ n: 0 }];
  const stockNow = (await liveVariant(db.dbHandle.db, MEAL.slug, MEAL.grams)).stock;
  const errors500 = [...statuses].filter(([k]) => /^5/.test(k) && k !== "503").reduce((n, [, v]) => n + v, 0);
  const summary = {
    "orders confirmed to shoppers": confirmed.size,
    "orders in the database": rows.length,
    lost,
    "duplicated or unconfirmed orders": unconfirmed,
    "confirmation emails queued": Number(emails.n),
    "stock taken matches order lines": 100_000 - stockNow === Number(taken.n),
    "checkouts abandoned after retries": abandoned.size,
    "503 (database unavailable, retried)": statuses.get("503") ?? 0,
    "other 5xx": errors500,
    "connection errors": statuses.get("connection error") ?? 0,
    "server alive through every fault": alive,
    "exit code after SIGTERM": exitCode,
  };
  console.log();
  console.table(summary);
  failed =
    lost > 0 ||
    unconfirmed > 0 ||
    Number(emails.n) !== rows.length ||
    100_000 - stockNow !== Number(taken.n) ||
    abandoned.size > 0 ||
    errors500 > 0 ||
    summary["connection errors"] > 0 ||
    !alive ||
    exitCode !== 0;
  console.log(
    failed ? "\nDRILL FAILED" : "\ndrill passed: nothing lost, nothing duplicated, no 5xx but 503s, no dropped connections",
  );
} finally {
  stopping = true;
  if (server?.alive()) server.child.kill("SIGKILL");
  redis.thaw();
  await redis.stop();
  await proxy.close();
  await db.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
