// Benchmark (not a test): the BUILT worker in workerd (Miniflare, HTTPS) beside the Node server (`build/server.js`), in
// one run, twice over: on the worker's database and KV through the same stand-ins — Neon (HTTP for the worker,
// WebSocket for Node), Upstash REST — so that share compares the two runtimes, not their backends; and in embedded mode
// (PGlite and the KV in the process, what `npm run bench` measures), the fastest Node there is. Embedded Node has its own
// database, where the worker's cart and session cookies name nothing: it renders those pages in full for a visitor
// without a cart or a name. Max throughput (autocannon) for `/shop` and a meal page as a shopper with a meal in the
// cart and as a signed-in one (both skip the anonymous HTML cache), anonymous (the worker's kept pages, Node's HTML
// cache), and `/api/health-simple` (Remix's request handling alone). All at their quiet production log
// level and without rate limits (one address sends thousands of requests).
//
// Needs `npm run build`, `npm run build:edge`, Postgres and Redis (TEST_PG_URL, TEST_REDIS_URL). Env: BENCH_CONNECTIONS
// (10), BENCH_SECONDS (8), BENCH_ROUNDS (2), BENCH_EDGE_PAGES (a regex: only those pages). Run:
// npx tsx tests/bench/edge-throughput.ts (also part of `npm run bench`). Prints a table and a JSON line.
import os from "node:os";
import autocannon from "autocannon";
import type { TestApp } from "../support/app";
import { addMeal, plentifulMeal, guest, signedInCustomer, type Shopper } from "../support/storefront";
import { startEdgeApp } from "../edge/worker-harness";
import { BENCH_SERVER_ENV, SERVER_NODE_FLAGS, startProcess, startShopServer } from "./process.mjs";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 10);
const SECONDS = Number(process.env.BENCH_SECONDS || 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 2);
const MEAL = "chicken-sweet-potato-carrot";
const BUILD_DIR = process.env.LH_BUILD_DIR || "build";
// Miniflare's certificate is self-signed; autocannon has no per-request option for it.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";

