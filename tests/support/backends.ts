import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { Redis } from "ioredis";
import { createDb, type DbHandle } from "~/infra/db/client.server";
import { createKv } from "~/infra/kv.server";
import type { Kv, KvKind } from "~/infra/kv/prefixed";
import { startNeonWsBridge } from "./neon-ws-bridge";
import { startUpstashBridge } from "./upstash-rest-bridge";

export type TestDbKind = DbHandle["driver"];

export const TEST_PG_URL = process.env.TEST_PG_URL || "postgres://postgres@127.0.0.1:5432/postgres";
export const PGLITE_SNAPSHOT = path.resolve(process.env.LH_BUILD_DIR || "build", "pglite-migrated.tar.gz");
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || "redis://127.0.0.1:6379";

function pick<T extends string>(name: string, allowed: readonly T[]): T {
  const v = process.env[name] || allowed[0];
  if (!(allowed as readonly string[]).includes(v)) throw new Error(`${name}=${v}: expected one of ${allowed.join(", ")}`);
  return v as T;
}
export const testDbKind = () => pick<TestDbKind>("LH_TEST_DB", ["pglite", "pg", "neon"]);
export const testKvKind = () => pick<KvKind>("LH_TEST_KV", ["memory", "ioredis", "upstash"]);

const randomId = () => randomBytes(6).toString("hex");

export type TestKv = {
  kind: KvKind;
  kv: Kv;
  /** Another client on the same backend and prefix, as a second app instance would have. */
  connect(): Kv;
  /** Prepended to every key this test writes. */
  prefix: string;
  /** Where the Upstash stand-in listens (upstash only), for tests of the REST edge itself. */
  upstash?: Awaited<ReturnType<typeof startUpstashBridge>>;
  cleanup(): Promise<void>;
};

/** A Kv on a fresh random prefix; cleanup closes every client it made and deletes the prefix's keys. */
export async function createTestKv(kind: KvKind = testKvKind()): Promise<TestKv> {
  const prefix = `lh_t_${randomId()}:`;
  const bridge = kind === "upstash" ? await startUpstashBridge({ redisUrl: TEST_REDIS_URL, token: randomId() }) : undefined;
  const opts = {
    prefix,
    // Generous on a shared, loaded machine: these suites test behaviour, not the short production deadline.
    commandTimeoutMs: 1_000,
    redisUrl: kind === "ioredis" ? TEST_REDIS_URL : undefined,
    upstashUrl: bridge?.url,
    upstashToken: bridge?.token,
  };
  const clients: Kv[] = [];
  // Memory is per process: a second "instance" can only be the same store.
  const connect = () => {
    if (kind === "memory" && clients.length > 0) return clients[0];
    const kv = createKv(opts);
    clients.push(kv);
    return kv;
  };
  const kv = connect();
  return {
    kind,
    kv,
    connect,
    prefix,
    upstash: bridge,
    async cleanup() {
      await Promise.allSettled(clients.map((c) => c.close()));
      await bridge?.close();
      if (kind !== "memory") await deleteKeys(prefix);
    },
  };
}

async function deleteKeys(prefix: string) {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

/** A migrated, empty database of the given kind; pg and neon get their own throwaway database (`name`, `url`). */
export async function createTestDb(kind: TestDbKind = testDbKind()) {
  if (kind === "pglite") {
    // The build's migrated snapshot (scripts/pglite-snapshot.mjs): no initdb per file; migrate() finds nothing to do.
    const dbHandle = await createDb({ driver: "pglite", dataDir: ":memory:", pgliteSnapshotFile: PGLITE_SNAPSHOT });
    await dbHandle.migrate();
    return { dbHandle, url: undefined, cleanup: () => dbHandle.close() };
  }
  // LH_TEST_DB_PREFIX: engineers sharing one Postgres keep their throwaway databases apart.
  const name = `${/^[a-z_]{1,20}$/.test(process.env.LH_TEST_DB_PREFIX ?? "") ? process.env.LH_TEST_DB_PREFIX : "lh_t_"}${randomId()}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  const bridge = kind === "neon" ? await startNeonWsBridge() : undefined;
  let dbHandle: DbHandle | undefined;
  const cleanup = async () => {
    await dbHandle?.close();
    await bridge?.close();
    await adminQuery(`drop database if exists ${name} with (force)`);
  };
  try {
    dbHandle = await createDb({ driver: kind, url: url.toString(), dataDir: "", neonWsProxy: bridge?.proxy, poolSize: 4 });
    await dbHandle.migrate();
    return { dbHandle, cleanup, name, url: url.toString() };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

async function adminQuery(sql: string) {
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** True when Postgres at TEST_PG_URL accepts a connection (tests that need it skip otherwise). */
export async function isPostgresReachable(): Promise<boolean> {
  try {
    await adminQuery("select 1");
    return true;
  } catch {
    return false;
  }
}

/** The database and KV chosen by LH_TEST_DB / LH_TEST_KV, fresh and isolated for one test file. */
export async function createTestBackends() {
  const dbKind = testDbKind();
  const kvKind = testKvKind();
  const db = await createTestDb(dbKind);
  let testKv: TestKv;
  try {
    testKv = await createTestKv(kvKind);
  } catch (e) {
    await db.cleanup();
    throw e;
  }
  return {
    dbHandle: db.dbHandle,
    kv: testKv.kv,
    label: `db=${dbKind} kv=${kvKind}`,
    async cleanup() {
      await Promise.allSettled([testKv.cleanup(), db.cleanup()]);
    },
  };
}
