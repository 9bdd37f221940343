// Issue 27 goal 3: sequential round trips per request, counted at the Neon and Upstash stand-ins
// (tests/edge/round-trips.test.ts), against ROUND_TRIP_BUDGETS (scripts/budgets/limits.mjs).

/**
 * One message per request that waited for more trips one after another than its budget allows, naming the request
 * and the count. `counts` maps a request's name (a key of `budgets`) to its sequential trips; a request with no
 * budget is an error in the test, not a pass.
 */
export function overRoundTripBudget(counts, budgets) {
  return Object.entries(counts).flatMap(([name, trips]) => {
    if (!(name in budgets)) return [`${name}: no round-trip budget (add one to ROUND_TRIP_BUDGETS)`];
    return trips > budgets[name]
      ? [`${name} waited for ${trips} sequential round trips to the database and KV, over its budget of ${budgets[name]}`]
      : [];
  });
}
