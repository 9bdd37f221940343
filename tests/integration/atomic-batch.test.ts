import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertionFailure, atomically } from "~/infra/db/atomic-batch.server";
import type { Db } from "~/infra/db/client.server";
import { createEdgeDb } from "~/infra/edge/neon-request-db.server";
import { createTestDb, testDbKind } from "../support/backends";
import { postgresAvailable } from "../support/requirements";
import { startNeonHttpStandIn } from "../support/neon-http-stand-in";

// atomically(): the statements of a checkout in one go — one request to Neon's HTTP endpoint at the edge, a
// transaction elsewhere — and lh_assert stopping all of them. Run on this suite's driver, and through the real Neon
// HTTP driver (as workerd uses it) where a Postgres is reachable.

const pgUp = await postgresAvailable("atomic-batch.test");

const rowsOf = (r: unknown) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { n: number }[];

function batchCases(label: string, open: () => Promise<{ db: Db; batches?: () => number; close(): Promise<void> }>) {
  describe(label, () => {
    let handle: Awaited<ReturnType<typeof open>>;
    beforeAll(async () => {
      handle = await open();
      await handle.db.execute(sql`create table if not exists batch_probe (id int primary key, note text not null)`);
    });
    afterAll(() => handle?.close());
    const count = async () => rowsOf(await handle.db.execute(sql`select count(*)::int as n from batch_probe`))[0].n;

    it("writes every statement, in order, and returns each one's result", async () => {
      const before = handle.batches?.();
      const results = await atomically(handle.db, (q) => [
        q.execute(sql`insert into batch_probe values (1, 'a')`),
        q.execute(sql`update batch_probe set note = note || 'b' where id = 1`),
        q.execute(sql`select note from batch_probe where id = 1`),
      ]);
      expect(rowsOf(results[2])).toEqual([{ note: "ab" }]);
      if (before !== undefined) expect(handle.batches!()).toBe(before + 1);
    });

    it("a failed lh_assert stops the batch: nothing before it stays, and its reason comes back", async () => {
      const error = await atomically(handle.db, (q) => [
        q.execute(sql`insert into batch_probe values (2, 'kept?')`),
        q.execute(sql`select lh_assert((select count(*) from batch_probe) = 99, 'stock changed')`),
        q.execute(sql`insert into batch_probe values (3, 'never')`),
      ]).catch((e: unknown) => e);
      expect(assertionFailure(error)).toBe("stock changed");
      expect(await count()).toBe(1);
    });

    it("any other error is not an assertion", async () => {
      const error = await atomically(handle.db, (q) => [q.execute(sql`insert into batch_probe values (1, 'duplicate')`)]).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      expect(assertionFailure(error)).toBeNull();
      expect(await count()).toBe(1);
    });
  });
}

batchCases(`atomically() on ${testDbKind()}`, async () => {
  const { dbHandle, cleanup } = await createTestDb();
  return { db: dbHandle.db, close: cleanup };
});

describe.skipIf(!pgUp)("through the Neon HTTP driver (needs Postgres at TEST_PG_URL)", () => {
  batchCases("atomically() as workerd sends it: one HTTP request", async () => {
    const target = await createTestDb("pg");
    const standIn = await startNeonHttpStandIn();
    const request = createEdgeDb({
      url: target.url!,
      httpEndpoint: standIn.endpoint,
      statementTimeoutMs: 5_000,
      idleInTransactionTimeoutMs: 10_000,
      onQuery: () => {},
    }).openRequest();
    return {
      db: request.db,
      batches: standIn.batches,
      async close() {
        await request.close();
        await standIn.close();
        await target.cleanup();
      },
    };
  });
});
