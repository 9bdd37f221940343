// Issue 27 goal 3: the round-trip budget check bites. The edge suite counts real trips at the stand-ins
// (tests/edge/round-trips.test.ts); here synthetic trip logs, as the stand-ins record them, go through the same count
// and check.
import { describe, expect, it } from "vitest";
import { overRoundTripBudget } from "../../scripts/budgets/round-trips.mjs";
import { ROUND_TRIP_BUDGETS } from "../../scripts/budgets/limits.mjs";
import { sequentialTrips, type Trip } from "../support/latency";

const trip = (start: number, end: number): Trip => ({ start, end });

describe("the round-trip budget", () => {
  it("passes today's counts: signed-in pages 1, placing an order 2, a warm anonymous page 0", () => {
    const counts = {
      "/shop (signed in)": sequentialTrips([trip(0, 160), trip(2, 162)]), // session and page reads side by side
      "placing an order (POST /checkout)": sequentialTrips([trip(0, 160), trip(1, 161), trip(170, 330)]),
      "anonymous /shop, kept in the location": sequentialTrips([]),
    };
    expect(counts).toEqual({
      "/shop (signed in)": 1,
      "placing an order (POST /checkout)": 2,
      "anonymous /shop, kept in the location": 0,
    });
    expect(overRoundTripBudget(counts, ROUND_TRIP_BUDGETS)).toEqual([]);
  });

  it("names the page and the count when a sequential trip is added to /shop", () => {
    // The page's reads now wait for the session lookup instead of running beside it.
    const counts = { "/shop (signed in)": sequentialTrips([trip(0, 160), trip(165, 325)]) };
    expect(overRoundTripBudget(counts, ROUND_TRIP_BUDGETS)).toEqual([
      "/shop (signed in) waited for 2 sequential round trips to the database and KV, over its budget of 1",
    ]);
  });

  it("refuses a request that has no budget instead of passing it", () => {
    expect(overRoundTripBudget({ "/new-page (signed in)": 1 }, ROUND_TRIP_BUDGETS)).toEqual([
      "/new-page (signed in): no round-trip budget (add one to ROUND_TRIP_BUDGETS)",
    ]);
  });
});
