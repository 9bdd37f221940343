// Benchmark (not a test): sequential round trips per page on the BUILT worker in workerd, with the distance to Neon
// and Upstash added to every trip (default 160 ms: Johannesburg to Frankfurt). The stand-ins log every HTTP round
// trip; the count is the longest chain of trips made one after another (side by side counts once), which is what a
// shopper waits for. Plus the response times at that distance.
//
// Needs `npm run build:edge`, Postgres and Redis (TEST_PG_URL, TEST_REDIS_URL). Env: BENCH_EDGE_LATENCY_MS (160),
// BENCH_EDGE_ROUNDS (3). Run: npx tsx tests/bench/edge-round-trips.ts (also part of `npm run bench`). Prints a table
// and a JSON line.
import type { TestApp } from "../support/app";
import { addMeal, plentifulMeal, checkoutFields, get, guest, post, signedInCustomer, type Shopper } from "../support/storefront";
import { ORIGIN, startEdgeApp } from "../edge/worker-harness";
import { ROUND_TRIP_BUDGETS } from "../../scripts/budgets/limits.mjs";

const D = Number(process.env.BENCH_EDGE_LATENCY_MS || 160);
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
  const mealId = await plentifulMeal(app, MEAL);
  await addMeal(app, shopper, MEAL, mealId, 1);

  let orderForm: Record<string, string> = {};
  type Page = { name: string; setup?: (s: Shopper) => Promise<unknown>; run: (s: Shopper) => Promise<Response> };
  const pages: Page[] = [
    { name: "/ (signed in)", run: (s) => get(app, s, "/") },
    { name: "/shop (signed in)", run: (s) => get(app, s, "/shop") },
    { name: "meal page (signed in)", run: (s) => get(app, s, `/shop/${MEAL}`) },
    { name: "/packs (signed in)", run: (s) => get(app, s, "/packs") },
    { name: "/cart (signed in)", run: (s) => get(app, s, "/cart") },
    { name: "/checkout (signed in)", run: (s) => get(app, s, "/checkout") },
    {
      name: "placing an order (POST /checkout)",
      // The form is filled in before the clock starts: reading its delivery date is the bench's own trip to the KV.
      setup: async (s) => {
        await addMeal(app, s, MEAL, mealId, 1);
        orderForm = await checkoutFields(app);
      },
      run: (s) => post(app, s, "/checkout", orderForm),
    },
  ];

  /** Median response time and sequential trips over ROUNDS runs (after a warm-up run). */
  const measure = async (page: Page) => {
    await page.setup?.(shopper);
    await page.run(shopper); // warm: isolate, caches
    const samples: { ms: number; db: number; kv: number; both: number }[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      await page.setup?.(shopper);
      await new Promise((r) => setTimeout(r, 1_000)); // the last request's waitUntil work (e-mail), out of this count
      let ms = 0;
      const trips = await edge.sequentialTripsOf(D, async () => {
        const started = performance.now();
        const res = await page.run(shopper);
        ms = performance.now() - started;
        if (res.status >= 400) throw new Error(`${page.name} answered ${res.status}`);
      });
      samples.push({ ms, ...trips });
    }
    const median = (k: "db" | "kv" | "both" | "ms") =>
      samples.map((x) => x[k]).sort((a, b) => a - b)[Math.floor(samples.length / 2)];
    return {
      page: page.name,
      dbTrips: median("db"),
      kvTrips: median("kv"),
      sequentialTrips: median("both"),
      warmMs: Math.round(median("ms")),
    };
  };

  const rows = [];
  for (const page of pages) rows.push(await measure(page));

  // An anonymous visitor's catalogue pages (no cookie): kept in the location, or rendered on a first visit.
  let n = 0;
  const anonymous = async (name: string, path: () => string, prepare: () => Promise<unknown> = async () => {}, worker = 0) => {
    const page: Page = {
      name,
      setup: prepare,
      run: () => edge.fetchVia(worker, new Request(new URL(path(), ORIGIN)), { address: `203.0.113.${100 + (n++ % 100)}` }),
    };
    const row = await measure(page);
    return { ...row, page: name };
  };
  const unique = () => `/shop?texture=puree&visit=${n}`;
  const anonymousRows = [
    await anonymous("anonymous /shop, kept in the location", () => "/shop"),
    await anonymous("anonymous, first visit to a page", unique),
    await anonymous("anonymous, after an admin edit", unique, () => app.ctx.cache.invalidate("catalog")),
    await anonymous("anonymous, fresh isolate", unique, async () => {}, 1),
  ];

  console.log(`\nEdge round trips (worker in workerd, ${D} ms added to every trip to Neon and Upstash; median of ${ROUNDS})`);
  console.log(
    "request (one meal in the cart)".padEnd(40),
    "db".padStart(4),
    "kv".padStart(4),
    "seq".padStart(5),
    "ms".padStart(7),
    " budget",
  );
  for (const r of [...rows, ...anonymousRows]) {
    const cells = [r.dbTrips, r.kvTrips, r.sequentialTrips, r.warmMs].map((v, i) =>
      String(v).padStart(i === 3 ? 7 : i === 2 ? 5 : 4),
    );
    const budget = (ROUND_TRIP_BUDGETS as Record<string, number>)[r.page];
    console.log(
      r.page.padEnd(40),
      ...cells,
      budget === undefined ? "" : ` ${budget}${r.sequentialTrips > budget ? " OVER" : ""}`,
    );
  }
  console.log("seq: trips one after another, database and KV together (side by side counts once)");
  console.log("budget: ROUND_TRIP_BUDGETS (scripts/budgets/limits.mjs), held by tests/edge/round-trips.test.ts");
  console.log(JSON.stringify({ edgeRoundTrips: { latencyMs: D, rows: [...rows, ...anonymousRows] } }));
} finally {
  await edge.close();
}
