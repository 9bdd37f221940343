#!/usr/bin/env node
// `npm run bench` (issue 15): our catalog pages beside a bare Remix 2 "hello" app, in one run on this machine.
// Prints figures, never asserts them. Builds tests/bench/hello-fixture itself, starts it and our production build in
// embedded mode on a fresh DATA_DIR (timing that first start), then per target: max throughput (autocannon,
// BENCH_CONNECTIONS × BENCH_SECONDS) and latency at a fixed BENCH_RATE req/s; finally both servers' peak RSS (VmHWM).
// The per-mode bench (cold/warm cache, self-hosted, SQL per request) is tests/bench/modes.mjs.
//
// Then, when the worker is built (`npm run build:edge`), its sequential round trips per page
// (tests/bench/edge-round-trips.ts), its throughput beside the Node server's (tests/bench/edge-throughput.ts; both need
// the local Postgres and Redis) and its start-up (tests/bench/edge-startup.mjs).
//
// Env: LH_BUILD_DIR (build), BENCH_CONNECTIONS (10), BENCH_SECONDS (10), BENCH_RATE (100), BENCH_ROUNDS (1),
//      BENCH_EDGE (auto: run the worker part when build-edge/ exists; 0 = skip),
//      BENCH_LIGHTHOUSE (auto: Lighthouse on three pages when Debian chromium is installed; 0 = skip).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { sleep, startProcess, startShopServer } from "./process.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BUILD_DIR = path.resolve(ROOT, process.env.LH_BUILD_DIR || "build");
const FIXTURE = path.join(ROOT, "tests/bench/hello-fixture");
const HELLO_BUILD = path.join(BUILD_DIR, "hello-fixture");
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 10);
const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const RATE = Number(process.env.BENCH_RATE || 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 1);
const MEAL = "/shop/chicken-sweet-potato-carrot";
// A browser holding a guest cart (any cookie) never gets the anonymous HTML cache: the uncached render, for comparison.
const WITH_CART = { headers: { cookie: "lh_cart=00000000-0000-4000-8000-000000000000" } };

const load = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");

function buildHello() {
  const started = performance.now();
  execFileSync(process.execPath, [path.join(ROOT, "node_modules/@remix-run/dev/dist/cli.js"), "build"], {
    cwd: FIXTURE,
    env: { ...process.env, NODE_ENV: "production", HELLO_BUILD_DIR: HELLO_BUILD },
    stdio: "ignore",
  });
  return (performance.now() - started) / 1000;
}

