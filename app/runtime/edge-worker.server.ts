import type { ExecutionContext, R2Bucket, ScheduledController } from "@cloudflare/workers-types";
import type { ServerBuild } from "@remix-run/server-runtime";
import { createEmailSender, outboxDepth } from "~/domain/email-sender.server";
import { countStuckPayments, reconcilePayments, releaseUnpaidOrders } from "~/domain/payment-jobs.server";
import { assembleAppContext, type AppContext } from "~/infra/app-context";
import { systemClock } from "~/infra/clock.server";
import { ConfigError, loadConfig, type Config } from "~/infra/config.server";
import type { Db } from "~/infra/db/client.server";
import { createFetchHandler, type AppHandler } from "~/infra/http/fetch-handler.server";
import { createJsonLogger } from "~/infra/json-logger";
import { prefixedKv } from "~/infra/kv/prefixed";
import { createUpstashBackend } from "~/infra/kv/upstash.server";
import { createResendMailer } from "~/infra/mail.server";
import { createMetrics } from "~/infra/metrics.server";
import { createWasmHasher, type Argon2idCompute } from "~/infra/passwords/wasm-hasher";
import { createPaymentProvider } from "~/infra/payments/from-config";
import { createR2Storage, r2Uploads } from "~/infra/storage-r2.server";
import { edgeErrorTracker } from "~/infra/edge/sentry-cloudflare.server";
import { shareMetricsThroughKv, type KvMetrics } from "~/infra/edge/kv-metrics.server";
import { openRequestDb } from "~/infra/edge/neon-request-db.server";

/** The bindings wrangler.toml declares; every string var or secret is also read as configuration. */
export type WorkerEnv = { UPLOADS: R2Bucket } & Record<string, unknown>;

type Isolate = { ctx: AppContext; config: Config; handle: AppHandler; shared: KvMetrics };

/**
 * The workerd runtime adapter (DESIGN §9): per isolate, the AppContext from the bindings (config, Upstash KV, JSON
 * logger, argon2id WebAssembly, Resend, metrics shared through the KV, R2 storage); per request, a Neon database handle
 * (HTTP for statements, a Pool for transactions) ended in `waitUntil`. Requests go through the same middleware chain and Remix build as on Node; background work (email
 * delivery, the outbox gauge) is the same functions the Node loop calls, run after a write and by the cron.
 */
export function createWorker(build: ServerBuild, opts: { loadArgon2id: () => Promise<Argon2idCompute> }) {
  let isolate: Isolate | undefined;

  function isolateFor(env: WorkerEnv): Isolate {
    if (isolate) return isolate;
    const config = edgeConfig(env);
    const clock = systemClock;
    const log = createJsonLogger({ level: config.LOG_LEVEL, write: (line) => console.log(line) });
    const kv = prefixedKv(
      createUpstashBackend({ url: config.UPSTASH_REDIS_REST_URL!, token: config.UPSTASH_REDIS_REST_TOKEN!, timeoutMs: 1_000 }),
      config.KV_PREFIX,
      () => () => {}, // one isolate's circuit breaker would not protect the others; Upstash has its own timeout
    );
    const shared = shareMetricsThroughKv(createMetrics({ clock, defaultMetrics: false }), {
      kv,
      clock,
      flushEveryMs: config.METRICS_FLUSH_MS,
    });
    const ctx = assembleAppContext({
      config,
      db: outsideRequest,
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
    isolate = { ctx, config, shared, handle: createFetchHandler(build, ctx, { files: r2Uploads(env.UPLOADS) }) };
    log.info({ db: "neon", kv: kv.kind, mail: "resend" }, "app context ready (workerd isolate)");
    return isolate;
  }

  function openDb({ ctx, config }: Isolate) {
    return openRequestDb({
      url: config.DATABASE_URL!,
      wsProxy: config.NEON_WS_PROXY,
      httpEndpoint: config.NEON_HTTP_ENDPOINT,
      onQuery: (operation, seconds) => ctx.metrics.dbQueryDuration.observe({ operation }, seconds),
    });
  }

  /** One round of the outbox sender (the Node loop's `runOnce`) on this request's database. */
  const deliverEmail = ({ ctx, config }: Isolate, db: Db) => createEmailSender({ ...ctx, db, appUrl: config.appUrl }).runOnce();

  return {
    async fetch(request: Request, env: WorkerEnv, ectx: ExecutionContext): Promise<Response> {
      const iso = isolateFor(env);
      const requestDb = openDb(iso);
      const client = { address: request.headers.get("cf-connecting-ip") ?? "0.0.0.0" };
      const afterResponse: Promise<unknown>[] = [];
      try {
        return await iso.handle(request, client, { db: requestDb.db, waitUntil: (work) => afterResponse.push(work) });
      } finally {
        ectx.waitUntil(
          (async () => {
            await Promise.allSettled(afterResponse); // it uses this request's database, closed below
            // A write may have queued email: deliver it now rather than at the next cron tick.
            if (request.method !== "GET" && request.method !== "HEAD") {
              await deliverEmail(iso, requestDb.db).catch((err: unknown) =>
                iso.ctx.log.warn({ err }, "email delivery after the request failed; the cron retries"),
              );
            }
            await iso.ctx.cache.settled();
            await iso.shared.flushSoon();
            await requestDb.close();
          })(),
        );
      }
    },

    /** Cron Trigger (every minute): retry pending and failed-for-now email, run the payment jobs, sample the gauges, flush metrics. */
    async scheduled(_controller: ScheduledController, env: WorkerEnv, ectx: ExecutionContext): Promise<void> {
      const iso = isolateFor(env);
      const requestDb = openDb(iso);
      const work = (async () => {
        try {
          // The same card payment jobs the Node loop runs: release unpaid orders, reconcile open payments. First, so the
          // emails they queue go out in this round rather than the next.
          const deps = { ...iso.ctx, db: requestDb.db };
          await releaseUnpaidOrders(deps);
          await reconcilePayments(deps);
          const summary = await deliverEmail(iso, requestDb.db);
          iso.ctx.log.info({ ...summary }, "scheduled email round");
          const now = iso.ctx.clock.now();
          await iso.shared.recordGauges({
            lh_email_outbox_depth: await outboxDepth(requestDb.db),
            lh_payments_stuck: await countStuckPayments(requestDb.db, now),
          });
        } finally {
          await iso.shared.flushSoon();
          await requestDb.close();
        }
      })();
      ectx.waitUntil(work);
      await work;
    },
  };
}

/** Config from the bindings' string values; the edge needs Neon, Upstash and Resend (there is no disk to fall back to). */
function edgeConfig(env: WorkerEnv): Config {
  const vars = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === "string"));
  const config = loadConfig({ ...vars, DATABASE_DRIVER: "neon" });
  const missing = (["DATABASE_URL", "UPSTASH_REDIS_REST_URL", "RESEND_API_KEY"] as const).filter((k) => !config[k]);
  if (missing.length > 0) throw new ConfigError(`Invalid configuration: ${missing.join(", ")} must be set on the edge`);
  return config;
}

/** The isolate-wide context has no database: workerd gives each request its own (see openRequestDb). */
const outsideRequest = new Proxy({} as Db, {
  get() {
    throw new Error("no database outside a request on workerd: use the per-request handle");
  },
});
