// Benchmark (not a test): sequential round trips per page on the BUILT worker in workerd, and its response times with
// the distance to Neon and Upstash added. Every round trip through the stand-ins gets `D` ms; a page's sequential
// Postgres round trips are (time with D on the database − time with none) / D, likewise for the KV. Parallel calls
// overlap and count once, which is the figure that matters for latency.
//
// Needs `npm run build:edge`, Postgres and Redis (TEST_PG_URL, TEST_REDIS_URL). Env: BENCH_EDGE_LATENCY_MS (80),
// BENCH_EDGE_ROUNDS (3; on a loaded machine raise both: the counts come from time differences).
// Run: npx tsx tests/bench/edge-round-trips.ts  (also part of `npm run bench`). Prints a table and a JSON line.
import { eq } from "drizzle-orm";
import { productVariants, products } from "~/infra/db/schema";
import type { TestApp } from "../support/app";
import { addMeal, checkoutFields, get, guest, post, signedInCustomer, type Shopper } from "../support/storefront";
import { ORIGIN, startEdgeApp } from "../edge/worker-harness";

const D = Number(process.env.BENCH_EDGE_LATENCY_MS || 80);
const ROUNDS = Number(process.env.BENCH_EDGE_ROUNDS || 3);
const MEAL = "chicken-sweet-potato-carrot";

// The production limits, not the harness's "off": the limiter's KV calls are part of every page.
// Two isolates: the second serves nothing until the "fresh isolate" case at the end.
const edge = await startEdgeApp({
  env: { RATE_LIMIT_PAGES: "100000/1m", RATE_LIMIT_POST: "100000/1m", RATE_LIMIT_CHECKOUT: "100000/1m" },
  workers: 2,
});
const app = edge as unknown as TestApp;
try {
  const shopper = await signedInCustomer(app, guest("203.0.113.90"));
  const [meal] = await app.ctx.db
    .select({ id: productVariants.id })
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .where(eq(products.slug, MEAL))
    .limit(1);
  await app.ctx.db.update(productVariants).set({ stock: 10_000 }).where(eq(productVariants.id, meal.id));
  await addMeal(app, shopper, MEAL, meal.id, 1);

  type Page = { name: string; setup?: (s: Shopper) => Promise<unknown>; run: (s: Shopper) => Promise<Response> };
  const pages: Page[] = [
    { name: "/", run: (s) => get(app, s, "/") },
    { name: "/shop", run: (s) => get(app, s, "/shop") },
    { name: `/shop/${MEAL}`, run: (s) => get(app, s, `/shop/${MEAL}`) },
    { name: "/packs", run: (s) => get(app, s, "/packs") },
    { name: "/cart", run: (s) => get(app, s, "/cart") },
    { name: "/checkout", run: (s) => get(app, s, "/checkout") },
    {
      name: "POST /checkout (place order)",
      setup: (s) => addMeal(app, s, MEAL, meal.id, 1),
      run: async (s) => post(app, s, "/checkout", await checkoutFields(app)),
    },
  ];

  const timeOf = async (page: Page, latency: { db: number; kv: number }) => {
    const samples: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      await page.setup?.(shopper);
      edge.setLatency(latency);
      const started = performance.now();
      const res = await page.run(shopper);
      const ms = performance.now() - started;
      edge.setLatency({ db: 0, kv: 0 });
      if (res.status >= 400) throw new Error(`${page.name} answered ${res.status}`);
      samples.push(ms);
    }
    return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)];
  };

  const rows = [];
  for (const page of pages) {
    await timeOf(page, { db: 0, kv: 0 }); // warm: isolate, caches
    const base = await timeOf(page, { db: 0, kv: 0 });
    const db = await timeOf(page, { db: D, kv: 0 });
    const kv = await timeOf(page, { db: 0, kv: D });
    const both = await timeOf(page, { db: D, kv: D });
    rows.push({
      page: page.name,
      dbTrips: Math.round((db - base) / D),
      kvTrips: Math.round((kv - base) / D),
      warmMs: Math.round(both),
    });
  }

  // An anonymous visitor's /shop, with the distance added to every trip (median of ROUNDS):
  const anonymousShop = async (prepare: () => Promise<unknown>, worker = 0, rounds = ROUNDS) => {
    const samples: number[] = [];
    for (let i = 0; i < rounds; i++) {
      await prepare();
      edge.setLatency({ db: D, kv: D });
      const started = performance.now();
      const res = await edge.fetchVia(worker, new Request(new URL("/shop", ORIGIN)), { address: `203.0.113.${100 + i}` });
      samples.push(performance.now() - started);
      edge.setLatency({ db: 0, kv: 0 });
      if (res.status !== 200) throw new Error(`/shop answered ${res.status}`);
    }
    return Math.round(samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]);
  };
  const shopOnce = () => edge.fetchVia(0, new Request(new URL("/shop", ORIGIN)), { address: "203.0.113.99" });
  // warm: the page is in this isolate's HTML cache and the stamp has not moved.
  const warmShopMs = await anonymousShop(shopOnce);
  // cold, fresh isolate: a worker that has never served /shop (first request after a deploy or a scale-out); the
  // shared KV is warm. One sample: only the first request is cold.
  const freshIsolateShopMs = await anonymousShop(async () => {}, 1, 1);
  // cold, emptied: an admin edit has just invalidated the catalog, so /shop reads Postgres again.
  const coldShopMs = await anonymousShop(async () => {
    await shopOnce();
    await app.ctx.cache.invalidate("catalog");
  });

  console.log(`\nEdge round trips (worker in workerd, ${D} ms per round trip; median of ${ROUNDS})`);
  console.log("page".padEnd(32), "db seq".padStart(7), "kv seq".padStart(7), "warm ms".padStart(9));
  for (const r of rows) {
    console.log(r.page.padEnd(32), String(r.dbTrips).padStart(7), String(r.kvTrips).padStart(7), String(r.warmMs).padStart(9));
  }
  console.log(`anonymous /shop, ${D} ms per trip: warm ${warmShopMs} ms (goal ≤ 120)`);
  console.log(`  cold, fresh isolate: ${freshIsolateShopMs} ms; cold, catalog just invalidated: ${coldShopMs} ms (goal ≤ 250)`);
  console.log(JSON.stringify({ edgeRoundTrips: { latencyMs: D, rows, warmShopMs, freshIsolateShopMs, coldShopMs } }));
} finally {
  await edge.close();
}
