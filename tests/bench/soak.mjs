#!/usr/bin/env node
// Memory soak (issue 15, goal 3): our production build under mixed traffic for SOAK_SECONDS (300), printing its resident
// set size (VmRSS) after start, after a warm-up minute, every minute and at the end, and the peak (VmHWM, first start
// included). Not a test: "no growth" is read from the figures (docs/performance.md). `node tests/bench/soak.mjs` after a build.
//
// Traffic, cycled by every connection: anonymous catalog pages (the HTML cache), the same pages from a browser with a
// guest cart (rendered, one SQL statement for the cart count), a filtered /shop, the cart page, an add-to-cart POST on
// one guest cart (a write), a 404 and the liveness probe.
//
// Env: LH_BUILD_DIR (build), SOAK_MODE (embedded | self-hosted), SOAK_SECONDS (300), SOAK_RATE (200 req/s overall),
//      SOAK_CONNECTIONS (10), SOAK_NODE_FLAGS (default: those of `npm run serve`), BENCH_PG_URL, BENCH_REDIS_URL (self-hosted).
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { SERVER_NODE_FLAGS, sleep, startShopServer, withScratchDatabase } from "./process.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BUILD_DIR = path.resolve(ROOT, process.env.LH_BUILD_DIR || "build");
const MODE = process.env.SOAK_MODE || "embedded";
const SECONDS = Number(process.env.SOAK_SECONDS || 300);
const RATE = Number(process.env.SOAK_RATE || 200);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS || 10);
const MEAL = "/shop/chicken-sweet-potato-carrot";
const load = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");

async function soak(env) {
  const server = await startShopServer(BUILD_DIR, {
    env,
    // SOAK_NODE_FLAGS="" runs without our flags (to compare the heap cap on and off).
    nodeFlags:
      process.env.SOAK_NODE_FLAGS !== undefined ? process.env.SOAK_NODE_FLAGS.split(" ").filter(Boolean) : SERVER_NODE_FLAGS,
  });
  const rows = [["after first start", server.rssMiB()]];
  try {
    // One guest cart for the whole soak: its cookie comes from a first add to cart.
    const html = await (await fetch(server.url + MEAL)).text();
    const variantId =
      /name="variantId"[^>]*value="(\d+)"/.exec(html)?.[1] ?? /value="(\d+)"[^>]*name="variantId"/.exec(html)?.[1];
    const form = { "content-type": "application/x-www-form-urlencoded", origin: server.url };
    const add = new URLSearchParams({ variantId, quantity: "1" }).toString();
    const first = await fetch(server.url + MEAL, { method: "POST", headers: form, body: add, redirect: "manual" });
    const cart = {
      cookie: first.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; "),
    };
    const requests = [
      { path: "/" },
      { path: "/shop" },
      { path: MEAL },
      { path: "/packs" },
      { path: "/shop?age=6-8m&free=egg" },
      { path: "/shop", headers: cart },
      { path: MEAL, headers: cart },
      { path: "/", headers: cart },
      { path: "/cart", headers: cart },
      { path: "/shop?texture=puree", headers: cart },
      { path: MEAL, method: "POST", headers: { ...form, ...cart }, body: add },
      { path: "/shop/no-such-meal" },
      { path: "/api/health-simple" },
    ];
    const run = (seconds) =>
      autocannon({ url: server.url, connections: CONNECTIONS, duration: seconds, overallRate: RATE, requests });
    await run(Math.min(60, SECONDS));
    rows.push(["after a warm-up minute", server.rssMiB()]);
    let errors = 0;
    let non2xx = 0;
    for (let done = 0; done < SECONDS; done += 60) {
      const r = await run(Math.min(60, SECONDS - done));
      errors += r.errors + r.timeouts;
      non2xx += r.requests.total - r["2xx"] - r["3xx"];
      rows.push([
        `soak ${Math.min(done + 60, SECONDS)} s (${Math.round(r.requests.average)} req/s, load ${load()})`,
        server.rssMiB(),
      ]);
    }
    await sleep(2000);
    rows.push(["idle 2 s after", server.rssMiB()]);
    return { rows, peak: server.peakRssMiB(), errors, non2xx };
  } finally {
    await server.stop();
  }
}

console.error(`soak: ${MODE}, ${SECONDS} s at ${RATE} req/s over ${CONNECTIONS} connections; load before ${load()}`);
const result =
  MODE === "self-hosted"
    ? await withScratchDatabase(
        {
          pgUrl: process.env.BENCH_PG_URL || "postgres://postgres@127.0.0.1:5432/postgres",
          redisUrl: process.env.BENCH_REDIS_URL || "redis://127.0.0.1:6379",
          metricsToken: "bench-metrics-token",
        },
        soak,
      )
    : await soak({});
console.log(`\nsoak (${MODE}) — RSS in MiB (VmRSS); 404s are part of the mix`);
for (const [what, mib] of result.rows) console.log(`${what.padEnd(60)}${String(mib).padStart(6)}`);
console.log(
  `peak (VmHWM, first start included): ${result.peak} MiB; errors ${result.errors}, other non-2xx/3xx ${result.non2xx}`,
);
