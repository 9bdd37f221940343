import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import type { Clock } from "~/infra/clock.server";
import { loadConfig } from "~/infra/config.server";
import type { AppContext } from "~/infra/app-context";
import { createAppContext } from "~/runtime/node-context.server";
import type { DbHandle } from "~/infra/db/client.server";
import { createAppHandler } from "~/infra/http/app-handler.server";
import type { AppHandler } from "~/infra/http/fetch-handler.server";
import type { Kv } from "~/infra/kv/prefixed";
import { createLogger } from "~/infra/log.server";
import { createTestBackends } from "./backends";
import { captureLogLine } from "./log-capture";
import { seedTestShop } from "./seed-shop";

export const ORIGIN = "http://localhost:3000";

export const RATE_LIMITS_OFF = {
  RATE_LIMIT_AUTH: "off",
  RATE_LIMIT_CHECKOUT: "off",
  RATE_LIMIT_POST: "off",
  RATE_LIMIT_PAGES: "off",
  RATE_LIMIT_WEBHOOKS: "off",
};

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

/**
 * The real application — built Remix server, middleware chain, AppContext — over the backends the environment picks
 * (LH_TEST_DB / LH_TEST_KV). Requests go in as `Request`s and come out as `Response`s, as they do behind node:http.
 */
export async function startTestApp(opts: { env?: Record<string, string>; seed?: boolean; clock?: Clock } = {}) {
  const backends = await createTestBackends();
  if (opts.seed !== false) {
    await seedTestShop(backends.dbHandle.db);
  }
  const { ctx, logLines, handler, immediateHandler, request, dataDir } = await startAppOver({
    dbHandle: backends.dbHandle,
    kv: backends.kv,
    dataDirPrefix: "lh-test-",
    // Every test request comes from one address; the per-route-class limits are off unless a test turns them on
    // (tests/integration/ops-rate-limit.test.ts). Limits inside domain code (auth-limits) stay active.
    env: { ...RATE_LIMITS_OFF, ...opts.env },
    clock: opts.clock,
  });
  return {
    ctx,
    label: backends.label,
    logLines,
    handler,
    immediateHandler,
    request,
    async close() {
      await backends.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The built Remix server behind the middleware chain and a fresh AppContext over the given database and KV, with a
 * temporary DATA_DIR. `request` adds the Host (and, for writes, Origin) a browser would send; `ip` is the client
 * address the rate limiter sees.
 */
export async function startAppOver(opts: {
  dbHandle: DbHandle;
  kv: Kv;
  env: Record<string, string>;
  dataDirPrefix: string;
  clientAddress?: string;
  clock?: Clock;
}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), opts.dataDirPrefix));
  const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", DATA_DIR: dataDir, APP_URL: ORIGIN, ...opts.env });
  const logLines: string[] = [];
  const log = createLogger({
    level: "info",
    destination: {
      write: (line: string) => {
        logLines.push(line);
        captureLogLine(line);
      },
    },
  });
  const runtime = await createAppContext(config, { dbHandle: opts.dbHandle, kv: opts.kv, log, clock: opts.clock });
  const build = (await import(pathToFileURL(path.resolve(process.env.LH_BUILD_DIR || "build", "index.js")).href)) as ServerBuild;
  const immediateHandler = createAppHandler(build, runtime.ctx);
  // Like workerd, which keeps a request alive for its waitUntil work, the harness returns a response only once the work
  // the request started after it has finished: tests read its rows (a reset email) straight after. `immediateHandler`
  // returns at once, for the test that shows the response does not wait.
  const handler: AppHandler = async (req, client, perRequest) => {
    const after: Promise<unknown>[] = [];
    const res = await immediateHandler(req, client, { ...perRequest, waitUntil: (work) => after.push(work) });
    await Promise.all(after);
    return res;
  };
  const request = (pathname: string, init: RequestInit & { ip?: string } = {}) => {
    const headers = new Headers(init.headers);
    if (init.method && init.method !== "GET" && init.method !== "HEAD" && !headers.has("origin")) headers.set("origin", ORIGIN);
    // As behind node:http: Remix's own action check compares Origin with Host.
    if (!headers.has("host")) headers.set("host", new URL(ORIGIN).host);
    return handler(new Request(new URL(pathname, ORIGIN), { ...init, headers }), {
      address: init.ip ?? opts.clientAddress ?? "127.0.0.1",
    });
  };
  return { ctx: runtime.ctx as AppContext, logLines, handler, immediateHandler, request, dataDir };
}
