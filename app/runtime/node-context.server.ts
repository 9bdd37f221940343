import type { Logger } from "pino";
import { assembleAppContext, type AppContext } from "~/infra/app-context";
import type { Clock } from "~/infra/clock.server";
import { systemClock } from "~/infra/clock.server";
import type { Config } from "~/infra/config.server";
import { createDb, type DbHandle } from "~/infra/db/client.server";
import { seedIfEmpty } from "~/domain/seed.server";
import { createKv } from "~/infra/kv.server";
import { reportKvCircuit } from "~/infra/kv/circuit-breaker.server";
import type { Kv } from "~/infra/kv/prefixed";
import { createLogger } from "~/infra/log.server";
import { createMailer } from "~/infra/create-mailer.server";
import type { Mailer } from "~/infra/mail.server";
import { outboxDepth } from "~/domain/email-sender.server";
import { createMetrics } from "~/infra/metrics.server";
import { packagedCommonPasswords } from "~/infra/passwords/packaged-common-passwords.server";
import { nodeHasher } from "~/infra/passwords/node-hasher.server";
import { createPaymentProvider } from "~/infra/payments/from-config";
import type { PaymentProvider } from "~/infra/payments/provider.server";
import { createSharpResizer } from "~/infra/images-sharp.server";
import { createLocalStorage } from "~/infra/storage-disk.server";
import { createErrorTracker } from "~/infra/error-tracker.server";
import type { ErrorTracker } from "~/infra/report-error.server";

export type AppRuntime = { ctx: AppContext; dbHandle: DbHandle; close(): Promise<void> };

/** Parts a caller (tests, a second instance) may hand in instead of building from config. */
export type ContextOverrides = Partial<{
  dbHandle: DbHandle;
  kv: Kv;
  log: Logger;
  clock: Clock;
  mailer: Mailer;
  payments: PaymentProvider | null;
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
  const stopCircuitReports = reportKvCircuit(kv, { metrics, log, cooldownMs: config.KV_CIRCUIT_COOLDOWN_MS });
  const stopQueryTiming = dbHandle.observeQueries((operation, seconds) =>
    metrics.dbQueryDuration.observe({ operation }, seconds),
  );
  // The outbox depth gauge reads the table at scrape time, whether or not this process runs the sender's loop.
  metrics.setOutboxDepthSource(() => outboxDepth(dbHandle.db));
  const mailer = overrides.mailer ?? createMailer(config, { log, clock });
  const ctx = assembleAppContext({
    config,
    db: dbHandle.db,
    kv,
    log,
    metrics,
    clock,
    mailer,
    hasher: nodeHasher,
    commonPasswords: packagedCommonPasswords,
    storage: createLocalStorage(config.DATA_DIR, createSharpResizer()),
    payments: overrides.payments !== undefined ? overrides.payments : createPaymentProvider(config),
    errorTracker: overrides.errorTracker ?? (await createErrorTracker(config)),
  });
  log.info({ db: dbHandle.driver, kv: kv.kind, mail: config.mode.mail, payments: config.mode.payments }, "app context ready");
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
