// Embedded mode keeps the plans of the statements it sends again and again (app/infra/db/pglite-named-statements.ts):
// the answers must be the ones PGlite gives without it, and nothing may run inside another request's transaction.
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keepStatementPlans } from "~/infra/db/pglite-named-statements";

let plain: PGlite;
let named: PGlite;
const MAX = 5;

const SCHEMA = `create table meals (id serial primary key, name text not null unique, price_cents int not null,
  tags text[] not null default '{}', made_at timestamptz, note jsonb)`;

beforeAll(async () => {
  [plain, named] = await Promise.all([PGlite.create(), PGlite.create()]);
  keepStatementPlans(named, { max: MAX });
  for (const db of [plain, named]) {
    await db.exec(SCHEMA);
    await db.query(
      "insert into meals (name, price_cents, tags, made_at, note) values ($1, $2, $3, $4, $5), ($6, $7, $8, $9, $10)",
      [
        "Cottage pie",
        5900,
        ["beef", "toddler"],
        new Date("2026-12-08T06:00:00Z"),
        { spicy: false },
        "Pea puree",
        3500,
        [],
        null,
        null,
      ],
    );
  }
});
afterAll(async () => {
  await Promise.all([plain?.close(), named?.close()]);
});

const prepared = async (db: PGlite) =>
  (await db.query<{ name: string }>("select name from pg_prepared_statements order by name")).rows.map((r) => r.name);

describe("PGlite with named statements", () => {
  it("answers every statement as PGlite does, in object and array row modes", async () => {
    const cases: [string, unknown[], object?][] = [
      ["select * from meals where price_cents > $1 order by id", [1000]],
      ["select id, name, tags, made_at, note from meals where name = any($1) order by id", [["Pea puree", "Cottage pie"]]],
      ["select count(*)::int as n, sum(price_cents) as total from meals where made_at is null or made_at < $1", [new Date()]],
      ["select name, note->>'spicy' as spicy from meals order by id", [], { rowMode: "array" }],
      ["select $1::int + 1 as next", [null]],
    ];
    for (const [text, params, options] of cases) {
      for (let run = 0; run < 2; run++) {
        const [expected, actual] = await Promise.all([plain.query(text, params, options), named.query(text, params, options)]);
        expect(actual).toEqual(expected);
      }
    }
  });

  it("prepares a statement once and keeps at most the most recently used few", async () => {
    await named.query("select 1 as one");
    const afterFirst = await prepared(named);
    expect(afterFirst.length).toBeGreaterThan(0);
    await named.query("select 1 as one");
    expect(await prepared(named)).toEqual(afterFirst);

    for (let i = 0; i < MAX + 3; i++) await named.query(`select ${i} as n`);
    const kept = await prepared(named);
    expect(kept).toHaveLength(MAX);
    // The newest are kept, and a kept one still answers.
    expect((await named.query<{ n: number }>(`select ${MAX + 2} as n`)).rows).toEqual([{ n: MAX + 2 }]);
    expect(await prepared(named)).toEqual(kept);
  });

  it("reports a failed statement and goes on answering", async () => {
    await expect(
      named.query("insert into meals (name, price_cents) values ($1, $2)", ["Cottage pie", 100]),
    ).rejects.toMatchObject({
      code: "23505",
    });
    await expect(named.query("select nope from meals")).rejects.toMatchObject({ code: "42703" });
    expect((await named.query<{ n: number }>("select count(*)::int as n from meals")).rows).toEqual([{ n: 2 }]);
    const inserted = await named.query<{ id: number }>("insert into meals (name, price_cents) values ($1, $2) returning id", [
      "Beetroot",
      3000,
    ]);
    expect(inserted.rows).toHaveLength(1);
    expect(inserted.affectedRows).toBe(1);
  });

  it("runs nothing inside another caller's transaction", async () => {
    let inserted!: () => void;
    const insertedYet = new Promise<void>((resolve) => (inserted = resolve));
    const rolledBack = named
      .transaction(async (tx) => {
        await tx.query("insert into meals (name, price_cents) values ('Never sold', 1)");
        inserted();
        await new Promise((resolve) => setTimeout(resolve, 20));
        await tx.rollback();
      })
      .catch(() => undefined);
    await insertedYet;
    // Asked while the transaction is open: answered after it, so it neither sees nor loses with its row.
    const outside = await named.query<{ n: number }>("select count(*)::int as n from meals where name = 'Never sold'");
    await rolledBack;
    expect(outside.rows).toEqual([{ n: 0 }]);
  });
});
