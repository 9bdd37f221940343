import { cachified, type Cache as CachifiedStore, type CacheEntry } from "@epic-web/cachified";
import type { Logger } from "pino";
import { KvCircuitOpenError, type Kv } from "./kv.server";
import type { Metrics } from "./metrics.server";

/** What is cached. Invalidating a namespace makes every key in it miss on the next read, on every instance. */
export type CacheNamespace = "catalog" | "settings";

export type Cache = {
  fetch<T>(ns: CacheNamespace, key: string, load: () => Promise<T>, opts?: { ttlMs?: number; swrMs?: number }): Promise<T>;
  /** Every key of the namespaces (a change that touches many pages). */
  invalidate(...namespaces: CacheNamespace[]): Promise<void>;
  /** Just these keys of one namespace (a change whose pages are known), so the rest stay warm. */
  forget(ns: CacheNamespace, ...keys: string[]): Promise<void>;
};

const DEFAULT_TTL_MS = 5 * 60_000;
const DEFAULT_SWR_MS = 60_000;
/** How long past its TTL an entry is kept to be served when loading a fresh value fails (database down). */
const STALE_IF_ERROR_MS = 60 * 60_000;

/**
 * Read-through cache over the KV with @epic-web/cachified (TTL, stale-while-revalidate, one load per key per
 * instance at a time). Keys carry their namespace's version, so invalidation is one INCR shared by all instances.
 * The cache never fails a page: a KV error means "load from the database", logged and counted.
 */
export function createCache(deps: { kv: Kv; log: Logger; metrics: Metrics; enabled?: boolean }): Cache {
  const { kv, log, metrics } = deps;
  // CACHE_ENABLED=false: a pass-through (bench's cold path; an incident lever when the cache itself is suspect).
  if (deps.enabled === false) return { fetch: (_ns, _key, load) => load(), invalidate: async () => {}, forget: async () => {} };
  const stores = new Map<CacheNamespace, CachifiedStore>();

  const failed = (ns: CacheNamespace, op: string, error: unknown) => {
    metrics.cacheErrors.inc({ namespace: ns });
    // While the circuit is open every read fails at once; the breaker logged the outage once already.
    if (error instanceof KvCircuitOpenError) return;
    log.warn({ err: error, namespace: ns, op }, "cache backend error; serving from the database");
  };

  // One store object per namespace: cachified de-duplicates concurrent loads per store and key.
  const storeFor = (ns: CacheNamespace): CachifiedStore => {
    let store = stores.get(ns);
    if (!store) {
      store = {
        name: `kv:${ns}`,
        async get(key) {
          try {
            const raw = await kv.get(key);
            if (raw === null) {
              metrics.cacheMisses.inc({ namespace: ns });
              return null;
            }
            metrics.cacheHits.inc({ namespace: ns });
            return JSON.parse(raw) as CacheEntry;
          } catch (error) {
            failed(ns, "get", error);
            return null;
          }
        },
        async set(key, entry) {
          const { ttl, swr } = entry.metadata;
          const keepMs = (ttl ?? DEFAULT_TTL_MS) + (swr ?? 0) + STALE_IF_ERROR_MS;
          try {
            await kv.set(key, JSON.stringify(entry), { ttlMs: Math.max(1, keepMs) });
          } catch (error) {
            failed(ns, "set", error);
          }
        },
        async delete(key) {
          try {
            await kv.del(key);
          } catch (error) {
            failed(ns, "delete", error);
          }
        },
      };
      stores.set(ns, store);
    }
    return store;
  };

  const versionKey = (ns: CacheNamespace) => `cachever:${ns}`;
  const entryKey = (ns: CacheNamespace, version: string, key: string) => `cache:${ns}:v${version}:${key}`;

  // stale-if-error: the load failed (database down), so an expired entry still in the KV beats an error page.
  const stale = async (ns: CacheNamespace, fullKey: string): Promise<{ value: unknown } | null> => {
    const raw = await kv.get(fullKey).catch(() => null);
    if (raw === null) return null;
    metrics.cacheStaleServed.inc({ namespace: ns });
    log.warn({ namespace: ns }, "fresh load failed; serving a stale cache entry");
    return { value: (JSON.parse(raw) as CacheEntry).value };
  };

  return {
    async fetch(ns, key, load, opts = {}) {
      let version: string | null;
      try {
        version = (await kv.get(versionKey(ns))) ?? "0";
      } catch (error) {
        failed(ns, "version", error);
        return load();
      }
      const fullKey = entryKey(ns, version, key);
      try {
        return await cachified({
          key: fullKey,
          cache: storeFor(ns),
          getFreshValue: load,
          ttl: opts.ttlMs ?? DEFAULT_TTL_MS,
          staleWhileRevalidate: opts.swrMs ?? DEFAULT_SWR_MS,
        });
      } catch (error) {
        const kept = await stale(ns, fullKey);
        if (kept) return kept.value as Awaited<ReturnType<typeof load>>;
        throw error;
      }
    },
    async forget(ns, ...keys) {
      if (keys.length === 0) return;
      try {
        const version = (await kv.get(versionKey(ns))) ?? "0";
        await kv.del(...keys.map((key) => entryKey(ns, version, key)));
      } catch (error) {
        failed(ns, "forget", error);
      }
    },
    async invalidate(...namespaces) {
      for (const ns of namespaces) {
        try {
          await kv.incr(versionKey(ns));
        } catch (error) {
          // Stale reads until the TTL runs out are the cost of a KV outage; make it loud.
          failed(ns, "invalidate", error);
        }
      }
    },
  };
}
