// PGlite parses and plans every statement anew: for the session check behind every signed-in page that was two thirds
// of its cost (636 µs, 207 µs from a kept plan; docs/performance.md). Postgres keeps the plan of a *named* statement,
// so the statements drizzle sends outside transactions are prepared once under a name and then only bound and run —
// what node-postgres does for a named query. At most `max` names: the least recently used is closed past that.
import type { PGlite } from "@electric-sql/pglite";
import { parse, protocol, type QueryOptions, type Results } from "@electric-sql/pglite";

type Internals = {
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
  _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T>;
};

type BackendMessage = Awaited<ReturnType<PGlite["execProtocolStream"]>>[number];
type Parsers = PGlite["parsers"];
type Field = { name: string; dataTypeID: number };

const { serialize, messages: backend } = protocol;

export function keepStatementPlans(client: PGlite, { max = 200 } = {}): void {
  const internals = client as unknown as Internals;
  const unnamed = client.query.bind(client);
  // Insertion order is recency: a use moves the statement to the end, the first is the least recently used.
  const statements = new Map<string, { name: string; paramTypes: number[] }>();
  let counter = 0;
  const run = (message: Uint8Array) => client.execProtocolStream(message, { syncToFs: false });

  async function prepare(text: string, options?: QueryOptions) {
    const name = `lh_${++counter}`;
    await run(serialize.parse({ name, text, types: options?.paramTypes }));
    const paramTypes = parse.parseDescribeStatementResults(await run(serialize.describe({ type: "S", name })));
    const statement = { name, paramTypes };
    statements.set(text, statement);
    if (statements.size > max) {
      const [oldestText, oldest] = statements.entries().next().value!;
      statements.delete(oldestText);
      await run(serialize.close({ type: "S", name: oldest.name }));
    }
    return statement;
  }

  async function query<T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    const messages: BackendMessage[] = [];
    try {
      let statement = statements.get(text);
      if (statement) {
        statements.delete(text);
        statements.set(text, statement);
      } else statement = await prepare(text, options);
      const values = params.map((value, i) => {
        if (value === null || value === undefined) return null;
        const type = statement.paramTypes[i];
        const serializer = options?.serializers?.[type] ?? client.serializers[type];
        return serializer ? serializer(value) : String(value);
      });
      messages.push(
        ...(await run(serialize.bind({ statement: statement.name, values }))),
        ...(await run(serialize.describe({ type: "P" }))),
        ...(await run(serialize.execute({}))),
      );
    } finally {
      messages.push(...(await run(serialize.sync())));
    }
    await client.syncToFs();
    return toResults<T>(messages, client.parsers, options);
  }

  client.query = (<T>(text: string, params?: unknown[], options?: QueryOptions) =>
    options?.blob
      ? unnamed<T>(text, params, options)
      : internals._runExclusiveTransaction(() =>
          internals._runExclusiveQuery(() => query<T>(text, params, options)),
        )) as PGlite["query"];
}

const COUNTED = new Set(["INSERT", "UPDATE", "DELETE", "COPY", "MERGE"]);

/**
 * PGlite's `parse.parseResults`, for one statement, without copying every type parser of the client into a new object
 * per result whenever the caller brings parsers of its own (drizzle always does): that copy was 7% of `/cart`'s CPU.
 */
function toResults<T>(messages: BackendMessage[], parsers: Parsers, options?: QueryOptions): Results<T> {
  let fields: Field[] = [];
  const rows: unknown[] = [];
  let affectedRows = 0;
  let done: { command: string; rowCount?: number } | undefined;
  const own = options?.parsers;
  const value = (text: string | null, type: number) => {
    if (text === null) return null;
    const parser = own?.[type] ?? parsers[type];
    return parser ? parser(text, type) : text;
  };
  for (const message of messages) {
    if (message instanceof backend.RowDescriptionMessage) {
      fields = message.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
    } else if (message instanceof backend.DataRowMessage) {
      const values = message.fields.map((text, i) => value(text, fields[i].dataTypeID));
      rows.push(options?.rowMode === "array" ? values : Object.fromEntries(fields.map((f, i) => [f.name, values[i]])));
    } else if (message instanceof backend.CommandCompleteMessage) {
      const words = message.text.split(" ");
      const n = parseInt(words[words.length - 1], 10);
      if (COUNTED.has(words[0])) affectedRows += n;
      done = { command: words[0], ...(Number.isNaN(n) ? {} : { rowCount: n }) };
    }
  }
  return { rows: rows as T[], fields, ...done, affectedRows };
}
