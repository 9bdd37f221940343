#!/usr/bin/env node
// `npm run bench` (issues 15, 27): our pages beside a bare Remix 2 "hello" app, in one run on this machine. Prints
// figures, never asserts them. Builds tests/bench/hello-fixture itself and starts it; then for each mode our server
// is run in (tests/bench/targets.mjs: production mode, `npm start` without NODE_ENV, self-hosted), starts it on a fresh
// DATA_DIR (timing that first start), makes the visitors (a guest cart, a signed-in customer) and measures every
// target beside hello: max throughput (autocannon, BENCH_CONNECTIONS × BENCH_SECONDS) and latency at a fixed
// BENCH_RATE req/s; then both servers' peak RSS (VmHWM). Rounds interleave the targets of a mode.
//
// Then the JavaScript each page loads (the client build's module graph), and when the worker is built
// (`npm run build:edge`) its bundle size, sequential round trips per page (tests/bench/edge-round-trips.ts), its
// throughput beside the Node server's (tests/bench/edge-throughput.ts; both need the local Postgres and Redis) and its
// start-up (tests/bench/edge-startup.mjs), and Lighthouse when Debian chromium is installed.
//
// `npm run bench -- --json` also writes every figure, with the machine's load, CPUs, node version and the commit, to
// docs/perf-runs/<date>-<commit>.json; `npm run perf:report` renders docs/performance.md's tables from those files.
//
// Env: LH_BUILD_DIR (build), BENCH_CONNECTIONS (10), BENCH_SECONDS (10), BENCH_RATE (100), BENCH_ROUNDS (1),
//      BENCH_MODES (production,start,self-hosted), BENCH_TARGETS (a substring of target names to keep, e.g. "signed in"),
//      BENCH_PG_URL (postgres://postgres@127.0.0.1:5432/postgres), BENCH_REDIS_URL (redis://127.0.0.1:6379),
//      BENCH_EDGE (auto: run the worker part when build-edge/ exists; 0 = skip),
//      BENCH_LIGHTHOUSE (auto: Lighthouse on three pages when Debian chromium is installed; 0 = skip).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { loadClientBuild, pageBundles } from "../../scripts/budgets/client-bundles.mjs";
import { PAGE_JS_BUDGET_KB, WORKER_BUNDLE_BUDGET_KB } from "../../scripts/budgets/limits.mjs";
import { workerBundle } from "../../scripts/budgets/worker-bundle.mjs";
import { BENCH_SERVER_ENV, sleep, startProcess, startShopServer, withScratchDatabase } from "./process.mjs";
import { MODES, TARGETS } from "./targets.mjs";
import { makeVisitors } from "./visitors.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BUILD_DIR = path.resolve(ROOT, process.env.LH_BUILD_DIR || "build");
const FIXTURE = path.join(ROOT, "tests/bench/hello-fixture");
const HELLO_BUILD = path.join(BUILD_DIR, "hello-fixture");
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 10);
const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const RATE = Number(process.env.BENCH_RATE || 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 1);
const MODE_NAMES = (process.env.BENCH_MODES || MODES.map((m) => m.name).join(",")).split(",").map((s) => s.trim());
const KEEP = process.env.BENCH_TARGETS;
const PG_URL = process.env.BENCH_PG_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.BENCH_REDIS_URL || "redis://127.0.0.1:6379";
const JSON_OUT = process.argv.includes("--json");

const loadavg = () => os.loadavg().map((n) => Number(n.toFixed(2)));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const git = (...args) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();

function buildHello() {
  const started = performance.now();
  execFileSync(process.execPath, [path.join(ROOT, "node_modules/@remix-run/dev/dist/cli.js"), "build"], {
    cwd: FIXTURE,
    env: { ...process.env, NODE_ENV: "production", HELLO_BUILD_DIR: HELLO_BUILD },
    stdio: "ignore",
  });
  return (performance.now() - started) / 1000;
}

async function cannon(url, headers, extra = {}) {
  const r = await autocannon({ url, headers, connections: CONNECTIONS, duration: SECONDS, ...extra });
  return {
    reqPerSec: Math.round(r.requests.average),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    non2xx: r.requests.total - r["2xx"],
    errors: r.errors + r.timeouts,
  };
}

const targets = TARGETS.filter((t) => t.server === "hello" || !KEEP || t.name.includes(KEEP));