async function cannon(url, extra) {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, ...extra });
  return {
    reqPerSec: Math.round(r.requests.average),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    non2xx: r.requests.total - r["2xx"],
    errors: r.errors + r.timeouts,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.error(`load before: ${load()}`);
const helloBuildSeconds = buildHello();
const hello = await startProcess({
  args: [path.join(FIXTURE, "server.mjs")],
  env: { NODE_ENV: "production", HELLO_BUILD_DIR: HELLO_BUILD },
  readyPath: "/",
});
// Our server on a fresh DATA_DIR: the clock runs from spawn to the first 200 on /shop (PGlite restored from the
// build's snapshot, seeded, admin created).
const ours = await startShopServer(BUILD_DIR);
console.error(`first start to 200 on /shop: ${ours.readySeconds.toFixed(1)} s`);

const targets = [
  { name: "bare Remix hello", url: hello.url + "/" },
  { name: "/api/hello (our chain, no React)", url: ours.url + "/api/hello" },
  { name: "/shop", url: ours.url + "/shop" },
  { name: "meal page", url: ours.url + MEAL },
  { name: "home /", url: ours.url + "/" },
  { name: "/shop with a cart cookie (no HTML cache)", url: ours.url + "/shop", extra: WITH_CART },
];
const runs = Object.fromEntries(targets.map((t) => [t.name, { max: [], fixed: [] }]));
let rss;
let oversizedPostMs = null;
try {
  for (const t of targets) {
    const res = await fetch(t.url, t.extra);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${t.url} answered ${res.status}`);
  }
  await sleep(1000);
  // Rounds interleave the targets, so a burst of load from elsewhere on the machine hits them all alike.
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of targets) {
      runs[t.name].max.push(await cannon(t.url, t.extra));
      runs[t.name].fixed.push(await cannon(t.url, { ...t.extra, overallRate: RATE }));
      const m = runs[t.name].max.at(-1);
      console.error(
        `  round ${round + 1} ${t.name}: ${m.reqPerSec} req/s, p99 at ${RATE}/s ${runs[t.name].fixed.at(-1).p99Ms} ms`,
      );
    }
  }
  oversizedPostMs = await timeTo413(ours.url);
} finally {
  rss = { hello: hello.peakRssMiB(), ours: ours.peakRssMiB() };
  await Promise.all([hello.stop(), ours.stop()]);
}

const helloMax = median(runs["bare Remix hello"].max.map((r) => r.reqPerSec));
const helloP99Fixed = median(runs["bare Remix hello"].fixed.map((r) => r.p99Ms));
const rows = targets.map((t) => {
  const { max, fixed } = runs[t.name];
  const reqPerSec = median(max.map((r) => r.reqPerSec));
  const p99Fixed = median(fixed.map((r) => r.p99Ms));
  return {
    target: t.name,
    reqPerSec,
    reqPerSecAll: max.map((r) => r.reqPerSec),
    shareOfHello: reqPerSec / helloMax,
    p50Ms: median(max.map((r) => r.p50Ms)),
    p99Ms: median(max.map((r) => r.p99Ms)),
    p99AtRateMs: p99Fixed,
    p99AtRateVsHello: p99Fixed / helloP99Fixed,
    failures: [...max, ...fixed].reduce((n, r) => n + r.non2xx + r.errors, 0),
  };
});
const summary = {
  at: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  loadAfter: load(),
  connections: CONNECTIONS,
  seconds: SECONDS,
  rate: RATE,
  rounds: ROUNDS,
  helloBuildSeconds,
  firstStartSeconds: ours.readySeconds,
  oversizedPostMs,
  peakRssMiB: rss,
  rows,
};
mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
const file = path.join(ROOT, "bench/results", `catalog-${summary.at.replace(/[:.]/g, "-")}.json`);
writeFileSync(file, JSON.stringify(summary, null, 2) + "\n");

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
console.log(
  `\nLittle Harvest vs bare Remix — ${CONNECTIONS} conn × ${SECONDS} s × ${ROUNDS} round(s), fixed rate ${RATE}/s, node ${process.version}, ${summary.cpus} CPUs, load ${summary.loadAfter}`,
);
console.log(
  `${pad("target", 42)}${lpad("req/s", 8)}${lpad("share", 8)}${lpad("p50 ms", 8)}${lpad("p99 ms", 8)}${lpad(`p99@${RATE}`, 9)}${lpad("×hello", 8)}${lpad("fail", 6)}`,
);
for (const r of rows) {
  console.log(
    `${pad(r.target, 42)}${lpad(r.reqPerSec, 8)}${lpad(`${Math.round(r.shareOfHello * 100)}%`, 8)}${lpad(r.p50Ms, 8)}${lpad(r.p99Ms, 8)}${lpad(r.p99AtRateMs, 9)}${lpad(r.p99AtRateVsHello.toFixed(2), 8)}${lpad(r.failures, 6)}`,
  );
}
console.log(`first start (fresh DATA_DIR → first 200 on /shop): ${ours.readySeconds.toFixed(1)} s`);
console.log(`50 MB POST to /login → ${oversizedPostMs.status} after ${oversizedPostMs.ms} ms (goal ≤ 100 ms)`);
console.log(`peak RSS (VmHWM, first start + bench): ours ${rss.ours} MiB, hello ${rss.hello} MiB`);
console.log(`figures: ${path.relative(ROOT, file)}`);

if (process.env.BENCH_EDGE !== "0" && existsSync(path.join(ROOT, "build-edge"))) {
  console.log("\nworker: sequential round trips per page (tests/bench/edge-round-trips.ts)");
  spawnSync("npx", ["tsx", "tests/bench/edge-round-trips.ts"], { cwd: ROOT, stdio: "inherit" });
  console.log("\nworker: throughput beside the Node server (tests/bench/edge-throughput.ts)");
  spawnSync("npx", ["tsx", "tests/bench/edge-throughput.ts"], { cwd: ROOT, stdio: "inherit" });
  console.log("\nworker: start-up (tests/bench/edge-startup.mjs)");
  spawnSync(process.execPath, ["tests/bench/edge-startup.mjs"], { cwd: ROOT, stdio: "inherit" });
} else {
  console.log("worker round trips, throughput and start-up: skipped (run `npm run build:edge` first, or BENCH_EDGE=0 was set)");
}

if (process.env.BENCH_LIGHTHOUSE !== "0" && existsSync(process.env.CHROMIUM_PATH || "/usr/bin/chromium")) {
  console.log("\nLighthouse, mobile preset (tests/bench/lighthouse.mjs)");
  spawnSync("node", ["tests/bench/lighthouse.mjs"], { cwd: ROOT, stdio: "inherit" });
} else {
  console.log("Lighthouse: skipped (no chromium, or BENCH_LIGHTHOUSE=0 was set)");
}

/** Issue 11: a 50 MB anonymous POST to /login is refused (413) before it is read; how long until the answer. */
async function timeTo413(base) {
  const { request } = await import("node:http");
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(`${base}/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: base, "content-length": String(50 * 1024 * 1024) },
    });
    req.on("response", (res) => {
      res.resume();
      resolve({ status: res.statusCode, ms: Math.round(performance.now() - started) });
      req.destroy();
    });
    req.on("error", reject);
    req.write(Buffer.alloc(64 * 1024, "a"));
  });
}
