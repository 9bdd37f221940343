import { createHash } from "node:crypto";
import type { KvBackend } from "./prefixed";

type Entry = { value: string; expiresAt?: number };

/**
 * SHA1s of @upstash/ratelimit 2.2's single-region sliding-window scripts (the hashes the library itself ships).
 * If the library changes its scripts these stop matching and `eval` fails loudly instead of limiting wrongly.
 */
const SLIDING_LIMIT = "74740bb3d7792848093cdef586b6b6037c455fd6";
const SLIDING_REMAINING = "7ca36169e0fc9caedd81b4eef8e99854c157f9b5";

/** In-process store for the embedded mode: one process, so no sharing between instances. */
export function createMemoryBackend(): KvBackend {
  const map = new Map<string, Entry>();
  const hashes = new Map<string, Map<string, number>>();

  const read = (key: string): string | null => {
    const e = map.get(key);
    if (!e) return null;
    if (e.expiresAt !== undefined && e.expiresAt <= Date.now()) {
      map.delete(key);
      return null;
    }
    return e.value;
  };

  // Like INCRBY: keeps an existing TTL, rejects non-integers.
  const incrBy = (key: string, by: number): number => {
    const current = read(key);
    const n = current === null ? 0 : Number(current);
    if (!Number.isSafeInteger(n)) throw new Error("ERR value is not an integer or out of range");
    const next = n + by;
    const e = map.get(key);
    map.set(key, { value: String(next), expiresAt: e?.expiresAt });
    return next;
  };

  // Mirrors the Lua: the previous window counts in proportion to how much of it still overlaps.
  const slidingUsage = (keys: string[], args: unknown[]) => {
    const [currentKey, previousKey, dynamicLimitKey] = keys;
    const dynamic = dynamicLimitKey ? read(dynamicLimitKey) : null;
    const limit = dynamic !== null ? Number(dynamic) : Number(args[0]);
    const nowMs = Number(args[1]);
    const window = Number(args[2]);
    const current = Number(read(currentKey) ?? 0);
    const previous = Math.floor((1 - (nowMs % window) / window) * Number(read(previousKey) ?? 0));
    return { currentKey, limit, window, current, previous };
  };

  const scripts: Record<string, (keys: string[], args: unknown[]) => unknown> = {
    [SLIDING_LIMIT]: (keys, args) => {
      const { currentKey, limit, window, current, previous } = slidingUsage(keys, args);
      const incrementBy = Number(args[3]);
      // A negative increment is a refund and is never rejected.
      if (incrementBy > 0 && previous + current >= limit) return [-1, limit];
      const value = incrBy(currentKey, incrementBy);
      if (value === incrementBy) map.get(currentKey)!.expiresAt = Date.now() + window * 2 + 1000;
      return [Math.trunc(limit - (value + previous)), Math.trunc(limit)];
    },
    [SLIDING_REMAINING]: (keys, args) => {
      const { limit, current, previous } = slidingUsage(keys, args);
      return [Math.trunc(limit - (previous + current)), Math.trunc(limit)];
    },
  };

  // Expired keys nobody reads again (one-off identifiers) would otherwise accumulate.
  const sweeper = setInterval(() => {
    for (const key of map.keys()) read(key);
  }, 60_000);
  sweeper.unref();

  return {
    kind: "memory",
    get: async (key) => read(key),
    set: async (key, value, ttlMs) => {
      map.set(key, { value, expiresAt: ttlMs === undefined ? undefined : Date.now() + ttlMs });
    },
    del: async (keys) => {
      for (const key of keys) {
        map.delete(key);
        hashes.delete(key);
      }
    },
    incr: async (key) => incrBy(key, 1),
    addToHash: async (key, amounts) => {
      const hash = hashes.get(key) ?? new Map<string, number>();
      for (const [field, n] of Object.entries(amounts)) hash.set(field, (hash.get(field) ?? 0) + n);
      hashes.set(key, hash);
    },
    readHash: async (key) => Object.fromEntries([...(hashes.get(key) ?? [])].map(([f, n]) => [f, String(n)])),
    ping: async () => {},
    evalsha: async (sha, keys, args) => {
      const run = scripts[sha];
      if (!run) throw new Error("NOSCRIPT No matching script. Please use EVAL.");
      return run(keys, args);
    },
    eval: async (script, keys, args) => {
      const run = scripts[createHash("sha1").update(script).digest("hex")];
      if (!run) throw new Error("ERR the in-memory KV only runs @upstash/ratelimit's sliding-window scripts");
      return run(keys, args);
    },
    close: async () => {
      clearInterval(sweeper);
      map.clear();
    },
  };
}
