import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { Logger } from "pino";
import { createObservers, instrumentPglite, instrumentQueryMethod, type QueryObserver } from "./query-timing";
import * as schema from "./schema";

type Schema = typeof schema;
/** The one database type domain code sees, whichever driver is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle has the same query API. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export type DbHandle = {
  db: Db;
  driver: "pglite" | "pg" | "neon";
  migrate(migrationsFolder?: string): Promise<void>;
  close(): Promise<void>;
  /** Hears every SQL statement's duration (`operation` = select | insert | update | delete | transaction | other). */
  observeQueries(fn: QueryObserver): () => void;
};

export type DbOptions = {
  url?: string;
  driver: "pglite" | "pg" | "neon";
  dataDir: string;
  /** host:port/path of a WebSocket→TCP bridge; plain ws, no TLS (local testing of the Neon driver). */
  neonWsProxy?: string;
  poolSize?: number;
  /** Server-side caps per connection (pg, Neon); 0 turns one off. PGlite is in-process and ignores them. */
  statementTimeoutMs?: number;
  idleInTransactionTimeoutMs?: number;
  /** Hears connections lost under the app (restart, failover, pg_terminate_backend, network reset). */
  log?: Logger;
  /** PGlite only: a new cluster starts from this migrated tarball (scripts/pglite-snapshot.mjs) instead of an initdb. */
  pgliteSnapshotFile?: string;
};

const DEFAULT_STATEMENT_TIMEOUT_MS = 5_000;
const DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_MS = 10_000;

const MIGRATIONS_FOLDER = path.resolve("drizzle");

export async function createDb(opts: DbOptions): Promise<DbHandle> {
  if (opts.driver === "pglite") return createPglite(opts);
  if (opts.driver === "neon") return createNeon(opts);
  return createPg(opts);
}

/**
 * initdb's default shared_buffers (128 MB) is for a server; the shop's whole cluster is ~40 MB on disk and the OS page
 * cache sits under PGlite's files anyway. 16 MB took ~70 MB off the process's peak RSS (docs/performance.md).
 */
const PGLITE_MEMORY_PARAMS = ["-c", "shared_buffers=16MB"];

async function createPglite(opts: DbOptions): Promise<DbHandle> {
  // Postgres here is a 9 MB WebAssembly module. V8's optimising tier (TurboFan) recompiles its hot functions in the
  // background: ~80 MB more peak RSS, and on 2 cores those compiles compete with requests for the first minute. Its
  // baseline code (Liftoff) answered our queries as fast in steady state and faster before (docs/performance.md).
  // Process-wide, but this process runs no other WebAssembly that matters; set before PGlite compiles its module.
  (await import("node:v8")).setFlagsFromString("--liftoff-only");
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const { keepStatementPlans } = await import("./pglite-named-statements");
  // ":memory:" keeps a throwaway database (tests); anything else is a folder that survives restarts.
  let dir: string | undefined;
  if (opts.dataDir !== ":memory:") {
    dir = path.resolve(opts.dataDir, "pglite");
    mkdirSync(dir, { recursive: true });
  }
  const fresh = !dir || !existsSync(path.join(dir, "PG_VERSION"));
  const snapshot = fresh && opts.pgliteSnapshotFile && existsSync(opts.pgliteSnapshotFile) ? opts.pgliteSnapshotFile : null;
  const client = await PGlite.create({
    dataDir: dir,
    loadDataDir: snapshot ? new Blob([readFileSync(snapshot)]) : undefined,
    startParams: [...PGlite.defaultStartParams, ...PGLITE_MEMORY_PARAMS],
  });
  keepStatementPlans(client);
  const observers = createObservers();
  instrumentPglite(client, observers.emit);
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    driver: "pglite",
    observeQueries: observers.add,
    migrate: (folder = MIGRATIONS_FOLDER) => migrate(db as never, { migrationsFolder: folder }),
    close: () => client.close(),
  };
}

async function createPg(opts: DbOptions): Promise<DbHandle> {
  const { default: pg } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    ...sessionLimits(opts),
  });
  return pooledHandle("pg", pool, opts, drizzle, migrate);
}

