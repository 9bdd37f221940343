import { Pool, neon, neonConfig } from "@neondatabase/serverless";
import { drizzle as drizzleHttp } from "drizzle-orm/neon-http";
import { drizzle as drizzlePool } from "drizzle-orm/neon-serverless";
import type { Db } from "../db/client.server";
import { instrumentQueryMethod, sqlOperation, type QueryObserver } from "../db/query-timing";
import * as schema from "../db/schema";

type Options = {
  url: string;
  /** Local testing only: a plain-ws WebSocket→TCP bridge in front of an ordinary Postgres. */
  wsProxy?: string;
  /** Local testing only: a Neon SQL-over-HTTP stand-in instead of https://api.<host>/sql. */
  httpEndpoint?: string;
  /** DB_STATEMENT_TIMEOUT_MS and DB_IDLE_IN_TRANSACTION_TIMEOUT_MS (0 = off); see below for how each applies. */
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
  onQuery: QueryObserver;
};

/**
 * workerd's database handle for one request. Single statements go over HTTP (`neon()`: one fetch per statement, no
 * connection to set up); `db.transaction` opens a Neon Pool (WebSocket) on first use, for the interactive transactions
 * HTTP has none of. The Pool is made per request and ended after it: one kept in module scope answers its first
 * request and then hangs, as workerd ties sockets to the request that opened them.
 *
 * Bounded waits: the Pool's sessions get `statement_timeout` and `idle_in_transaction_session_timeout` as startup
 * parameters, as on Node. Over HTTP there is no session to set them on, and every request is a transaction of its
 * own that cannot be left idle; the statement timeout is the deadline of each HTTP request instead (a page waiting
 * longer answers 503 + Retry-After, as on Node).
 */
export function openRequestDb(opts: Options): { db: Db; close(): Promise<void> } {
  configureNeon(opts);
  const sql = neon(opts.url, {
    // A getter: the driver spreads these into every fetch it makes, so each request gets a deadline of its own.
    fetchOptions: opts.statementTimeoutMs
      ? {
          get signal() {
            return AbortSignal.timeout(opts.statementTimeoutMs);
          },
        }
      : undefined,
  });
  // drizzle calls `client.query(text, params, options)`; awaiting the driver's lazy query once, here, times it.
  const client = {
    query: (text: string, params: unknown[], options: object) => {
      const started = performance.now();
      const done = () => opts.onQuery(sqlOperation(text), (performance.now() - started) / 1000, text);
      return sql.query(text, params, options).then(
        (result) => (done(), result),
        (err: unknown) => {
          done();
          throw err;
        },
      );
    },
  };
  const db = drizzleHttp({ client: client as unknown as typeof sql, schema }) as unknown as Db;
  // atomically() (../db/atomic-batch.server.ts): statements sent in one request, run by Neon in one transaction. Its
  // batch needs the driver's own lazy queries, so it goes through a second drizzle over the bare driver.
  const batching = drizzleHttp({ client: sql, schema });
  Object.assign(db, {
    batch: (items: Parameters<typeof batching.batch>[0]) => {
      const started = performance.now();
      const done = () => opts.onQuery("transaction", (performance.now() - started) / 1000, "batch");
      return batching.batch(items).finally(done);
    },
  });

  let pool: Pool | undefined;
  const poolDb = () => {
    pool = new Pool({
      connectionString: opts.url,
      max: 5,
      statement_timeout: opts.statementTimeoutMs,
      idle_in_transaction_session_timeout: opts.idleInTransactionTimeoutMs,
    });
    // A lost connection is reported by the query that hits it; without listeners it would throw from the emitter.
    pool.on("error", () => {});
    pool.on("connect", (c: { on(event: "error", fn: () => void): void }) => {
      c.on("error", () => {});
      instrumentQueryMethod(c, opts.onQuery);
    });
    return drizzlePool(pool, { schema }) as unknown as Db;
  };
  let txDb: Db | undefined;
  db.transaction = (work, config) => (txDb ??= poolDb()).transaction(work, config);

  return { db, close: async () => void (await pool?.end()) };
}

function configureNeon({ wsProxy, httpEndpoint }: Options) {
  if (wsProxy) {
    neonConfig.wsProxy = (host, port) => `${wsProxy}?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineTLS = false;
    neonConfig.pipelineConnect = false;
  }
  if (httpEndpoint) neonConfig.fetchEndpoint = () => httpEndpoint;
}
