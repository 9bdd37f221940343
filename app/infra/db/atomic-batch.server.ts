import type { BatchItem } from "drizzle-orm/batch";
import type { Db, DbOrTx } from "./client.server";
import { pgErrorWithCode } from "./pg-errors";

type Batching = { batch?: (items: readonly BatchItem<"pg">[]) => Promise<unknown[]> };

/**
 * Statements that must all happen or none, built by `build` on whichever handle runs them. Where the driver can send
 * them together (Neon over HTTP, at the edge: one request, one transaction on the server) they cost one round trip;
 * the other drivers run them in a transaction, one after another. Nothing runs between them, so a statement that
 * must stop the rest does it in SQL with lh_assert (drizzle/0002_lh_assert.sql); see `assertionFailure`.
 */
export async function atomically(db: Db, build: (q: DbOrTx) => BatchItem<"pg">[]): Promise<unknown[]> {
  const { batch } = db as Db & Batching;
  if (batch) {
    const items = build(db);
    return items.length ? batch.call(db, items) : [];
  }
  return db.transaction(async (tx) => {
    const results: unknown[] = [];
    for (const item of build(tx)) results.push(await item);
    return results;
  });
}

/** The reason an lh_assert gave for stopping a statement (and its transaction), or null for any other error. */
export function assertionFailure(error: unknown): string | null {
  return pgErrorWithCode(error, "LHA01")?.message ?? null;
}
