import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import tls from "node:tls";
import { Miniflare } from "miniflare";
import { parse as parseToml } from "smol-toml";
import { Agent } from "undici";
import { freePort } from "../e2e/support/server";
import { loadConfig } from "~/infra/config.server";
import { createAppContext } from "~/runtime/node-context.server";
import { createLogger } from "~/infra/log.server";
import { createTestDb, createTestKv } from "../support/backends";
import { startNeonHttpStandIn } from "../support/neon-http-stand-in";
import { startNeonWsBridge } from "../support/neon-ws-bridge";
import { sequentialTrips, type Trip } from "../support/latency";
import { startResendStandIn } from "../support/resend-stand-in";
import { seedTestShop } from "../support/seed-shop";

/** Where the shared test helpers address their requests, as for the Node app; the harness moves them to `origin`. */
export const ORIGIN = "http://localhost:3000";
const METRICS_TOKEN = "edge-test-metrics-token-0123456789abcdef";
const WORKER_DIR = path.resolve("build-edge/worker");
/** What workerd prints when a request settles a promise another request made (docs/architecture.md). */
const CROSS_REQUEST = /different request context/i;
/** What `wrangler deploy` ships: the vars, compatibility date and flags the tests run the worker with. */
const WRANGLER = parseToml(readFileSync("wrangler.toml", "utf8")) as {
  vars: Record<string, string>;
  compatibility_date: string;
  compatibility_flags: string[];
};

/**
 * The BUILT worker (`npm run build:edge` output) in real workerd through Miniflare, run as Cloudflare runs it: with
 * `wrangler.toml`'s vars (`NODE_ENV=production`, so `__Host-` cookies, HSTS and the production CSP), the default rate
 * limits (a test that needs others says so in `env`), and HTTPS: every worker listens with TLS and every request
 * reaches it over a real connection that keeps its Host, as Cloudflare's edge hands requests over (with the client in
 * CF-Connecting-IP). Backends: this machine's Postgres (a fresh database, through the Neon stand-ins), Redis (a fresh
 * key prefix, through the Upstash REST bridge) and the Resend stand-in. `ctx` is a Node AppContext over the same
 * database and KV, so the storefront test helpers can read rows, make sessions and invalidate the cache as they do
 * for the Node app. `close()` fails the file if workerd reported a promise settled across requests.
 */