const NO_LIMITS = { RATE_LIMIT_PAGES: "off", RATE_LIMIT_POST: "off", RATE_LIMIT_CHECKOUT: "off", RATE_LIMIT_AUTH: "off" };
const edge = await startEdgeApp({ env: { ...NO_LIMITS, LOG_LEVEL: BENCH_SERVER_ENV.LOG_LEVEL } });
const app = edge as unknown as TestApp;
let node: Awaited<ReturnType<typeof startProcess>> | undefined;
let embedded: Awaited<ReturnType<typeof startProcess>> | undefined;
try {
  const mealId = await plentifulMeal(app, MEAL);
  const withCart = guest("203.0.113.80");
  await addMeal(app, withCart, MEAL, mealId, 1);
  const signedIn = await signedInCustomer(app, guest("203.0.113.81"));
  await addMeal(app, signedIn, MEAL, mealId, 1);

  // The Node server on the worker's own database and KV prefix, through the Neon WebSocket bridge and the Upstash bridge.
  const config = edge.ctx.config;
  node = await startProcess({
    args: ["build/server.js".replace(/^build/, BUILD_DIR)],
    nodeFlags: SERVER_NODE_FLAGS,
    env: {
      ...BENCH_SERVER_ENV,
      ...NO_LIMITS,
      DATABASE_URL: config.DATABASE_URL!,
      DATABASE_DRIVER: "neon",
      NEON_WS_PROXY: edge.neonWs.proxy,
      UPSTASH_REDIS_REST_URL: edge.upstash.url,
      UPSTASH_REDIS_REST_TOKEN: edge.upstash.token,
      KV_PREFIX: config.KV_PREFIX,
      RESEND_API_KEY: edge.resend.apiKey,
      RESEND_BASE_URL: edge.resend.url,
    },
    readyPath: "/shop",
  });
  embedded = await startShopServer(BUILD_DIR, { env: NO_LIMITS });

  const cookie = (s: Shopper) => [...s.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const pages = [
    { name: "/shop, a meal in the cart", path: "/shop", cookie: cookie(withCart) },
    { name: "meal page, a meal in the cart", path: `/shop/${MEAL}`, cookie: cookie(withCart) },
    { name: "/shop, signed in", path: "/shop", cookie: cookie(signedIn) },
    { name: "meal page, signed in", path: `/shop/${MEAL}`, cookie: cookie(signedIn) },
    { name: "/shop, anonymous (kept page)", path: "/shop", cookie: "" },
    { name: "meal page, anonymous (kept page)", path: `/shop/${MEAL}`, cookie: "" },
    // A Remix resource route that reads nothing: the middleware chain plus Remix's own request handling (route
    // matching, the loader call), without React or I/O.
    { name: "/api/health-simple (Remix, no I/O)", path: "/api/health-simple", cookie: "" },
  ];
  // BENCH_EDGE_PAGES=<regex>: only the pages whose name matches (e.g. "anonymous|health").
  const only = process.env.BENCH_EDGE_PAGES ? new RegExp(process.env.BENCH_EDGE_PAGES) : null;
  if (only) pages.splice(0, pages.length, ...pages.filter((p) => only.test(p.name)));
  const servers = [
    { name: "node", origin: node.url },
    { name: "embedded", origin: embedded.url },
    { name: "workerd", origin: edge.origin },
  ];
  const cannon = async (origin: string, page: (typeof pages)[number]) => {
    const headers: Record<string, string> = { "cf-connecting-ip": "203.0.113.82" };
    if (page.cookie) headers.cookie = page.cookie;
    const r = await autocannon({ url: origin + page.path, connections: CONNECTIONS, duration: SECONDS, headers });
    return {
      reqPerSec: Math.round(r.requests.average),
      p99Ms: r.latency.p99,
      failures: r.requests.total - r["2xx"] + r.errors + r.timeouts,
    };
  };

  // Warm both (isolate, caches, the kept page), then rounds that interleave servers and pages alike.
  for (const s of servers)
    for (const p of pages) {
      const res = await fetch(s.origin + p.path, {
        headers: p.cookie ? { cookie: p.cookie, "cf-connecting-ip": "203.0.113.82" } : {},
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${s.name} ${p.path} answered ${res.status}`);
    }
  const results = new Map<string, Awaited<ReturnType<typeof cannon>>[]>();
  for (let round = 0; round < ROUNDS; round++)
    for (const p of pages)
      for (const s of servers) {
        const r = await cannon(s.origin, p);
        results.set(`${s.name} ${p.name}`, [...(results.get(`${s.name} ${p.name}`) ?? []), r]);
        console.error(`  round ${round + 1} ${s.name} ${p.name}: ${r.reqPerSec} req/s, p99 ${r.p99Ms} ms, ${r.failures} failed`);
      }

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const rows = pages.map((p) => {
    const [n, e, w] = servers.map((s) => results.get(`${s.name} ${p.name}`)!);
    const nodeRps = median(n.map((r) => r.reqPerSec));
    const embeddedRps = median(e.map((r) => r.reqPerSec));
    const workerRps = median(w.map((r) => r.reqPerSec));
    return {
      page: p.name,
      nodeReqPerSec: nodeRps,
      embeddedReqPerSec: embeddedRps,
      workerReqPerSec: workerRps,
      workerShareOfNode: workerRps / nodeRps,
      workerShareOfEmbedded: workerRps / embeddedRps,
      nodeP99Ms: median(n.map((r) => r.p99Ms)),
      embeddedP99Ms: median(e.map((r) => r.p99Ms)),
      workerP99Ms: median(w.map((r) => r.p99Ms)),
      failures: [...n, ...e, ...w].reduce((sum, r) => sum + r.failures, 0),
      // Issue 27 goal 2: `/shop` and a meal page on workerd at half the Node server's throughput through the stand-ins.
      ...(/^(\/shop|meal page),/.test(p.name) ? { goal: { minShareOfNode: 0.5 }, goalMet: workerRps / nodeRps >= 0.5 } : {}),
    };
  });
  const load = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
  console.log(
    `\nWorker (workerd via Miniflare, HTTPS) vs Node server, same stand-ins — ${CONNECTIONS} conn × ${SECONDS} s × ${ROUNDS}, load ${load}`,
  );
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const cells = (values: (string | number)[]) => values.map((v) => String(v).padStart(9)).join("");
  console.log(
    `${"page".padEnd(34)}${cells(["worker", "node", "share", "embedded", "share", "p99 w", "p99 n", "p99 e", "fail"])}  goal`,
  );
  for (const r of rows)
    console.log(
      r.page.padEnd(34) +
        cells([
          r.workerReqPerSec,
          r.nodeReqPerSec,
          pct(r.workerShareOfNode),
          r.embeddedReqPerSec,
          pct(r.workerShareOfEmbedded),
          r.workerP99Ms,
          r.nodeP99Ms,
          r.embeddedP99Ms,
          r.failures,
        ]) +
        (r.goal ? `  ${r.goalMet ? "met" : "NOT met"} (≥ 50% of node)` : ""),
    );
  console.log("node: Node through the worker's stand-ins; embedded: Node on PGlite and its in-process KV. req/s, p99 in ms.");
  console.log(JSON.stringify({ edgeThroughput: { connections: CONNECTIONS, seconds: SECONDS, rounds: ROUNDS, load, rows } }));
} finally {
  await Promise.all([node?.stop(), embedded?.stop()]);
  await edge.close();
}
