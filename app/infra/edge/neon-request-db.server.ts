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
 * workerd's database, made once per isolate, and its handle for each request (`openRequest()`). Single statements go
 * over HTTP (`neon()`: one fetch per statement, no connection to set up); `db.transaction` opens a Neon Pool
 * (WebSocket) on first use, for the interactive transactions HTTP has none of. The Pool is made per request and ended
 * after it: one kept in module scope answers its first request and then hangs, as workerd ties sockets to the request
 * that opened them.
 *
 * The HTTP drizzle instance is the isolate's: it holds no connection and no promise between statements (each statement
 * is a fetch its caller awaits), so sharing it crosses no request (docs/architecture.md §9), and building it — drizzle
 * walks the whole schema to make its relational config — cost each request more CPU than a kept page's answer
 * (docs/decisions/044-edge-request-costs.md). A request's handle is a thin object over it with its own `transaction`.
 *
 * Bounded waits: the Pool's sessions get `statement_timeout` and `idle_in_transaction_session_timeout` as startup
 * parameters, as on Node. Over HTTP there is no session to set them on, and every request is a transaction of its
 * own that cannot be left idle; the statement timeout is the deadline of each HTTP request instead (a page waiting
 * longer answers 503 + Retry-After, as on Node).
 */
export type EdgeDb = { openRequest(): { db: Db; close(): Promise<void> } };

export function createEdgeDb(opts: Options): EdgeDb {
  configureNeon(opts);
  const sql = neon(opts.url, {
    // A getter: the driver spreads these into every fetch it makes, so each statement gets a deadline of its own.
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
  const http = drizzleHttp({ client: client as unknown as typeof sql, schema }) as unknown as Db;
  // atomically() (../db/atomic-batch.server.ts): statements sent in one request, run by Neon in one transaction. Its
  // batch needs the driver's own lazy queries, so it goes through a second drizzle over the bare driver.
  const batching = drizzleHttp({ client: sql, schema });
  Object.assign(http, {
    batch: (items: Parameters<typeof batching.batch>[0]) => {
      const started = performance.now();
      const done = () => opts.onQuery("transaction", (performance.now() - started) / 1000, "batch");
      return batching.batch(items).finally(done);
    },
  });

  const poolDb = () => {
    const pool = new Pool({
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
    return { pool, db: drizzlePool(pool, { schema }) as unknown as Db };
  };

  return {
    openRequest() {
      let tx: ReturnType<typeof poolDb> | undefined;
      // The isolate's HTTP instance underneath (its methods read `session` and `dialect` through the prototype); this
      // request's own Pool, made on its first transaction, on top.
      const db = Object.create(http) as Db;
      db.transaction = (work, config) => (tx ??= poolDb()).db.transaction(work, config);
      return { db, close: async () => void (await tx?.pool.end()) };
    },
  };
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
