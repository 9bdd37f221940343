// Runs the integration suite against the real local services through every production driver:
// Postgres via `pg` and via the Neon serverless driver, Redis via ioredis and via @upstash/redis (REST).
import { spawnSync } from "node:child_process";

// These files choose their backends themselves (an embedded PGlite, or server processes in every mode), whatever
// LH_TEST_DB says: `npm test` has already run them, so each run here would only repeat them.
const SAME_IN_EVERY_RUN = ["tests/integration/server-process.test.ts", "tests/integration/seed.test.ts"];
const runs = [
  { LH_TEST_DB: "pg", LH_TEST_KV: "ioredis" },
  { LH_TEST_DB: "neon", LH_TEST_KV: "upstash" },
];
let failed = 0;
for (const env of runs) {
  const label = `db=${env.LH_TEST_DB} kv=${env.LH_TEST_KV}`;
  console.log(
    `\n=== integration suite: ${label} (real Postgres at ${process.env.TEST_PG_URL ?? "127.0.0.1:5432"}, real Redis) ===`,
  );
  const exclude = SAME_IN_EVERY_RUN.flatMap((f) => ["--exclude", f]);
  const r = spawnSync("npx", ["vitest", "run", "tests/integration", ...exclude], {
    stdio: "inherit",
    env: { ...process.env, ...env, LH_REQUIRE_SERVICES: "1" },
  });
  if (r.status !== 0) {
    failed++;
    console.error(`=== FAILED: ${label} ===`);
  }
}
process.exit(failed ? 1 : 0);
