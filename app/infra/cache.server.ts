import { cachified, type Cache as CachifiedStore, type CacheEntry } from "@epic-web/cachified";
import type { Logger } from "pino";
import { KvCircuitOpenError } from "./kv/circuit-breaker.server";
import type { Kv } from "./kv/prefixed";
import type { Metrics } from "./metrics.server";

/** What is cached. Invalidating a namespace makes every key in it miss on the next read, on every instance. */
type CacheNamespace = "catalog" | "settings";

export type Cache = {
  /**
   * The value under `key`, else `load()`'s (stored for the next reader). `loadBeside`: start `load` together with the
   * KV read rather than after a miss, for a read that will most likely miss: one round trip instead of two, and a
   * wasted load when it hits after all.
   */
  fetch<T>(
    ns: CacheNamespace,
    key: string,
    load: () => Promise<T>,
    opts?: { ttlMs?: number; swrMs?: number; loadBeside?: boolean },
  ): Promise<T>;
  /** Every key of the namespaces (a change that touches many pages). */
  invalidate(...namespaces: CacheNamespace[]): Promise<void>;
  /** Just these keys of one namespace (a change whose pages are known), so the rest stay warm. */
  forget(ns: CacheNamespace, ...keys: string[]): Promise<void>;
  /**
   * Runs `change` (invalidations through this cache) without the caller waiting for it: for a write whose answer shows
   * none of the changed pages (placing an order answers with a redirect to the order), one KV round trip less. Reads
   * through this cache wait for it, so this process never serves what it has just invalidated; `settled()` includes it.
   */
  changeInBackground(change: () => Promise<void>): void;
  /**
   * A token shared by all instances that changes on every `invalidate` and `forget`: whatever was built from cached
   * values (the anonymous HTML cache) is current only while the token it was made under is. Read it before reading
   * the values. null when the KV cannot say (or the cache is off): then nothing derived may be kept or served.
   */
  stamp(): Promise<string | null>;
  /**
   * Resolves when this cache's background work is done: entries still being written and stale entries being
   * refreshed. A page never waits for either (one KV round trip less on every miss); a runtime that ends all work with
   * the response (workerd, where each request has its own cache) hands this to `waitUntil`.
   */
  settled(): Promise<void>;
};

/** How long past its TTL an entry is kept to be served when loading a fresh value fails (database down). */
const STALE_IF_ERROR_MS = 60 * 60_000;

/**
 * Read-through cache over the KV with @epic-web/cachified (TTL, stale-while-revalidate, one load per key per
 * instance at a time). Invalidation is one INCR of the namespace's version, shared by all instances. An entry is
 * stored under its plain key together with the version it was made for, so a read fetches the version and the entry
 * in one KV round trip (issued together, one pipeline on Upstash) and an entry of an older version is a miss.
 * The cache never fails a page: a KV error means "load from the database", logged and counted.
 */
