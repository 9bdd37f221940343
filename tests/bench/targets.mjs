// What `npm run bench` measures (tests/bench/run.mjs), as two lists to extend: the ways our server is run (modes) and
// the requests made to each (targets). A target names its page and its visitor; the bench makes the visitors itself
// (a guest cart with one meal, a signed-in customer with one meal in the cart) on every server it starts.

export const MEAL = "/shop/chicken-sweet-potato-carrot";

/**
 * Our server, three ways (issue 27): the production build in production mode; `npm start` as the README's quick start
 * runs it (no NODE_ENV); and `npm start` self-hosted (Postgres + Redis, a scratch database). All embedded modes start on
 * a fresh DATA_DIR. `env` is laid over the bench's server environment (tests/bench/process.mjs); `undefined` unsets.
 */
export const MODES = [
  { name: "production", label: "production mode (embedded)", env: {} },
  { name: "start", label: "`npm start` (no NODE_ENV, embedded)", env: { NODE_ENV: undefined } },
  { name: "self-hosted", label: "`npm start`, self-hosted (pg + Redis)", env: { NODE_ENV: undefined }, selfHosted: true },
];

/**
 * Each target: `name` (its row, the same in every run file: docs/perf-runs/), `path`, `visitor` (anonymous | cart |
 * signed-in; the hello app has no visitors), and the goal when it has one: `minShare` of hello's req/s in the
 * same run, and p99 at the fixed rate ≤ `maxP99VsHello` × hello's.
 */
const shopper = (visitor, label, minShare) => [
  { name: `/shop, ${label}`, path: "/shop", visitor, minShare, maxP99VsHello: 2 },
  { name: `meal page, ${label}`, path: MEAL, visitor, minShare, maxP99VsHello: 2 },
  { name: `home, ${label}`, path: "/", visitor, minShare, maxP99VsHello: 2 },
  { name: `/packs, ${label}`, path: "/packs", visitor, minShare, maxP99VsHello: 2 },
  { name: `/cart, ${label}`, path: "/cart", visitor, minShare: minShare && 0.25, maxP99VsHello: 2 },
];

export const TARGETS = [
  { name: "bare Remix hello", path: "/", server: "hello" },
  { name: "/api/hello (our chain, no React)", path: "/api/hello", visitor: "anonymous" },
  { name: "/shop, anonymous (HTML cache)", path: "/shop", visitor: "anonymous" },
  { name: "meal page, anonymous (HTML cache)", path: MEAL, visitor: "anonymous" },
  { name: "home, anonymous (HTML cache)", path: "/", visitor: "anonymous" },
  ...shopper("cart", "cart cookie", 0.5),
  ...shopper("signed-in", "signed in", 0.5),
  { name: "/checkout, signed in", path: "/checkout", visitor: "signed-in", minShare: 0.25, maxP99VsHello: 2 },
  { name: "/account, signed in", path: "/account", visitor: "signed-in" },
];
