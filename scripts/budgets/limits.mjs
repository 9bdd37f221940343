// Every performance budget a test or the build holds (issue 27 goal 3), in one place. Sizes are gzip (level 9, what
// the Node server sends), in KB of 1024 bytes, as Lighthouse and docs/performance.md count them.

/** JavaScript a page loads (entry + its route chain + their static imports), by the area its route belongs to. */
export const PAGE_JS_BUDGET_KB = { storefront: 110, account: 130, admin: 160 };

/**
 * The worker bundle (`npm run build:edge`: build-edge/worker/*.js + *.wasm, gzipped): issue 27's target. It was
 * 1 146 KB at 6450038 and 592 KB after ADR 043; never raise it without a decision record.
 */
export const WORKER_BUNDLE_BUDGET_KB = 700;

/**
 * Sequential round trips to the database and the KV together (side by side counts once), counted at the stand-ins
 * on the built worker (tests/edge/round-trips.test.ts); docs/performance.md "Edge round trips".
 */
export const ROUND_TRIP_BUDGETS = {
  "/ (signed in)": 1,
  "/shop (signed in)": 1,
  "meal page (signed in)": 1,
  "/packs (signed in)": 1,
  "/cart (signed in)": 1,
  "/checkout (signed in)": 1,
  "placing an order (POST /checkout)": 2,
  "anonymous /shop, kept in the location": 0,
};