async function createNeon(opts: DbOptions): Promise<DbHandle> {
  const { Client, Pool, neonConfig } = await import("@neondatabase/serverless");
  const { drizzle } = await import("drizzle-orm/neon-serverless");
  const { migrate } = await import("drizzle-orm/neon-serverless/migrator");
  const { default: ws } = await import("ws");
  // Node 20 has no global WebSocket; the pool (not the HTTP driver) is what gives us transactions.
  neonConfig.webSocketConstructor = ws;
  const pool = new Pool({ connectionString: opts.url, max: opts.poolSize ?? 10, ...sessionLimits(opts) });
  const proxy = opts.neonWsProxy;
  if (proxy) {
    // Set on each of this pool's clients, not on the global neonConfig: with two databases in one process (tests, a
    // restore check), the last one created would otherwise send every new connection to its own proxy.
    class ProxiedClient extends Client {
      constructor(config?: ConstructorParameters<typeof Client>[0]) {
        super(config);
        Object.assign(this.neonConfig, {
          wsProxy: (host: string, port: number | string) => `${proxy}?address=${host}:${port}`,
          useSecureWebSocket: false,
          pipelineTLS: false,
          pipelineConnect: false,
        });
      }
    }
    // The Neon Pool sets its own Client class in its constructor, after reading the options.
    pool.Client = ProxiedClient;
  }
  return pooledHandle("neon", pool, opts, drizzle, migrate);
}

type ConnectionPool = Listenable & { connect(): Promise<LockClient>; end(): Promise<void> };

/**
 * The handle over a connection pool (pg, or Neon's pool built on it): every client reports its lost connections and
 * its statements' durations; migrations run under the advisory lock, on one client.
 */
function pooledHandle(
  driver: "pg" | "neon",
  pool: ConnectionPool,
  opts: DbOptions,
  drizzle: (client: never, config: { schema: typeof schema }) => unknown,
  migrate: (db: never, config: { migrationsFolder: string }) => Promise<void>,
): DbHandle {
  listenForClientErrors(pool, opts.log);
  const observers = createObservers();
  pool.on("connect", (client: object) => instrumentQueryMethod(client, observers.emit));
  return {
    db: drizzle(pool as never, { schema }) as Db,
    driver,
    observeQueries: observers.add,
    migrate: (folder = MIGRATIONS_FOLDER) =>
      withMigrationLock(pool, (client) => migrate(drizzle(client as never, { schema }) as never, { migrationsFolder: folder })),
    close: () => pool.end(),
  };
}

/** Startup parameters both pg and the Neon Pool send, so Postgres itself bounds every statement and open transaction. */
function sessionLimits(opts: DbOptions) {
  return {
    statement_timeout: opts.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
    idle_in_transaction_session_timeout: opts.idleInTransactionTimeoutMs ?? DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
}

type Listenable = { on(event: string, listener: (...args: never[]) => void): unknown };

/**
 * pg-pool (and the Neon Pool built on it) listens for 'error' only on idle clients; a client checked out by a
 * transaction that loses its connection emits 'error' with no listener, which kills the process. Every client gets
 * a listener of its own here; the failed query still rejects (→ 503 for that request) and the pool replaces the
 * dead client. (The edge's per-request Neon Pool does the same in app/infra/edge/neon-request-db.server.ts.)
 */
function listenForClientErrors(pool: Listenable, log?: Logger): void {
  const report = (err: Error) =>
    log?.warn({ err: { message: err.message, code: (err as { code?: unknown }).code } }, "database connection lost");
  pool.on("error", report); // idle clients
  pool.on("connect", (client: Listenable) => void client.on("error", report));
}

type LockClient = { query(sql: string): Promise<unknown>; release(): void };

// Several instances may start at once against one database; only one should migrate at a time.
async function withMigrationLock(pool: { connect(): Promise<LockClient> }, run: (client: LockClient) => Promise<void>) {
  // A session lock must be taken and released on the same connection, so hold one client throughout.
  const client = await pool.connect();
  try {
    // Migrations (and waiting for another instance's) may run longer than a request's statement timeout.
    await client.query("set statement_timeout = 0");
    await client.query("select pg_advisory_lock(727274)");
    try {
      await run(client);
    } finally {
      await client.query("select pg_advisory_unlock(727274)");
      await client.query("reset statement_timeout");
    }
  } finally {
    client.release();
  }
}
