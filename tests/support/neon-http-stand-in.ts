import { createServer, type IncomingMessage } from "node:http";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { noLatency, roundTrip, type Latency } from "./latency";

/**
 * Stand-in for Neon's SQL-over-HTTP endpoint, so the real `neon()` driver (and drizzle's neon-http) can run against a
 * plain local Postgres. The wire format is the driver's: `POST /sql` with `{query, params}` or `{queries: [...]}`,
 * headers `Neon-Connection-String`, `Neon-Raw-Text-Output`, `Neon-Array-Mode` and the `Neon-Batch-*` options; the
 * answer is `{fields: [{name, dataTypeID}], rows (arrays of text), rowCount, command}` (or `{results: [...]}`), and a
 * Postgres error is HTTP 400 with its fields (`message`, `code`, …). Point the driver here with `NEON_HTTP_ENDPOINT`.
 * `requests` counts every round trip, for tests and benchmarks that budget them.
 */
export async function startNeonHttpStandIn(): Promise<{
  endpoint: string;
  latency: Latency;
  requests(): number;
  /** How many of them were batches (`sql.transaction`: several statements, one transaction). */
  batches(): number;
  close(): Promise<void>;
}> {
  const pools = new Map<string, pg.Pool>();
  let requests = 0;
  let batches = 0;
  const latency = noLatency();
  const poolFor = (connectionString: string) => {
    let pool = pools.get(connectionString);
    if (!pool) {
      pool = new pg.Pool({ connectionString, max: 10 });
      pool.on("error", () => {});
      pools.set(connectionString, pool);
    }
    return pool;
  };

  const server = createServer(async (req, res) => {
    requests++;
    await roundTrip(latency);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    try {
      const connectionString = req.headers["neon-connection-string"];
      if (req.method !== "POST" || typeof connectionString !== "string") return send(404, { message: "not found" });
      const body = JSON.parse(await readBody(req)) as Statement | { queries: Statement[] };
      const client = await poolFor(connectionString).connect();
      try {
        if (!("queries" in body)) return send(200, await run(client, body));
        batches++;
        // A batch is one transaction, with the isolation the driver asked for.
        const level = req.headers["neon-batch-isolation-level"];
        const readOnly = req.headers["neon-batch-read-only"] === "true";
        await client.query(`begin${level ? ` isolation level ${isolation(String(level))}` : ""}${readOnly ? " read only" : ""}`);
        try {
          const results = [];
          for (const q of body.queries) results.push(await run(client, q));
          await client.query("commit");
          return send(200, { results });
        } catch (err) {
          await client.query("rollback");
          throw err;
        }
      } finally {
        client.release();
      }
    } catch (err) {
      const e = err as Record<string, unknown>;
      if (typeof e.code === "string") return send(400, pgErrorFields(e));
      return send(500, { message: String(err) });
    }
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/sql`,
    latency,
    requests: () => requests,
    batches: () => batches,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...pools.values()].map((p) => p.end()));
    },
  };
}

type Statement = { query: string; params: unknown[] };

// Raw text out, as Neon-Raw-Text-Output asks: the driver parses every value itself by its type OID.
const rawText = { getTypeParser: () => (value: string) => value };

async function run(client: pg.PoolClient, q: Statement) {
  const result = await client.query({ text: q.query, values: q.params, rowMode: "array", types: rawText });
  return {
    fields: result.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
    rows: result.rows,
    rowCount: result.rowCount,
    command: result.command,
  };
}

function isolation(level: string) {
  const levels: Record<string, string> = {
    ReadUncommitted: "read uncommitted",
    ReadCommitted: "read committed",
    RepeatableRead: "repeatable read",
    Serializable: "serializable",
  };
  return levels[level] ?? "read committed";
}

const PG_ERROR_FIELDS = ["severity", "code", "detail", "hint", "position", "schema", "table", "column", "constraint"];

function pgErrorFields(e: Record<string, unknown>) {
  const out: Record<string, unknown> = { message: e.message };
  for (const k of PG_ERROR_FIELDS) if (e[k] !== undefined) out[k] = e[k];
  return out;
}

async function readBody(req: IncomingMessage) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