/** Every target of one mode beside hello; the rows with the goal each meets or not. */
async function benchMode(mode, hello, serverEnv) {
  const loadBefore = loadavg();
  const ours = await startShopServer(BUILD_DIR, { env: { ...mode.env, ...serverEnv } });
  console.error(`[${mode.name}] first start to 200 on /shop: ${ours.readySeconds.toFixed(1)} s`);
  const runs = Object.fromEntries(targets.map((t) => [t.name, { max: [], fixed: [] }]));
  const skipped = [];
  let oversizedPostMs = null;
  let peakRssMiB;
  try {
    const visitors = await makeVisitors(ours.url, MODES.indexOf(mode));
    const live = [];
    for (const t of targets) {
      const url = (t.server === "hello" ? hello.url : ours.url) + t.path;
      const headers = visitors[t.visitor] ?? {};
      const res = await fetch(url, { headers, redirect: "manual" });
      await res.arrayBuffer();
      if (res.status === 200) live.push({ ...t, url, headers });
      else skipped.push({ target: t.name, status: res.status });
    }
    await sleep(1000);
    for (let round = 0; round < ROUNDS; round++) {
      for (const t of live) {
        runs[t.name].max.push(await cannon(t.url, t.headers));
        runs[t.name].fixed.push(await cannon(t.url, t.headers, { overallRate: RATE }));
        const m = runs[t.name].max.at(-1);
        console.error(
          `  [${mode.name}] round ${round + 1} ${t.name}: ${m.reqPerSec} req/s, p99 at ${RATE}/s ${runs[t.name].fixed.at(-1).p99Ms} ms`,
        );
      }
    }
    oversizedPostMs = await timeTo413(ours.url);
  } finally {
    peakRssMiB = { hello: hello.peakRssMiB(), ours: ours.peakRssMiB() };
    await ours.stop();
  }
  const helloMax = median(runs["bare Remix hello"].max.map((r) => r.reqPerSec));
  const helloP99Fixed = median(runs["bare Remix hello"].fixed.map((r) => r.p99Ms));
  const rows = targets
    .filter((t) => runs[t.name].max.length > 0)
    .map((t) => {
      const { max, fixed } = runs[t.name];
      const reqPerSec = median(max.map((r) => r.reqPerSec));
      const p99AtRateMs = median(fixed.map((r) => r.p99Ms));
      const shareOfHello = reqPerSec / helloMax;
      const p99AtRateVsHello = p99AtRateMs / helloP99Fixed;
      return {
        target: t.name,
        reqPerSec,
        reqPerSecAll: max.map((r) => r.reqPerSec),
        shareOfHello,
        p50Ms: median(max.map((r) => r.p50Ms)),
        p99Ms: median(max.map((r) => r.p99Ms)),
        p99AtRateMs,
        p99AtRateVsHello,
        failures: [...max, ...fixed].reduce((n, r) => n + r.non2xx + r.errors, 0),
        ...(t.minShare
          ? {
              goal: { minShare: t.minShare, maxP99VsHello: t.maxP99VsHello },
              goalMet: shareOfHello >= t.minShare && p99AtRateVsHello <= t.maxP99VsHello,
            }
          : {}),
      };
    });
  return {
    mode: mode.name,
    label: mode.label,
    loadBefore,
    loadAfter: loadavg(),
    firstStartSeconds: ours.readySeconds,
    oversizedPostMs,
    peakRssMiB,
    skipped,
    rows,
  };
}

/** The JavaScript each page loads, from the client build's module graph (the budget test reads the same). */
function jsPerPage() {
  const pages = pageBundles(loadClientBuild({ root: ROOT, buildDir: path.relative(ROOT, BUILD_DIR) }));
  return pages.map((p) => ({
    route: p.routeId,
    area: p.area,
    gzipKb: Number((p.gzipBytes / 1024).toFixed(1)),
    budgetKb: PAGE_JS_BUDGET_KB[p.area],
  }));
}

