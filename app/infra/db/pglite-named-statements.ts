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

const { serialize } = protocol;

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
    return parse.parseResults(messages, client.parsers, options)[0] as Results<T>;
  }

  client.query = (<T>(text: string, params?: unknown[], options?: QueryOptions) =>
    options?.blob
      ? unnamed<T>(text, params, options)
      : internals._runExclusiveTransaction(() =>
          internals._runExclusiveQuery(() => query<T>(text, params, options)),
        )) as PGlite["query"];
}
