#!/usr/bin/env node
// Per-mode benchmark (`node tests/bench/modes.mjs` after a build; not a test, not in CI): autocannon against the production build, in embedded mode
// (PGlite + in-process KV) and self-hosted mode (local Postgres scratch database + Redis), each time beside
// /api/hello — a resource route that goes through the same node:http adapter, middleware chain and Remix router
// but touches no database, KV or React — as the ceiling.
//
// Env: LH_BUILD_DIR (default build), BENCH_CONNECTIONS (10), BENCH_SECONDS (8), BENCH_MODES (embedded,self-hosted),
//      BENCH_PG_URL (postgres://postgres@127.0.0.1:5432/postgres), BENCH_REDIS_URL (redis://127.0.0.1:6379).
// Writes bench/results/<timestamp>.json and prints a table.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { BENCH_SERVER_ENV, SERVER_NODE_FLAGS, withScratchDatabase } from "./process.mjs";

const BUILD_DIR = process.env.LH_BUILD_DIR || "build";
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 10);
const SECONDS = Number(process.env.BENCH_SECONDS || 8);
const MODES = (process.env.BENCH_MODES || "embedded,self-hosted").split(",").map((s) => s.trim());
const PG_URL = process.env.BENCH_PG_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.BENCH_REDIS_URL || "redis://127.0.0.1:6379";
const METRICS_TOKEN = randomBytes(12).toString("hex");
const PRODUCT = "/shop/chicken-sweet-potato-carrot";

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function startServer(env) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "lh-bench-"));
  let output = "";
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, path.join(BUILD_DIR, "server.js")], {
    env: {
      PATH: process.env.PATH,
      ...BENCH_SERVER_ENV,
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: url,
      DATA_DIR: dataDir,
      METRICS_TOKEN,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/api/system-status`)).ok) break;
    } catch {
      /* not yet */
    }
    if (i > 240) throw new Error(`server not ready after 60 s:\n${output}`);
    await sleep(250);
  }
  return {
    url,
    pid: child.pid,
    /** Peak resident set size so far (VmHWM), in MiB. */
    peakRssMiB() {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
      return m ? Math.round(Number(m[1]) / 1024) : null;
    },
    async stop() {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, sleep(15_000)]);
      if (child.exitCode === null) child.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function queryCount(url) {
  const text = await (await fetch(`${url}/api/metrics-full`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  let n = 0;
  for (const line of text.split("\n"))
    if (line.startsWith("lh_db_query_duration_seconds_count")) n += Number(line.split(" ").pop());
  return n;
}

/**
 * SQL statements one request causes, from the driver-level timing histogram. A scrape itself runs queries (the
 * outbox-depth gauge counts rows), so the cost of a bare scrape is measured first and subtracted. The server is
 * otherwise idle; sampled 3 times, the minimum is reported (a background job may add one now and then).
 */
async function queriesPerRequest(url, pathname, init) {
  let scrapeCost = Infinity;
  for (let i = 0; i < 3; i++) {
    const a = await queryCount(url);
    scrapeCost = Math.min(scrapeCost, (await queryCount(url)) - a);
  }
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const before = await queryCount(url);
    const res = await fetch(url + pathname, { redirect: "manual", ...init });
    await res.arrayBuffer();
    await sleep(20);
    best = Math.min(best, (await queryCount(url)) - before - scrapeCost);
  }
  return Math.max(0, best);
}

async function cannon(url, target) {
  const result = await autocannon({
    url: url + target.path,
    connections: CONNECTIONS,
    duration: SECONDS,
    method: target.method ?? "GET",
    headers: target.headers,
    body: target.body,
  });
  const ok = result["2xx"] + (target.okStatus3xx ? result["3xx"] : 0);
  return {
    reqPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    ok,
    notOk: result.requests.total - ok,
    errors: result.errors + result.timeouts,
  };
}

async function runMode(mode, env) {
  console.error(`\n== ${mode}`);
  const results = [];
  // Cold: a server with the cache off, so every request reads the database (what a miss costs, without the KV).
  // Warm: the normal server after one priming request per URL.
  for (const variant of ["cold", "warm"]) {
    const server = await startServer({ ...env, CACHE_ENABLED: variant === "cold" ? "false" : "true" });
    try {
      const { url } = server;
      const html = await (await fetch(url + PRODUCT)).text();
      const productPath = /name="variantId"/.test(html) ? PRODUCT : "/shop?age=6-8m";
      const variantId =
        /name="variantId"[^>]*value="(\d+)"/.exec(html)?.[1] ?? /value="(\d+)"[^>]*name="variantId"/.exec(html)?.[1];
      const targets =
        variant === "warm"
          ? [
              { name: "ceiling /api/hello", path: "/api/hello" },
              { name: "/api/health-simple", path: "/api/health-simple" },
              { name: "/shop (warm cache)", path: "/shop", page: true },
              { name: `product ${productPath} (warm)`, path: productPath, page: true },
              ...(variantId && productPath === PRODUCT
                ? [
                    {
                      name: "add to cart POST",
                      path: PRODUCT,
                      method: "POST",
                      headers: { "content-type": "application/x-www-form-urlencoded", origin: url },
                      body: new URLSearchParams({ variantId, quantity: "1" }).toString(),
                      okStatus3xx: true,
                    },
                  ]
                : []),
            ]
          : [
              { name: "ceiling /api/hello (cache off)", path: "/api/hello" },
              { name: "/shop (cold: cache off)", path: "/shop", page: true },
              { name: `product ${productPath} (cold)`, path: productPath, page: true },
            ];
      for (const t of targets) {
        await fetch(url + t.path, { method: t.method, headers: t.headers, body: t.body, redirect: "manual" }).then((r) =>
          r.arrayBuffer(),
        );
        const sqlPerRequest = await queriesPerRequest(url, t.path, { method: t.method, headers: t.headers, body: t.body });
        const r = await cannon(url, t);
        results.push({ mode, cache: variant, target: t.name, sqlPerRequest, ...r });
        console.error(`   ${t.name}: ${r.reqPerSec} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${sqlPerRequest} SQL/req`);
      }
      results.push({ mode, cache: variant, target: "peak RSS (MiB)", peakRssMiB: server.peakRssMiB() });
    } finally {
      await server.stop();
    }
  }
  return results;
}

const all = [];
for (const mode of MODES) {
  if (mode === "embedded") all.push(...(await runMode("embedded", {})));
  else if (mode === "self-hosted")
    all.push(
      ...(await withScratchDatabase({ pgUrl: PG_URL, redisUrl: REDIS_URL, metricsToken: METRICS_TOKEN }, (env) =>
        runMode("self-hosted", env),
      )),
    );
  else throw new Error(`unknown mode ${mode}`);
}

const stamp = new Date().toISOString().replace(/[:.]/g, "-");
mkdirSync("bench/results", { recursive: true });
const file = path.join("bench/results", `${stamp}.json`);
const meta = {
  at: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  connections: CONNECTIONS,
  seconds: SECONDS,
  build: BUILD_DIR,
};
writeFileSync(file, JSON.stringify({ ...meta, results: all }, null, 2) + "\n");

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
console.log(`\nLittle Harvest bench — ${CONNECTIONS} connections × ${SECONDS} s, node ${process.version}, ${meta.cpus} CPUs`);
console.log(
  `${pad("mode", 12)}${pad("target", 52)}${lpad("req/s", 8)}${lpad("p50 ms", 8)}${lpad("p99 ms", 8)}${lpad("SQL/req", 9)}${lpad("non-2xx", 9)}`,
);
for (const r of all) {
  if (r.peakRssMiB !== undefined) {
    console.log(`${pad(r.mode, 12)}${pad(`peak RSS (${r.cache} server)`, 52)}${lpad(`${r.peakRssMiB} MiB`, 8)}`);
    continue;
  }
  console.log(
    `${pad(r.mode, 12)}${pad(r.target, 52)}${lpad(r.reqPerSec, 8)}${lpad(r.p50Ms, 8)}${lpad(r.p99Ms, 8)}${lpad(r.sqlPerRequest, 9)}${lpad(r.notOk + r.errors, 9)}`,
  );
}
console.log(`\nfigures: ${file}`);
