/** `statement` is the SQL text with its $n placeholders (never the parameter values). */
export type QueryObserver = (operation: string, seconds: number, statement: string) => void;

// Query timing at the driver: every statement drizzle (or the migrator, or a raw `db.execute`) sends passes through
// the client's `query`, transactions included, so nothing escapes it. drizzle's logger hook only sees the SQL before
// it runs, not how long it took. pg and Neon pools hand out clients via their "connect" event (`pool.query` runs on
// such a client too, so wrapping clients alone counts each statement once); PGlite is one client plus transactions.

export function createObservers() {
  const set = new Set<QueryObserver>();
  return {
    add(fn: QueryObserver) {
      set.add(fn);
      return () => void set.delete(fn);
    },
    emit(operation: string, seconds: number, statement: string) {
      for (const fn of set) {
        try {
          fn(operation, seconds, statement);
        } catch {
          // an observer must never break a query
        }
      }
    },
  };
}

const OPERATIONS = new Set(["select", "insert", "update", "delete"]);
const TX_WORDS = new Set(["begin", "commit", "rollback", "savepoint", "release", "start"]);

function statementText(query: unknown): string {
  const text = typeof query === "string" ? query : (query as { text?: unknown } | null)?.text;
  return typeof text === "string" ? text : "";
}

/** A fixed, small label set: the statement's leading keyword (a CTE counts as what its body does). */
export function sqlOperation(query: unknown): string {
  const text = statementText(query);
  if (!text) return "other";
  const head = text.trimStart().slice(0, 12).toLowerCase();
  const word = /^[a-z]+/.exec(head)?.[0] ?? "";
  if (OPERATIONS.has(word)) return word;
  if (TX_WORDS.has(word)) return "transaction";
  if (word === "with") {
    const body = /\)\s*(select|insert|update|delete)\b/i.exec(text);
    return body ? body[1].toLowerCase() : "select";
  }
  return "other";
}

type Emit = (operation: string, seconds: number, statement: string) => void;
type AnyFn = (...args: unknown[]) => unknown;

export function instrumentQueryMethod(client: object, emit: Emit): void {
  const target = client as { query: AnyFn; __lhTimed?: boolean };
  if (target.__lhTimed) return;
  target.__lhTimed = true;
  const original = target.query.bind(client);
  target.query = (...args: unknown[]) => {
    const started = performance.now();
    const done = () => emit(sqlOperation(args[0]), (performance.now() - started) / 1000, statementText(args[0]));
    const last = args[args.length - 1];
    if (typeof last === "function") {
      // pg's callback form (what pool.query uses internally)
      args[args.length - 1] = (...cbArgs: unknown[]) => {
        done();
        return (last as AnyFn)(...cbArgs);
      };
      return original(...args);
    }
    const result = original(...args);
    if (result && typeof (result as Promise<unknown>).then === "function") {
      (result as Promise<unknown>).then(done, done);
    }
    return result;
  };
}

export function instrumentPglite(client: object, emit: Emit): void {
  instrumentQueryMethod(client, emit);
  const c = client as { exec: AnyFn; transaction: AnyFn };
  const exec = c.exec.bind(client);
  c.exec = (...args: unknown[]) => {
    const started = performance.now();
    const result = exec(...args) as Promise<unknown>;
    const done = () => emit(sqlOperation(args[0]), (performance.now() - started) / 1000, statementText(args[0]));
    result.then(done, done);
    return result;
  };
  const transaction = c.transaction.bind(client);
  c.transaction = (callback: unknown, ...rest: unknown[]) =>
    transaction(
      async (tx: object) => {
        instrumentQueryMethod(tx, emit);
        return (callback as AnyFn)(tx);
      },
      ...rest,
    );
}
