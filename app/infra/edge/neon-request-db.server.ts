import { Pool, neonConfig } from "@neondatabase/serverless";
import { drizzle } from "drizzle-orm/neon-serverless";
import type { Db } from "../db/client.server";
import { instrumentQueryMethod, type QueryObserver } from "../db/query-timing";
import * as schema from "../db/schema";

/**
 * workerd's database handle: a Neon Pool (WebSocket, so interactive transactions work) made for one request and ended
 * after it. A Pool kept in module scope answers its first request and then hangs: workerd ties its sockets to the
 * request that opened them.
 */
export function openRequestDb(opts: { url: string; wsProxy?: string; onQuery: QueryObserver }): {
  db: Db;
  close(): Promise<void>;
} {
  if (opts.wsProxy) {
    // Local testing only: a plain-ws WebSocket→TCP bridge in front of an ordinary Postgres.
    const proxy = opts.wsProxy;
    neonConfig.wsProxy = (host, port) => `${proxy}?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineTLS = false;
    neonConfig.pipelineConnect = false;
  }
  const pool = new Pool({ connectionString: opts.url, max: 5 });
  pool.on("error", () => {}); // reported by the query that hits it
  pool.on("connect", (client: object) => instrumentQueryMethod(client, opts.onQuery));
  return { db: drizzle(pool, { schema }) as unknown as Db, close: () => pool.end() };
}
