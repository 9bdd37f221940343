import type { CacheStorage, ExecutionContext, R2Bucket, ScheduledController } from "@cloudflare/workers-types";
import type { ServerBuild } from "@remix-run/server-runtime";
import { createEmailSender, outboxDepth } from "~/domain/email-sender.server";
import { countStuckPayments, reconcilePayments, releaseUnpaidOrders } from "~/domain/payment-jobs.server";
import { assembleAppContext, cacheFor, type AppContext } from "~/infra/app-context";
import type { Cache } from "~/infra/cache.server";
import { systemClock } from "~/infra/clock.server";
import { ConfigError, loadConfig, type Config } from "~/infra/config.server";
import type { Db } from "~/infra/db/client.server";
import { createFetchHandler, type AppHandler } from "~/infra/http/fetch-handler.server";
import { createJsonLogger } from "~/infra/json-logger";
import { guardedKv, reportKvCircuit } from "~/infra/kv/circuit-breaker.server";
import { createUpstashBackend } from "~/infra/kv/upstash.server";
import { createResendMailer } from "~/infra/mail.server";
import { createMetrics } from "~/infra/metrics.server";
import { createWasmHasher, type Argon2idCompute } from "~/infra/passwords/wasm-hasher";
import { createPaymentProvider } from "~/infra/payments/from-config";
import { createR2Storage, r2Uploads } from "~/infra/storage-r2.server";
import { edgeErrorTracker } from "~/infra/edge/sentry-cloudflare.server";
import { shareMetricsThroughKv, type KvMetrics } from "~/infra/edge/kv-metrics.server";
import { openRequestDb } from "~/infra/edge/neon-request-db.server";
import { unconfiguredResponse } from "~/infra/edge/unconfigured.server";
import { cacheApiPageStore } from "~/infra/edge/page-store.server";

/** The bindings wrangler.toml declares; every string var or secret is also read as configuration. */
export type WorkerEnv = { UPLOADS: R2Bucket } & Record<string, unknown>;

type Isolate = { ctx: AppContext; config: Config; handle: AppHandler; shared: KvMetrics };

/**
 * The workerd runtime adapter (docs/architecture.md, "Two runtimes"): per isolate, the AppContext from the bindings
 * (config, Upstash KV, JSON logger, argon2id WebAssembly, Resend, metrics shared through the KV, R2 storage); per
 * request, what holds I/O in flight — a Neon database handle (HTTP for statements, a Pool for transactions) and the
 * catalogue cache — finished in `waitUntil`, so nothing one request starts is awaited by another (workerd cancels a
 * request's pending I/O when its response ends). Requests go through the same middleware chain and Remix build as on
 * Node; background work (email delivery, the outbox gauge) is the same functions the Node loop calls, run after a
 * write and by the cron. Until the configuration is complete every request gets a plain 503 (liveness excepted).
 */