export function createCache(deps: {
  kv: Kv;
  log: Logger;
  metrics: Metrics;
  enabled?: boolean;
  /** How long an entry is fresh, and then served stale while it is refreshed in the background (CACHE_*_SECONDS). */
  ttlMs?: number;
  swrMs?: number;
}): Cache {
  const { kv, log, metrics } = deps;
  const defaultTtlMs = deps.ttlMs ?? 5 * 60_000;
  const defaultSwrMs = deps.swrMs ?? 60_000;
  // CACHE_ENABLED=false: a pass-through (bench's cold path; an incident lever when the cache itself is suspect).
  if (deps.enabled === false)
    return {
      fetch: (_ns, _key, load) => load(),
      invalidate: async () => {},
      forget: async () => {},
      changeInBackground: () => {},
      stamp: async () => null,
      settled: async () => {},
    };
  const stores = new Map<CacheNamespace, CachifiedStore>();
  // Entries read together with the version, handed to the store's next `get` of that key.
  const prefetched = new Map<string, string | null>();
  // Entry writes not yet acknowledged, by KV key: a read of that key here waits for its write. (On workerd a cache
  // lives for one request, so these promises never outlive it.)
  // eslint-disable-next-line no-restricted-syntax -- one process on Node, one request on workerd
  const writing = new Map<string, Promise<void>>();
  // Invalidations the caller did not wait for: reads wait for them.
  // eslint-disable-next-line no-restricted-syntax -- one process on Node, one request on workerd
  const changing = new Set<Promise<void>>();
  const changesDone = async () => {
    if (changing.size > 0) await Promise.all(changing);
  };
  // Stale entries being refreshed after their page was answered (cachified's stale-while-revalidate).
  // eslint-disable-next-line no-restricted-syntax -- one process on Node, one request on workerd
  const refreshing = new Set<Promise<unknown>>();
  const inBackground = (work: Promise<unknown>) => {
    const tracked = work.catch(() => {}).finally(() => refreshing.delete(tracked));
    refreshing.add(tracked);
  };

  const failed = (ns: CacheNamespace, op: string, error: unknown) => {
    metrics.cacheErrors.inc({ namespace: ns });
    // While the circuit is open every read fails at once; the breaker logged the outage once already.
    if (error instanceof KvCircuitOpenError) return;
    log.warn({ err: error, namespace: ns, op }, "cache backend error; serving from the database");
  };

  const versionKey = (ns: CacheNamespace) => `cachever:${ns}`;
  // A random value, not a counter: a stamp key lost from Redis (eviction, flush) cannot come back as a value that
  // some instance's derived copy was made under.
  const STAMP_KEY = "cachestamp";
  const restamp = async (ns: CacheNamespace) => {
    try {
      await kv.set(STAMP_KEY, crypto.randomUUID());
    } catch (error) {
      failed(ns, "stamp", error);
    }
  };
  const entryKey = (ns: CacheNamespace, key: string) => `cache:${ns}:${key}`;
  // cachified's key: the version and the plain key, so entries of different versions never meet in its de-duplication.
  const cachifiedKey = (version: string, key: string) => `${version}\u0000${key}`;
  const splitKey = (ck: string) => {
    const cut = ck.indexOf("\u0000");
    return { version: ck.slice(0, cut), key: ck.slice(cut + 1) };
  };
  type Stored = { v: string; entry: CacheEntry };
  /** The entry if it was made for `version`; anything else (older version, unreadable) is a miss. */
  const entryOf = (raw: string | null, version: string): CacheEntry | null => {
    if (raw === null) return null;
    const stored = JSON.parse(raw) as Partial<Stored>;
    return stored.v === version && stored.entry ? stored.entry : null;
  };

  // One store object per namespace: cachified de-duplicates concurrent loads per store and key.
  const storeFor = (ns: CacheNamespace): CachifiedStore => {
    let store = stores.get(ns);
    if (!store) {
      store = {
        name: `kv:${ns}`,
        async get(ck) {
          const { version, key } = splitKey(ck);
          try {
            const raw = prefetched.has(ck) ? prefetched.get(ck)! : await kv.get(entryKey(ns, key));
            prefetched.delete(ck);
            const entry = entryOf(raw, version);
            (entry ? metrics.cacheHits : metrics.cacheMisses).inc({ namespace: ns });
            return entry;
          } catch (error) {
            failed(ns, "get", error);
            return null;
          }
        },
        async set(ck, entry) {
          const { version, key } = splitKey(ck);
          const { ttl, swr } = entry.metadata;
          const keepMs = (ttl ?? defaultTtlMs) + (swr ?? 0) + STALE_IF_ERROR_MS;
          const k = entryKey(ns, key);
          const write = kv
            .set(k, JSON.stringify({ v: version, entry } satisfies Stored), { ttlMs: Math.max(1, keepMs) })
            .catch((error: unknown) => failed(ns, "set", error))
            .finally(() => {
              if (writing.get(k) === write) writing.delete(k);
            });
          writing.set(k, write);
        },
        async delete(ck) {
          try {
            await kv.del(entryKey(ns, splitKey(ck).key));
          } catch (error) {
            failed(ns, "delete", error);
          }
        },
      };
      stores.set(ns, store);
    }
    return store;
  };

  // stale-if-error: the load failed (database down), so an expired entry of this version beats an error page.
  const stale = async (ns: CacheNamespace, version: string, key: string): Promise<{ value: unknown } | null> => {
    const entry = entryOf(await kv.get(entryKey(ns, key)).catch(() => null), version);
    if (!entry) return null;
    metrics.cacheStaleServed.inc({ namespace: ns });
    log.warn({ namespace: ns }, "fresh load failed; serving a stale cache entry");
    return { value: entry.value };
  };

  return {
    async fetch(ns, key, eventualLoad, opts = {}) {
      const early = opts.loadBeside ? eventualLoad() : null;
      early?.catch(() => {}); // its failure is reported where it is used, if it is
      const load = early ? () => early : eventualLoad;
      let version: string;
      const ck = (v: string) => cachifiedKey(v, key);
      try {
        await changesDone();
        await writing.get(entryKey(ns, key));
        const [current, raw] = await Promise.all([kv.get(versionKey(ns)), kv.get(entryKey(ns, key))]);
        version = current ?? "0";
        prefetched.set(ck(version), raw);
      } catch (error) {
        failed(ns, "version", error);
        return load();
      }
      try {
        return await cachified({
          key: ck(version),
          cache: storeFor(ns),
          getFreshValue: load,
          ttl: opts.ttlMs ?? defaultTtlMs,
          staleWhileRevalidate: opts.swrMs ?? defaultSwrMs,
          waitUntil: inBackground,
        });
      } catch (error) {
        const kept = await stale(ns, version, key);
        if (kept) return kept.value as Awaited<ReturnType<typeof load>>;
        throw error;
      } finally {
        prefetched.delete(ck(version));
      }
    },
    async forget(ns, ...keys) {
      if (keys.length === 0) return;
      // Issued together, the delete first (one pipeline to Upstash, one connection to Redis: they run in this order),
      // so a reader that sees the new stamp finds no entry and loads afresh; and one round trip instead of two.
      const deleted = kv.del(...keys.map((key) => entryKey(ns, key))).catch((error: unknown) => failed(ns, "forget", error));
      await Promise.all([deleted, restamp(ns)]);
    },
    async invalidate(...namespaces) {
      for (const ns of namespaces) {
        try {
          await kv.incr(versionKey(ns));
        } catch (error) {
          // Stale reads until the TTL runs out are the cost of a KV outage; make it loud.
          failed(ns, "invalidate", error);
        }
        await restamp(ns);
      }
    },
    changeInBackground(change) {
      const work: Promise<void> = change()
        .catch((error: unknown) => failed("catalog", "invalidate", error))
        .finally(() => changing.delete(work));
      changing.add(work);
    },
    async settled() {
      await changesDone();
      // A refresh ends in a write: wait for the refreshes first, then for every write.
      while (refreshing.size > 0) await Promise.all(refreshing);
      await Promise.all(writing.values());
    },
    async stamp() {
      await changesDone();
      try {
        return (await kv.get(STAMP_KEY)) ?? "none";
      } catch (error) {
        failed("catalog", "stamp", error);
        return null;
      }
    },
  };
}
