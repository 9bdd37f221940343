import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { isPostgresReachable, PGLITE_SNAPSHOT, TEST_PG_URL, TEST_REDIS_URL, testDbKind, testKvKind } from "./backends";
import { scanCapturedLogs } from "./log-capture";

/**
 * Fails the run once, with one clear line, when LH_TEST_DB / LH_TEST_KV name a backend that is not there —
 * instead of every integration file timing out on its own. The defaults (pglite, memory) need nothing.
 */
export default async function setup() {
  // Workers inherit this: every captured log line lands here, and the run fails if any holds personal data.
  const logDir = mkdtempSync(path.join(tmpdir(), "lh-test-logs-"));
  process.env.LH_TEST_LOG_DIR = logDir;
  const db = testDbKind();
  const kv = testKvKind();
  if (db === "pglite" && !existsSync(PGLITE_SNAPSHOT)) {
    throw new Error(`${PGLITE_SNAPSHOT} missing: build first (node scripts/build.mjs; npm test does)`);
  }
  if (db !== "pglite" && !(await isPostgresReachable())) {
    throw new Error(`LH_TEST_DB=${db} but Postgres at TEST_PG_URL (${TEST_PG_URL}) is unreachable`);
  }
  if (kv !== "memory") {
    const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0 });
    redis.on("error", () => {});
    try {
      await redis.connect();
      await redis.ping();
    } catch {
      throw new Error(`LH_TEST_KV=${kv} but Redis at TEST_REDIS_URL (${TEST_REDIS_URL}) is unreachable`);
    } finally {
      redis.disconnect();
    }
  }
  return () => {
    const problems = scanCapturedLogs(logDir);
    rmSync(logDir, { recursive: true, force: true });
    if (problems.length) throw new Error(`Personal data or secrets in the captured logs:\n${problems.slice(0, 20).join("\n")}`);
  };
}
