import type { Logger } from "pino";
import { createCache, type Cache } from "./cache.server";
import type { Clock } from "./clock.server";
import { systemClock } from "./clock.server";
import type { Config } from "./config.server";
import { createDb, type Db, type DbHandle } from "./db/client.server";
import { seedIfEmpty } from "./db/seed.server";
import { createKv, type Kv } from "./kv.server";
import { createLogger } from "./log.server";
import { createMailer, type Mailer } from "./mail.server";
import { createMetrics, type Metrics } from "./metrics.server";
import { observeRateLimits } from "./rate-limit.server";
import { createErrorTracker } from "./error-tracker.server";
import type { ErrorTracker } from "./report-error.server";

/** Everything a route or domain function may depend on; built once per process (DESIGN §1). */
export type AppContext = {
  config: Config;
  db: Db;
  kv: Kv;
  cache: Cache;
  log: Logger;
  metrics: Metrics;
  clock: Clock;
  /** Resend or outbox files (DESIGN §5); `mailer.status()` feeds readiness. */
  mailer: Mailer;
  /** Where unexpected errors are reported besides the log (Sentry when SENTRY_DSN is set). */
  errorTracker?: ErrorTracker;
};

/** What Remix loaders and actions receive as `context`. */
export type AppLoadContext = AppContext & { requestId: string; routeId: string; nonce: string; clientIp: string };

export type AppRuntime = { ctx: AppContext; dbHandle: DbHandle; close(): Promise<void> };

/** Parts a caller (tests, a second instance) may hand in instead of building from config. */
export type ContextOverrides = Partial<{
  dbHandle: DbHandle;
  kv: Kv;
  log: Logger;
  clock: Clock;
  mailer: Mailer;
  errorTracker: ErrorTracker;
  /** The Node adapter's migrated PGlite tarball, loaded by an embedded first start instead of an initdb. */
  pgliteSnapshotFile: string;
}>;

export async function createAppContext(config: Config, overrides: ContextOverrides = {}): Promise<AppRuntime> {
  const log = overrides.log ?? createLogger({ level: config.LOG_LEVEL, pretty: config.NODE_ENV === "development" });
  const dbHandle =
    overrides.dbHandle ??
    (await createDb({
      driver: config.mode.db,
      url: config.DATABASE_URL,
      dataDir: config.DATA_DIR,
      neonWsProxy: config.NEON_WS_PROXY,
      statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
      idleInTransactionTimeoutMs: config.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      log,
      pgliteSnapshotFile: overrides.pgliteSnapshotFile,
    }));
  if (!overrides.dbHandle && dbHandle.driver === "pglite") {
    // Embedded mode needs no setup step: migrate and seed on first start.
    await dbHandle.migrate();
    const seeded = await seedIfEmpty(dbHandle.db, {
      adminEmail: config.ADMIN_EMAIL,
      adminPassword: config.ADMIN_PASSWORD,
      demoCustomer: !config.isProduction,
    });
    if (seeded?.generatedAdminPassword) {
      // Printed once, to the operator's terminal only — never to the structured log.
      process.stdout.write(
        `\nAdmin account created: ${config.ADMIN_EMAIL} / ${seeded.generatedAdminPassword}\n(shown once; set ADMIN_PASSWORD to choose your own)\n\n`,
      );
    }
  }
  const kv =
    overrides.kv ??
    createKv({
      redisUrl: config.REDIS_URL,
      upstashUrl: config.UPSTASH_REDIS_REST_URL,
      upstashToken: config.UPSTASH_REDIS_REST_TOKEN,
      prefix: config.KV_PREFIX,
      commandTimeoutMs: config.KV_TIMEOUT_MS,
      circuitFailures: config.KV_CIRCUIT_FAILURES,
      circuitCooldownMs: config.KV_CIRCUIT_COOLDOWN_MS,
    });
  const clock = overrides.clock ?? systemClock;
  const metrics = createMetrics({ clock });
  const cache = createCache({ kv, log, metrics, enabled: config.CACHE_ENABLED });
  observeRateLimits(kv, { log, metrics }); // every limiter on this kv logs and counts its store fallbacks
  const stopCircuitReports = kv.observeCircuit((event) => {
    metrics.kvCircuit.inc({ event });
    if (event === "open") log.warn({ cooldownMs: config.KV_CIRCUIT_COOLDOWN_MS }, "kv circuit open: skipping the store");
    if (event === "closed") log.info("kv answering again: circuit closed");
  });
  const stopQueryTiming = dbHandle.observeQueries((operation, seconds) =>
    metrics.dbQueryDuration.observe({ operation }, seconds),
  );
  const mailer = overrides.mailer ?? createMailer(config, { log, clock });
  const errorTracker = overrides.errorTracker ?? (await createErrorTracker(config));
  const ctx: AppContext = { config, db: dbHandle.db, kv, cache, log, metrics, clock, mailer, errorTracker };
  log.info({ db: dbHandle.driver, kv: kv.kind, mail: config.mode.mail }, "app context ready");
  return {
    ctx,
    dbHandle,
    async close() {
      stopQueryTiming();
      stopCircuitReports();
      await Promise.allSettled([kv.close(), dbHandle.close()]);
    },
  };
}