export async function startEdgeApp(opts: { env?: Record<string, string>; workers?: number } = {}) {
  const db = await createTestDb("pg");
  const kv = await createTestKv("upstash");
  const neon = await startNeonWsBridge();
  const neonHttp = await startNeonHttpStandIn();
  const resend = await startResendStandIn();
  await seedTestShop(db.dbHandle.db);
  // Worker 0's address is the shop's public origin (a browser can open it); the others serve the same host name.
  const port = await freePort();
  const origin = `https://localhost:${port}`;

  const env: Record<string, string> = {
    ...WRANGLER.vars,
    APP_URL: origin,
    METRICS_TOKEN,
    LOG_LEVEL: "info",
    DATABASE_URL: db.url!,
    NEON_WS_PROXY: neon.proxy,
    NEON_HTTP_ENDPOINT: neonHttp.endpoint,
    UPSTASH_REDIS_REST_URL: kv.upstash!.url,
    UPSTASH_REDIS_REST_TOKEN: kv.upstash!.token,
    KV_PREFIX: kv.prefix,
    RESEND_API_KEY: resend.apiKey,
    RESEND_BASE_URL: resend.url,
    ...opts.env,
  };
  const logLines: string[] = [];
  const workers = Array.from({ length: opts.workers ?? 1 }, (_, n) => startMiniflare(env, logLines, n === 0 ? port : 0));
  const ports = (await Promise.all(workers.map((mf) => mf.ready))).map((url) => Number(url.port));
  // Every worker is reached under the shop's host name, each through a connection to its own port.
  const agents = ports.map(
    (workerPort) =>
      new Agent({
        connect: (_options, done) => {
          const socket = tls.connect(
            { host: "127.0.0.1", port: workerPort, servername: "localhost", rejectUnauthorized: false },
            () => done(null, socket),
          );
          socket.once("error", (error) => done(error, null));
        },
      }),
  );

  // The tests' own view of the same database and KV (a worker may be started without some of its secrets).
  const config = loadConfig({ ...env, METRICS_TOKEN, DATABASE_DRIVER: "pg", LOG_LEVEL: "silent" });
  const silent = createLogger({ level: "silent" });
  const runtime = await createAppContext(config, { dbHandle: db.dbHandle, kv: kv.kv, log: silent });

  /** `ORIGIN` (the helpers' address for the shop) in a URL or header value becomes the shop's HTTPS origin. */
  const rebase = (value: string) => (value.startsWith(ORIGIN) ? origin + value.slice(ORIGIN.length) : value);

  /** One request to worker `n`, as Cloudflare would hand it over (client address in CF-Connecting-IP). */
  const fetchVia = async (n: number, request: Request, client?: { address: string }) => {
    const headers = new Headers(request.headers);
    headers.delete("host"); // the connection's, as a browser sends it
    for (const name of ["origin", "referer"]) if (headers.has(name)) headers.set(name, rebase(headers.get(name)!));
    headers.set("cf-connecting-ip", client?.address ?? "127.0.0.1");
    const body = request.body ? await request.arrayBuffer() : undefined;
    return fetch(rebase(request.url), {
      method: request.method,
      headers,
      body,
      redirect: "manual",
      dispatcher: agents[n],
    } as RequestInit);
  };

  return {
    ctx: runtime.ctx,
    label: "workerd (Neon driver, Upstash REST, Resend)",
    /** The shop's public origin: worker 0, over HTTPS with Miniflare's self-signed certificate. */
    origin,
    logLines,
    neonHttp,
    neonWs: neon,
    upstash: kv.upstash!,
    /** Adds `ms` to every round trip to Postgres (HTTP and WebSocket) and to the KV, as the distance to Neon and Upstash would. */
    setLatency(ms: { db: number; kv: number }) {
      neonHttp.latency.ms = ms.db;
      neon.latency.ms = ms.db;
      kv.upstash!.latency.ms = ms.kv;
    },
    /**
     * Runs `work` with `ms` added to every HTTP round trip to Neon and Upstash and counts the trips it waited for, made
     * one after another: to the database, to the KV, and both together (side by side counts once).
     */
    async sequentialTripsOf(ms: number, work: () => Promise<unknown>) {
      const db = neonHttp.latency;
      const store = kv.upstash!.latency;
      db.trips.length = 0;
      store.trips.length = 0;
      db.ms = store.ms = ms;
      let answered = Infinity;
      try {
        await work();
        answered = performance.now();
      } finally {
        db.ms = store.ms = 0;
      }
      // Trips still under way when the answer arrived (background work in `waitUntil`) kept no one waiting.
      const waitedFor = (trips: Trip[]) => trips.filter((t) => t.end <= answered);
      const [dbTrips, kvTrips] = [waitedFor(db.trips), waitedFor(store.trips)];
      return { db: sequentialTrips(dbTrips), kv: sequentialTrips(kvTrips), both: sequentialTrips([...dbTrips, ...kvTrips]) };
    },
    resend,
    workers,
    handler: (request: Request, client?: { address: string }) => fetchVia(0, request, client),
    fetchVia,
    /** Like the Node harness's `request`: adds the Host (and for writes the Origin) a browser sends. */
    request(pathname: string, init: RequestInit & { ip?: string } = {}) {
      const headers = new Headers(init.headers);
      if (init.method && init.method !== "GET" && init.method !== "HEAD" && !headers.has("origin")) headers.set("origin", ORIGIN);
      if (!headers.has("host")) headers.set("host", new URL(ORIGIN).host);
      return fetchVia(0, new Request(new URL(pathname, ORIGIN), { ...init, headers }), { address: init.ip ?? "127.0.0.1" });
    },
    /** Runs the worker's Cron Trigger handler once and waits for it. */
    async scheduled(n = 0) {
      const worker = await workers[n].getWorker();
      return worker.scheduled({ cron: "* * * * *", scheduledTime: new Date() });
    },
    /** Prometheus's scrape of worker `n`, with the bearer token production requires. */
    scrape: async (n = 0) =>
      (
        await fetchVia(
          n,
          new Request(new URL("/api/metrics-full", ORIGIN), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }),
        )
      ).text(),
    /** workerd's reports of a promise settled from another request's context, so far. */
    crossRequestWarnings: () => logLines.filter((line) => CROSS_REQUEST.test(line)),
    async close() {
      await Promise.allSettled(agents.map((agent) => agent.close()));
      await Promise.allSettled(workers.map((mf) => mf.dispose()));
      await Promise.allSettled([resend.close(), neon.close(), neonHttp.close()]);
      await kv.cleanup();
      await db.cleanup();
      const crossed = logLines.filter((line) => CROSS_REQUEST.test(line));
      if (crossed.length > 0) throw new Error(`workerd reported work crossing requests:\n${crossed.join("\n")}`);
    },
  };
}

export type EdgeApp = Awaited<ReturnType<typeof startEdgeApp>>;

function startMiniflare(env: Record<string, string>, logLines: string[], port: number) {
  const wasm = readdirSync(WORKER_DIR).filter((f) => f.endsWith(".wasm"));
  return new Miniflare({
    modulesRoot: WORKER_DIR,
    modules: [
      { type: "ESModule", path: path.join(WORKER_DIR, "index.js") },
      ...wasm.map((f) => ({ type: "CompiledWasm" as const, path: path.join(WORKER_DIR, f) })),
    ],
    compatibilityDate: WRANGLER.compatibility_date,
    compatibilityFlags: WRANGLER.compatibility_flags,
    bindings: env,
    r2Buckets: ["UPLOADS"],
    assets: { directory: path.resolve("build-edge/assets"), binding: "ASSETS", routerConfig: { has_user_worker: true } },
    cf: false,
    // LH_EDGE_INSPECTOR=<port>: workerd's DevTools inspector, for a CPU profile of worker 0 (tests/bench/edge-profile.ts).
    ...(process.env.LH_EDGE_INSPECTOR && port !== 0 ? { inspectorPort: Number(process.env.LH_EDGE_INSPECTOR) } : {}),
    host: "127.0.0.1",
    port,
    https: true,
    structuredWorkerdLogs: true,
    handleStructuredLogs: ({ message }) => void logLines.push(message),
  });
}
