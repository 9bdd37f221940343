import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "~/infra/db/client.server";
import { createTestDb } from "../support/backends";
import { postgresAvailable } from "../support/requirements";

// `npm test` must pass on a machine with only Node, so this skips without a Postgres there (and fails in CI).
const pgUp = await postgresAvailable("neon-driver.test");

describe.skipIf(!pgUp)("Neon serverless driver over the WebSocket bridge (needs Postgres at TEST_PG_URL)", () => {
  let dbHandle: DbHandle;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dbHandle, cleanup } = await createTestDb("neon"));
    await dbHandle.db.execute(sql`create table neon_probe (id serial primary key, note text not null)`);
  });
  afterAll(() => cleanup?.());

  // The shared Db type leaves execute()'s result untyped; the Neon driver returns pg-style { rows }.
  const firstN = (r: unknown) => (r as { rows: { n: number }[] }).rows[0].n;
  const count = async () => firstN(await dbHandle.db.execute(sql`select count(*)::int as n from neon_probe`));

  it("ran the migrations through the driver", async () => {
    expect(dbHandle.driver).toBe("neon");
    const r = await dbHandle.db.execute(
      sql`select count(*)::int as n from information_schema.tables where table_schema = 'public'`,
    );
    expect(firstN(r)).toBeGreaterThan(0);
  });

  it("commits a transaction", async () => {
    await dbHandle.db.transaction(async (tx) => {
      await tx.execute(sql`insert into neon_probe (note) values ('a'), ('b')`);
    });
    expect(await count()).toBe(2);
  });

  it("rolls a failed transaction back", async () => {
    await expect(
      dbHandle.db.transaction(async (tx) => {
        await tx.execute(sql`insert into neon_probe (note) values ('c')`);
        // Seen inside the transaction, gone after it.
        expect(firstN(await tx.execute(sql`select count(*)::int as n from neon_probe`))).toBe(3);
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await count()).toBe(2);
  });

  it("keeps connecting through its own bridge after another database's bridge in the same process has closed", async () => {
    // A second app in one process (as several tests start) used to repoint the global proxy at its own bridge, so once
    // that one closed, every new connection of the first pool failed.
    const other = await createTestDb("neon");
    await other.cleanup();
    // More statements at once than the pool has open connections: new ones are opened now.
    const results = await Promise.all([1, 2, 3, 4].map(() => count()));
    expect(results).toEqual([2, 2, 2, 2]);
  });
});
