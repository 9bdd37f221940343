import type { Cache, ExecutionContext, Response as WorkerResponse } from "@cloudflare/workers-types";
import type { Entry, SharedPageStore } from "../http/page-entry";

type Stored = Omit<Entry, "parts"> & { parts: string[] };

/**
 * Finished anonymous pages in Cloudflare's Cache API (`caches.default`): kept in the location that served them, shared
 * by every isolate there, for `ttlSeconds`. Keys carry the build version, so a deploy never serves pages that name the
 * previous build's scripts. A failing cache is a miss. (The Cache API works on a custom domain, not on workers.dev.)
 */
export function cacheApiPageStore(opts: {
  cache: Cache;
  waitUntil: ExecutionContext["waitUntil"];
  origin: string;
  buildVersion: string;
  ttlSeconds: number;
}): SharedPageStore {
  const keyOf = (key: string) => new URL(`/__pages/${opts.buildVersion}${key}`, opts.origin).href;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  return {
    async get(key) {
      const hit = await opts.cache.match(keyOf(key));
      if (!hit) return null;
      const stored = (await hit.json()) as Stored;
      return { ...stored, parts: stored.parts.map((p) => encoder.encode(p)) };
    },
    put(key, entry) {
      const stored: Stored = { ...entry, parts: entry.parts.map((p) => decoder.decode(p)) };
      const body = new Response(JSON.stringify(stored), {
        headers: { "content-type": "application/json", "cache-control": `public, max-age=${opts.ttlSeconds}` },
      });
      opts.waitUntil(opts.cache.put(keyOf(key), body as unknown as WorkerResponse).catch(() => {}));
    },
  };
}
