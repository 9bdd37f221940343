import { readdirSync } from "node:fs";
import path from "node:path";
import { Miniflare } from "miniflare";
import { loadConfig } from "~/infra/config.server";
import { createAppContext } from "~/runtime/node-context.server";
import { createLogger } from "~/infra/log.server";
import { createTestDb, createTestKv } from "../support/backends";
import { startNeonHttpStandIn } from "../support/neon-http-stand-in";
import { startNeonWsBridge } from "../support/neon-ws-bridge";
import { startResendStandIn } from "../support/resend-stand-in";
import { seedTestShop } from "../support/seed-shop";

export const ORIGIN = "http://localhost:3000";
const WORKER_DIR = path.resolve("build-edge/worker");

/**
 * The BUILT worker (`npm run build:edge` output) in real workerd through Miniflare, over this machine's Postgres (a
 * fresh database, reached by the Neon driver through the WebSocket bridge), Redis (a fresh key prefix, through the
 * Upstash REST bridge) and the Resend stand-in. `ctx` is a Node AppContext over the same database and KV, so the
 * storefront test helpers can read rows, make sessions and invalidate the cache as they do for the Node app.
 */
export async function startEdgeApp(opts: { env?: Record<string, string>; workers?: number; listenPort?: number } = {}) {
  const db = await createTestDb("pg");
  const kv = await createTestKv("upstash");
  const neon = await startNeonWsBridge();
  const neonHttp = await startNeonHttpStandIn();
  const resend = await startResendStandIn();
  await seedTestShop(db.dbHandle.db);

  const env: Record<string, string> = {
    NODE_ENV: "test",
    // A browser reaches a listening worker at its own address; dispatchFetch requests carry ORIGIN.
    APP_URL: opts.listenPort ? `http://127.0.0.1:${opts.listenPort}` : ORIGIN,
    LOG_LEVEL: "info",
    DATABASE_URL: db.url!,
    NEON_WS_PROXY: neon.proxy,
    NEON_HTTP_ENDPOINT: neonHttp.endpoint,
    UPSTASH_REDIS_REST_URL: kv.upstash!.url,
    UPSTASH_REDIS_REST_TOKEN: kv.upstash!.token,
    KV_PREFIX: kv.prefix,
    RESEND_API_KEY: resend.apiKey,
    RESEND_BASE_URL: resend.url,
    RATE_LIMIT_AUTH: "off",
    RATE_LIMIT_CHECKOUT: "off",
    RATE_LIMIT_POST: "off",
    RATE_LIMIT_PAGES: "off",
    // dispatchFetch's loopback hop is a proxy in front of the worker: it rewrites Host and forwards the browser's in
    // X-Forwarded-Host (fetchVia below), which the app trusts only from a proxy it was told about.
    TRUST_PROXY: "1",
    ...opts.env,
  };
  const logLines: string[] = [];
  const workers = Array.from({ length: opts.workers ?? 1 }, () => startMiniflare(env, logLines, opts.listenPort));
  await Promise.all(workers.map((mf) => mf.ready));

  const config = loadConfig({ ...env, DATABASE_DRIVER: "pg", LOG_LEVEL: "silent" });
  const silent = createLogger({ level: "silent" });
  const runtime = await createAppContext(config, { dbHandle: db.dbHandle, kv: kv.kv, log: silent });

  /** One request to worker `n`, as Cloudflare would hand it over (client address in CF-Connecting-IP). */
  const fetchVia = async (n: number, request: Request, client?: { address: string }) => {
    const headers = new Headers(request.headers);
    headers.set("cf-connecting-ip", client?.address ?? "127.0.0.1");
    // Miniflare's loopback hop replaces Host; Cloudflare's edge passes the browser's on (Remix compares it with Origin).
    headers.set("x-forwarded-host", new URL(request.url).host);
    const body = request.body ? await request.arrayBuffer() : undefined;
    const res = await workers[n].dispatchFetch(request.url, {
      method: request.method,
      headers: [...headers],
      body,
      redirect: "manual",
    });
    // Back to Node's own Response class, so tests see the same API as for the Node app.
    return new Response(res.status === 204 || res.status === 304 ? null : await res.arrayBuffer(), {
      status: res.status,
      headers: [...res.headers],
    });
  };

  return {
    ctx: runtime.ctx,
    label: "workerd (Neon driver, Upstash REST, Resend)",
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
    async close() {
      await Promise.allSettled(workers.map((mf) => mf.dispose()));
      await Promise.allSettled([resend.close(), neon.close(), neonHttp.close()]);
      await kv.cleanup();
      await db.cleanup();
    },
  };
}

export type EdgeApp = Awaited<ReturnType<typeof startEdgeApp>>;

function startMiniflare(env: Record<string, string>, logLines: string[], port?: number) {
  const wasm = readdirSync(WORKER_DIR).filter((f) => f.endsWith(".wasm"));
  return new Miniflare({
    modulesRoot: WORKER_DIR,
    modules: [
      { type: "ESModule", path: path.join(WORKER_DIR, "index.js") },
      ...wasm.map((f) => ({ type: "CompiledWasm" as const, path: path.join(WORKER_DIR, f) })),
    ],
    compatibilityDate: "2026-04-20",
    compatibilityFlags: ["nodejs_compat"],
    bindings: env,
    r2Buckets: ["UPLOADS"],
    assets: { directory: path.resolve("build-edge/assets"), binding: "ASSETS", routerConfig: { has_user_worker: true } },
    cf: false,
    ...(port ? { host: "127.0.0.1", port } : {}),
    structuredWorkerdLogs: true,
    handleStructuredLogs: ({ message }) => void logLines.push(message),
  });
}
