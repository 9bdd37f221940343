// Rows about Redis / Upstash: reachable (with latency), and for self-hosted Redis, durable and never evicting the
// rate-limit windows and cache stamps the shop relies on.
import { Redis as Upstash } from "@upstash/redis";
import { Redis } from "ioredis";
import type { PreflightContext } from "./context";
import { fail, pass, skip, type Outcome } from "./rows";

/** INFO sections as name → value. */
const infoFields = (text: string) =>
  Object.fromEntries(
    text
      .split(/\r?\n/)
      .filter((l) => l.includes(":") && !l.startsWith("#"))
      .map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1)]),
  );

export function openRedis(ctx: PreflightContext): Redis | null {
  if (ctx.config?.mode.kv !== "ioredis") return null;
  const redis = new Redis(ctx.config.REDIS_URL!, { maxRetriesPerRequest: 1, lazyConnect: true, connectTimeout: 5_000 });
  redis.on("error", () => {}); // each command reports its own failure
  return redis;
}

export async function checkKv(ctx: PreflightContext, redis: Redis | null): Promise<Outcome> {
  const c = ctx.config;
  if (!c || c.mode.kv === "memory") return fail("no REDIS_URL or UPSTASH_REDIS_REST_URL: limits and caches per instance");
  const started = performance.now();
  if (c.mode.kv === "upstash") {
    const client = new Upstash({ url: c.UPSTASH_REDIS_REST_URL!, token: c.UPSTASH_REDIS_REST_TOKEN!, retry: false });
    const answer = await client.ping();
    if (answer !== "PONG") return fail(`Upstash answered ${String(answer)} to PING`);
    return pass(`Upstash REST, PING ${Math.round(performance.now() - started)} ms`);
  }
  await redis!.connect();
  await redis!.ping();
  const { redis_version: version } = infoFields(await redis!.info("server"));
  return pass(`Redis ${version}, PING ${Math.round(performance.now() - started)} ms`);
}

const UPSTASH_NOTE = "Upstash keeps the data; in its console keep Eviction off";

export async function checkKvPersistence(ctx: PreflightContext, redis: Redis | null): Promise<Outcome> {
  if (ctx.config?.mode.kv === "upstash") return skip(UPSTASH_NOTE);
  if (!redis) return skip("no self-hosted Redis");
  const info = infoFields(await redis.info("persistence"));
  if (info.aof_enabled === "1") return pass("append-only file on");
  const save = await redis.config("GET", "save").then(
    (r) => String((r as string[])[1] ?? ""),
    () => null,
  );
  if (save === null) return skip("AOF off and CONFIG is disabled here: ask the provider whether snapshots are on");
  if (save.trim()) return pass(`RDB snapshots (save ${save})`);
  return fail("neither AOF nor RDB snapshots: a restart forgets rate-limit windows and lockouts (appendonly yes)");
}

export async function checkKvEviction(ctx: PreflightContext, redis: Redis | null): Promise<Outcome> {
  if (ctx.config?.mode.kv === "upstash") return skip(UPSTASH_NOTE);
  if (!redis) return skip("no self-hosted Redis");
  const policy = infoFields(await redis.info("memory")).maxmemory_policy ?? "";
  if (policy === "noeviction" || policy.startsWith("volatile-")) return pass(`maxmemory-policy ${policy}`);
  return fail(`maxmemory-policy ${policy || "unknown"} may evict any key, rate-limit windows included: use noeviction`);
}