/** Runs a figure-printing script, passing its output through; returns the object on its last JSON line, if any. */
function runScript(command, args) {
  const run = spawnSync(command, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
  process.stdout.write(run.stdout ?? "");
  const line = (run.stdout ?? "")
    .trim()
    .split("\n")
    .reverse()
    .find((l) => l.startsWith("{"));
  try {
    return line ? JSON.parse(line) : null;
  } catch {
    return null;
  }
}

console.error(`load before: ${loadavg().join(" ")}`);
const startedAt = new Date();
const helloBuildSeconds = buildHello();
const hello = await startProcess({
  args: [path.join(FIXTURE, "server.mjs")],
  env: { NODE_ENV: "production", HELLO_BUILD_DIR: HELLO_BUILD },
  readyPath: "/",
});
const modes = [];
try {
  for (const mode of MODES.filter((m) => MODE_NAMES.includes(m.name))) {
    if (mode.selfHosted) {
      try {
        modes.push(
          await withScratchDatabase({ pgUrl: PG_URL, redisUrl: REDIS_URL, metricsToken: BENCH_SERVER_ENV.METRICS_TOKEN }, (env) =>
            benchMode(mode, hello, env),
          ),
        );
      } catch (error) {
        console.error(`[${mode.name}] skipped: ${error.message.split("\n")[0]} (needs Postgres at BENCH_PG_URL and Redis)`);
      }
    } else {
      modes.push(await benchMode(mode, hello, {}));
    }
  }
} finally {
  await hello.stop();
}

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
console.log(
  `\nLittle Harvest vs bare Remix — ${CONNECTIONS} conn × ${SECONDS} s × ${ROUNDS} round(s), fixed rate ${RATE}/s, node ${process.version}, ${os.cpus().length} CPUs, load ${loadavg().join(" ")}`,
);
for (const m of modes) {
  console.log(
    `\n${m.label}: first start ${m.firstStartSeconds.toFixed(1)} s, peak RSS ours ${m.peakRssMiB.ours} MiB / hello ${m.peakRssMiB.hello} MiB, load ${m.loadBefore.join(" ")} → ${m.loadAfter.join(" ")}`,
  );
  console.log(
    `${pad("target", 42)}${lpad("req/s", 8)}${lpad("share", 8)}${lpad("p50 ms", 8)}${lpad("p99 ms", 8)}${lpad(`p99@${RATE}`, 9)}${lpad("×hello", 8)}${lpad("fail", 6)}  goal`,
  );
  for (const r of m.rows) {
    const goal = r.goal ? `${r.goalMet ? "met" : "NOT met"} (≥ ${r.goal.minShare * 100}%, ≤ ${r.goal.maxP99VsHello}×)` : "";
    console.log(
      `${pad(r.target, 42)}${lpad(r.reqPerSec, 8)}${lpad(`${Math.round(r.shareOfHello * 100)}%`, 8)}${lpad(r.p50Ms, 8)}${lpad(r.p99Ms, 8)}${lpad(r.p99AtRateMs, 9)}${lpad(r.p99AtRateVsHello.toFixed(2), 8)}${lpad(r.failures, 6)}  ${goal}`,
    );
  }
  for (const s of m.skipped) console.log(`${pad(s.target, 42)} skipped: answered ${s.status}`);
  if (m.oversizedPostMs)
    console.log(`50 MB POST to /login → ${m.oversizedPostMs.status} after ${m.oversizedPostMs.ms} ms (goal ≤ 100 ms)`);
}

const js = jsPerPage();
console.log("\nJavaScript per page (gzip, the client build's module graph; budget by area):");
for (const p of js) console.log(`${pad(p.route, 42)}${lpad(p.gzipKb.toFixed(1), 8)} KB  (${p.area} ≤ ${p.budgetKb})`);

let worker = null;
let edgeRoundTrips = null;
let edgeThroughput = null;
let edgeStartup = null;
if (process.env.BENCH_EDGE !== "0" && existsSync(path.join(ROOT, "build-edge/worker"))) {
  const bundle = workerBundle(path.join(ROOT, "build-edge/worker"));
  worker = { bundleGzipKb: Number((bundle.gzipBytes / 1024).toFixed(1)), budgetKb: WORKER_BUNDLE_BUDGET_KB };
  console.log(`\nworker bundle: ${worker.bundleGzipKb} KB gzipped (budget ${WORKER_BUNDLE_BUDGET_KB} KB)`);
  console.log("worker: sequential round trips per page (tests/bench/edge-round-trips.ts)");
  edgeRoundTrips = runScript("npx", ["tsx", "tests/bench/edge-round-trips.ts"])?.edgeRoundTrips ?? null;
  console.log("\nworker: throughput beside the Node server (tests/bench/edge-throughput.ts)");
  edgeThroughput = runScript("npx", ["tsx", "tests/bench/edge-throughput.ts"])?.edgeThroughput ?? null;
  console.log("\nworker: start-up (tests/bench/edge-startup.mjs)");
  edgeStartup = runScript(process.execPath, ["tests/bench/edge-startup.mjs"])?.edgeStartup ?? null;
} else {
  console.log("worker: skipped (run `npm run build:edge` first, or BENCH_EDGE=0 was set)");
}

let lighthouse = null;
if (process.env.BENCH_LIGHTHOUSE !== "0" && existsSync(process.env.CHROMIUM_PATH || "/usr/bin/chromium")) {
  console.log("\nLighthouse, mobile preset (tests/bench/lighthouse.mjs)");
  lighthouse = runScript("node", ["tests/bench/lighthouse.mjs"])?.lighthouse ?? null;
} else {
  console.log("Lighthouse: skipped (no chromium, or BENCH_LIGHTHOUSE=0 was set)");
}

const commit = git("rev-parse", "--short", "HEAD");
const summary = {
  kind: "bench",
  at: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  commit,
  dirty: git("status", "--porcelain", "--untracked-files=no") !== "",
  node: process.version,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? null,
  loadavg: { note: "1, 5 and 15 minute load averages", after: loadavg() },
  settings: { connections: CONNECTIONS, seconds: SECONDS, rate: RATE, rounds: ROUNDS },
  helloBuildSeconds,
  modes,
  jsPerPage: js,
  worker,
  edgeRoundTrips,
  edgeThroughput,
  edgeStartup,
  lighthouse,
};
printGoals(summary);
mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
const file = path.join(ROOT, "bench/results", `bench-${summary.at.replace(/[:.]/g, "-")}.json`);
writeFileSync(file, JSON.stringify(summary, null, 2) + "\n");
console.log(`\nfigures: ${path.relative(ROOT, file)}`);
if (JSON_OUT) {
  mkdirSync(path.join(ROOT, "docs/perf-runs"), { recursive: true });
  const kept = path.join(ROOT, "docs/perf-runs", `${summary.at.slice(0, 16).replace(/:/g, "")}-${commit}.json`);
  writeFileSync(kept, JSON.stringify(summary, null, 2) + "\n");
  console.log(`run file: ${path.relative(ROOT, kept)} (commit it; \`npm run perf:report\` renders docs/performance.md)`);
}

/** Issue 27's goals 1–2 as this run leaves them: each goal's rows met, and those not met with their figures. */
function printGoals(run) {
  const line = (name, rows, met, figure) => {
    const missed = rows.filter((r) => !met(r));
    const tail = missed.length ? `; NOT met: ${missed.map((r) => `${r.target ?? r.page} (${figure(r)})`).join(", ")}` : "";
    console.log(`${name}: ${rows.length - missed.length} of ${rows.length} met${tail}`);
  };
  console.log(`\nIssue 27 goals in this run (load after ${loadavg().join(" ")}):`);
  for (const m of run.modes) {
    line(
      `goal 1, ${m.label}`,
      m.rows.filter((r) => r.goal),
      (r) => r.goalMet,
      (r) => `${Math.round(r.shareOfHello * 100)}% of hello, p99 ${r.p99AtRateVsHello.toFixed(1)}×`,
    );
  }
  if (run.edgeThroughput)
    line(
      "goal 2, worker throughput (≥ 50% of Node through the stand-ins)",
      run.edgeThroughput.rows.filter((r) => r.goal),
      (r) => r.goalMet,
      (r) => `${Math.round(r.workerShareOfNode * 100)}%`,
    );
  if (run.edgeStartup)
    console.log(
      `goal 2, worker start-up < 100 ms busy: ${run.edgeStartup.goalMet ? "met" : "NOT met"} (median ${run.edgeStartup.busyMsMedian} ms)`,
    );
  if (run.worker)
    console.log(
      `goal 2, worker bundle ≤ ${run.worker.budgetKb} KB gzip: ${run.worker.bundleGzipKb <= run.worker.budgetKb ? "met" : "NOT met"} (${run.worker.bundleGzipKb} KB)`,
    );
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
