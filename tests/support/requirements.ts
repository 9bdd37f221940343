import { existsSync } from "node:fs";
import { isPostgresReachable, TEST_PG_URL } from "./backends";

/**
 * Whether a suite's outside requirement (a service, a binary) is here. On a developer's machine a missing one skips
 * the suite with a warning (`npm test` needs only Node). In CI (`CI=true`) and under `npm run test:services`
 * (`LH_REQUIRE_SERVICES=1`) it throws instead, failing the file loudly: a suite that silently skipped there would
 * prove nothing while the run stays green.
 */
export function available(present: boolean, what: string, file: string): boolean {
  if (present) return true;
  if (process.env.CI === "true" || process.env.LH_REQUIRE_SERVICES === "1") {
    throw new Error(`${file}: ${what} is required here (CI=true or LH_REQUIRE_SERVICES=1) but missing`);
  }
  console.warn(`${file}: skipped — ${what} is missing`);
  return false;
}

/** The redis-server binary, for suites that own (kill, freeze, restart) a private Redis. `apt install redis-server`. */
export const REDIS_SERVER = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].find((p) => existsSync(p));

export const redisServerAvailable = (file: string) =>
  available(REDIS_SERVER !== undefined, "the redis-server binary (apt install redis-server)", file);

export const postgresAvailable = async (file: string) =>
  available(await isPostgresReachable(), `a Postgres at TEST_PG_URL (${TEST_PG_URL})`, file);