export function createWorker(build: ServerBuild, opts: { loadArgon2id: () => Promise<Argon2idCompute> }) {
  let isolate: Isolate | undefined;

  function isolateFor(env: WorkerEnv): Isolate {
    if (isolate) return isolate;
    const config = edgeConfig(env);
    const clock = systemClock;
    const log = createJsonLogger({ level: config.LOG_LEVEL, write: (line) => console.log(line) });
    const kv = guardedKv(
      createUpstashBackend({
        url: config.UPSTASH_REDIS_REST_URL!,
        token: config.UPSTASH_REDIS_REST_TOKEN!,
        timeoutMs: config.KV_TIMEOUT_MS,
      }),
      { prefix: config.KV_PREFIX, failures: config.KV_CIRCUIT_FAILURES, cooldownMs: config.KV_CIRCUIT_COOLDOWN_MS },
    );
    const metrics = createMetrics({ clock, defaultMetrics: false });
    reportKvCircuit(kv, { metrics, log, cooldownMs: config.KV_CIRCUIT_COOLDOWN_MS });
    const shared = shareMetricsThroughKv(metrics, {
      kv,
      clock,
      flushEveryMs: config.METRICS_FLUSH_MS,
      sampleGauges: () => sampleGauges(iso),
    });
    const ctx = assembleAppContext({
      config,
      db: outsideRequest<Db>("database"),
      cache: outsideRequest<Cache>("cache"),
      kv,
      log,
      metrics: shared.metrics,
      clock,
      mailer: createResendMailer(
        { apiKey: config.RESEND_API_KEY!, from: config.RESEND_FROM, baseUrl: config.RESEND_BASE_URL },
        { log, clock },
      ),
      hasher: createWasmHasher(opts.loadArgon2id),
      storage: createR2Storage(env.UPLOADS),
      payments: createPaymentProvider(config),
      errorTracker: config.SENTRY_DSN ? edgeErrorTracker : undefined,
    });
    const handle = createFetchHandler(build, ctx, {
      files: r2Uploads(env.UPLOADS),
      requestsShareWork: false,
      visitorPages: false,
    });
    const iso: Isolate = { ctx, config, shared, handle };
    log.info({ db: "neon", kv: kv.kind, mail: "resend" }, "app context ready (workerd isolate)");
    return (isolate = iso);
  }

  /** What one request (or one cron run) owns: its database handle and its caches, finished by `done()`. */
  function openRequest({ ctx, config }: Isolate, waitUntil?: ExecutionContext["waitUntil"]) {
    const requestDb = openRequestDb({
      url: config.DATABASE_URL!,
      wsProxy: config.NEON_WS_PROXY,
      httpEndpoint: config.NEON_HTTP_ENDPOINT,
      statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
      idleInTransactionTimeoutMs: config.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      onQuery: (operation, seconds) => ctx.metrics.dbQueryDuration.observe({ operation }, seconds),
    });
    const cache: Cache = cacheFor(ctx);
    const pageStore =
      waitUntil && config.EDGE_PAGE_TTL_SECONDS > 0 && config.CACHE_ENABLED
        ? cacheApiPageStore({
            cache: (caches as unknown as CacheStorage).default,
            waitUntil,
            origin: config.appUrl,
            buildVersion: build.assets.version,
            ttlSeconds: config.EDGE_PAGE_TTL_SECONDS,
          })
        : undefined;
    return {
      db: requestDb.db,
      cache,
      pageStore,
      async done() {
        await cache.settled();
        await requestDb.close();
      },
    };
  }

  /** The row-count gauges, counted on a database handle of the scrape's own. */
  async function sampleGauges(iso: Isolate) {
    const own = openRequest(iso);
    try {
      const [depth, stuck] = await Promise.all([outboxDepth(own.db), countStuckPayments(own.db, iso.ctx.clock.now())]);
      return { lh_email_outbox_depth: depth, lh_payments_stuck: stuck };
    } finally {
      await own.done();
    }
  }

  /** One round of the outbox sender (the Node loop's `runOnce`) on this request's database and cache. */
  const deliverEmail = ({ ctx, config }: Isolate, own: { db: Db; cache: Cache }) =>
    createEmailSender({ ...ctx, db: own.db, cache: own.cache, appUrl: config.appUrl }).runOnce();

  return {
    async fetch(request: Request, env: WorkerEnv, ectx: ExecutionContext): Promise<Response> {
      let iso: Isolate;
      try {
        iso = isolateFor(env);
      } catch (error) {
        if (error instanceof ConfigError) return unconfiguredResponse(request, error);
        throw error;
      }
      const own = openRequest(iso, (work) => ectx.waitUntil(work));
      const client = { address: request.headers.get("cf-connecting-ip") ?? "0.0.0.0" };
      const afterResponse: Promise<unknown>[] = [];
      try {
        return await iso.handle(request, client, { ...own, waitUntil: (work) => afterResponse.push(work) });
      } finally {
        ectx.waitUntil(
          (async () => {
            await Promise.allSettled(afterResponse); // it uses this request's database, closed below
            // A write may have queued email: deliver it now rather than at the next cron tick.
            if (request.method !== "GET" && request.method !== "HEAD") {
              await deliverEmail(iso, own).catch((err: unknown) =>
                iso.ctx.log.warn({ err }, "email delivery after the request failed; the cron retries"),
              );
            }
            await own.done();
            await iso.shared.flushSoon();
          })(),
        );
      }
    },

    /** Cron Trigger (every minute): retry pending and failed-for-now email, run the payment jobs, sample the gauges, flush metrics. */
    async scheduled(_controller: ScheduledController, env: WorkerEnv, ectx: ExecutionContext): Promise<void> {
      const iso = isolateFor(env);
      const own = openRequest(iso);
      const work = (async () => {
        try {
          // The same card payment jobs the Node loop runs: release unpaid orders, reconcile open payments. First, so the
          // emails they queue go out in this round rather than the next.
          const deps = { ...iso.ctx, db: own.db, cache: own.cache };
          await releaseUnpaidOrders(deps);
          await reconcilePayments(deps);
          const summary = await deliverEmail(iso, own);
          iso.ctx.log.info({ ...summary }, "scheduled email round");
          const now = iso.ctx.clock.now();
          await iso.shared.recordGauges({
            lh_email_outbox_depth: await outboxDepth(own.db),
            lh_payments_stuck: await countStuckPayments(own.db, now),
          });
        } finally {
          await own.done();
          await iso.shared.flushSoon();
        }
      })();
      ectx.waitUntil(work);
      await work;
    },
  };
}

/** Secrets a deployment must set (`wrangler secret put`) before the edge can serve: there is no disk to fall back to. */
const EDGE_SECRETS = ["DATABASE_URL", "UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN", "RESEND_API_KEY"] as const;

/** Config from the bindings' string values; every missing secret is named at once. */
function edgeConfig(env: WorkerEnv): Config {
  const vars = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === "string"));
  const required = vars.NODE_ENV === "production" ? [...EDGE_SECRETS, "METRICS_TOKEN"] : EDGE_SECRETS;
  const missing = required.filter((name) => !vars[name]?.trim());
  if (missing.length > 0) throw new ConfigError(`Invalid configuration: ${missing.join(", ")} must be set on the edge`);
  return loadConfig({ ...vars, DATABASE_DRIVER: "neon" });
}

/** The isolate-wide context has no database and no cache: workerd gives each request its own (see openRequest). */
const outsideRequest = <T extends object>(what: string) =>
  new Proxy({} as T, {
    get() {
      throw new Error(`no ${what} outside a request on workerd: use the request's own`);
    },
  });
