// Issue 27 goal 3: sequential round trips to Neon and Upstash per page and for placing an order, counted at the
// stand-ins on the BUILT worker (the figures of tests/bench/edge-round-trips.ts), held to ROUND_TRIP_BUDGETS. Counted,
// not timed: each stand-in holds every trip for a fixed delay and logs it; trips that started after another ended are
// one after another. A stall of this busy machine can only make side-by-side trips look sequential, never the reverse,
// so each request gets up to three tries and its lowest count is its figure.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROUND_TRIP_BUDGETS } from "../../scripts/budgets/limits.mjs";
import { overRoundTripBudget } from "../../scripts/budgets/round-trips.mjs";
import type { TestApp } from "../support/app";
import { addMeal, plentifulMeal, checkoutFields, get, guest, post, signedInCustomer, type Shopper } from "../support/storefront";
import { ORIGIN, startEdgeApp, type EdgeApp } from "./worker-harness";

/** Long beside the app's own work between two trips, so side by side and one after another are told apart. */
const TRIP_MS = 120;
const TRIES = 3;
const MEAL = "chicken-sweet-potato-carrot";

let edge: EdgeApp;
let app: TestApp;
beforeAll(async () => {
  // The production limits' calls are part of every request; high enough never to refuse this file's traffic.
  edge = await startEdgeApp({
    env: { RATE_LIMIT_PAGES: "100000/1m", RATE_LIMIT_POST: "100000/1m", RATE_LIMIT_CHECKOUT: "100000/1m" },
  });
  app = edge as unknown as TestApp;
});
afterAll(() => edge?.close());

type Case = { name: keyof typeof ROUND_TRIP_BUDGETS; setup?: () => Promise<unknown>; run: () => Promise<Response> };

/** The request's lowest count of sequential trips over up to TRIES runs (after one warm-up run). */
async function sequentialTripsOf(c: Case): Promise<number> {
  await c.setup?.();
  await c.run(); // warm: isolate, caches, the location's copy
  let lowest = Infinity;
  for (let i = 0; i < TRIES && lowest > ROUND_TRIP_BUDGETS[c.name]; i++) {
    await c.setup?.();
    const { both } = await edge.sequentialTripsOf(TRIP_MS, async () => {
      const res = await c.run();
      await res.arrayBuffer();
      if (res.status >= 400) throw new Error(`${c.name} answered ${res.status}`);
    });
    lowest = Math.min(lowest, both);
  }
  return lowest;
}

describe("sequential round trips on workerd", () => {
  it("stay within their budgets for every page, placing an order and a kept anonymous page", async () => {
    const shopper: Shopper = await signedInCustomer(app, guest("203.0.113.91"));
    const mealId = await plentifulMeal(app, MEAL);
    await addMeal(app, shopper, MEAL, mealId, 1);

    let orderForm: Record<string, string> = {};
    const cases: Case[] = [
      { name: "/ (signed in)", run: () => get(app, shopper, "/") },
      { name: "/shop (signed in)", run: () => get(app, shopper, "/shop") },
      { name: "meal page (signed in)", run: () => get(app, shopper, `/shop/${MEAL}`) },
      { name: "/packs (signed in)", run: () => get(app, shopper, "/packs") },
      { name: "/cart (signed in)", run: () => get(app, shopper, "/cart") },
      { name: "/checkout (signed in)", run: () => get(app, shopper, "/checkout") },
      {
        name: "placing an order (POST /checkout)",
        // A fresh cart and form before each order; reading the form's delivery date is the test's own trip.
        setup: async () => {
          await addMeal(app, shopper, MEAL, mealId, 1);
          orderForm = await checkoutFields(app);
        },
        run: () => post(app, shopper, "/checkout", orderForm),
      },
      {
        name: "anonymous /shop, kept in the location",
        run: () => edge.fetchVia(0, new Request(new URL("/shop", ORIGIN)), { address: "203.0.113.92" }),
      },
    ];
    const counts: Record<string, number> = {};
    for (const c of cases) counts[c.name] = await sequentialTripsOf(c);

    expect(overRoundTripBudget(counts, ROUND_TRIP_BUDGETS)).toEqual([]);
    // The count is live: a signed-in page checks its session at least once, and an order writes.
    expect(counts["/shop (signed in)"]).toBeGreaterThan(0);
    expect(counts["placing an order (POST /checkout)"]).toBeGreaterThan(0);
  });
});
