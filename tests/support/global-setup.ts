import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import type { TestProject } from "vitest/node";
import { createDb } from "~/infra/db/client.server";
import { isPostgresReachable, TEST_PG_URL, TEST_REDIS_URL, testDbKind, testKvKind } from "./backends";
import { scanCapturedLogs } from "./log-capture";

/**
 * Fails the run once, with one clear line, when LH_TEST_DB / LH_TEST_KV name a backend that is not there —
 * instead of every integration file timing out on its own. The defaults (pglite, memory) need nothing.
 */
export default async function setup(project: TestProject) {
  // Workers inherit this: every captured log line lands here, and the run fails if any holds personal data.
  const logDir = mkdtempSync(path.join(tmpdir(), "lh-test-logs-"));
  process.env.LH_TEST_LOG_DIR = logDir;
  const db = testDbKind();
  const kv = testKvKind();
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
  const removeTemplate = db === "pglite" ? await providePgliteTemplate(project) : undefined;
  return () => {
    removeTemplate?.();
    const problems = scanCapturedLogs(logDir);
    rmSync(logDir, { recursive: true, force: true });
    if (problems.length) throw new Error(`Personal data or secrets in the captured logs:\n${problems.slice(0, 20).join("\n")}`);
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate?: string;
  }
}

/**
 * A fresh PGlite cluster costs an initdb (~6 s idle, far more on a loaded machine); a migrated snapshot made once here
 * loads in about a second, so every test file starts from a copy of it instead.
 */
async function providePgliteTemplate(project: TestProject) {
  const handle = await createDb({ driver: "pglite", dataDir: ":memory:" });
  await handle.migrate();
  const snapshot = await handle.dumpSnapshot!();
  await handle.close();
  const dir = mkdtempSync(path.join(tmpdir(), "lh-pglite-template-"));
  const file = path.join(dir, "migrated.tar");
  writeFileSync(file, new Uint8Array(await snapshot.arrayBuffer()));
  project.provide("pgliteTemplate", file);
  return () => rmSync(dir, { recursive: true, force: true });
}
