// A server process for the benchmarks: spawned on a free port, ready when `readyPath` answers 200 (timed from spawn),
// with its peak resident set size read from /proc (VmHWM).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

/**
 * Node flags the server runs with, as `npm start` / `npm run serve` give them: live JS data is ~40 MiB, but without a
 * cap V8 lets garbage grow the heap past 200 MiB under load before collecting it (docs/performance.md).
 */
export const SERVER_NODE_FLAGS = ["--max-old-space-size=128"];

/** Our server's environment in every bench: production, quiet logs, and no rate limits (one address sends thousands of
 * requests a second: the limiter would rightly stop it). */
export const BENCH_SERVER_ENV = {
  NODE_ENV: "production",
  LOG_LEVEL: "error",
  ADMIN_PASSWORD: "bench-admin-password-123",
  METRICS_TOKEN: "bench-metrics-token",
  RATE_LIMIT_AUTH: "off",
  RATE_LIMIT_CHECKOUT: "off",
  RATE_LIMIT_POST: "off",
  RATE_LIMIT_PAGES: "off",
};

/**
 * Our production server (`<buildDir>/server.js`) on a fresh DATA_DIR, with the bench's environment and node flags,
 * ready once `/shop` answers 200 (so `readySeconds` is the first start: snapshot restored, seeded, admin created).
 */
export function startShopServer(buildDir, { env = {}, nodeFlags = SERVER_NODE_FLAGS } = {}) {
  return startProcess({
    args: [path.join(buildDir, "server.js")],
    nodeFlags,
    env: { ...BENCH_SERVER_ENV, ...env },
    readyPath: "/shop",
    freshDataDir: true,
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

function statusMiB(pid, field) {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Math.round(Number(m[1]) / 1024) : null;
}

export async function startProcess({ args, env, readyPath, freshDataDir = false, nodeFlags }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = freshDataDir ? mkdtempSync(path.join(os.tmpdir(), "lh-bench-")) : undefined;
  let output = "";
  const started = performance.now();
  const child = spawn(process.execPath, [...(nodeFlags ?? []), ...args], {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: url,
      ...(dataDir ? { DATA_DIR: dataDir } : {}),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args[0]} exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(url + readyPath);
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (performance.now() - started > 120_000) throw new Error(`${args[0]} not ready after 120 s:\n${output}`);
    await sleep(50);
  }
  const readySeconds = (performance.now() - started) / 1000;
  return {
    url,
    readySeconds,
    peakRssMiB() {
      return statusMiB(child.pid, "VmHWM");
    },
    /** Resident set size now (VmRSS), in MiB. */
    rssMiB() {
      return statusMiB(child.pid, "VmRSS");
    },
    async stop() {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, sleep(15_000)]);
      if (child.exitCode === null) child.kill("SIGKILL");
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Self-hosted mode for a benchmark: a scratch database on the local Postgres, migrated and seeded by the npm scripts,
 * and a Redis key prefix of its own; `run` gets the server env. Dropped afterwards.
 */
export async function withScratchDatabase({ pgUrl, redisUrl, metricsToken }, run) {
  const name = `lh_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  try {
    const env = { DATABASE_URL: url.toString(), DATABASE_DRIVER: "pg", REDIS_URL: redisUrl, KV_PREFIX: `${name}:` };
    for (const script of ["scripts/db-migrate.ts", "scripts/db-seed.ts"]) {
      await new Promise((resolve, reject) => {
        const p = spawn("npx", ["tsx", script], {
          env: {
            ...process.env,
            NODE_ENV: "production",
            METRICS_TOKEN: metricsToken,
            ADMIN_PASSWORD: "bench-admin-password-123",
            ...env,
          },
          stdio: "ignore",
        });
        p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited ${code}`))));
      });
    }
    return await run(env);
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
