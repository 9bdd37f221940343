import type { Cache, ExecutionContext, Response as WorkerResponse } from "@cloudflare/workers-types";
import type { Entry, SharedPageStore } from "../http/html-cache.server";

/** What the stored body's head holds: the entry without its bytes, and where each part ends. */
type Head = Omit<Entry, "parts"> & { partLengths: number[] };
/** In the key: a body stored in another layout by an earlier release is never read as this one. */
const LAYOUT = "b1";

/**
 * Finished anonymous pages in Cloudflare's Cache API (`caches.default`): kept in the location that served them, shared
 * by every isolate there, for `ttlSeconds`. Keys carry the build version, so a deploy never serves pages that name the
 * previous build's scripts. A failing cache is a miss. (The Cache API works on a custom domain, not on workers.dev.)
 *
 * Stored as bytes — a 4-byte length, a small JSON head, then the parts as they are sent — so a hit is sliced, never
 * parsed or encoded again: kept as JSON text, the page's parse and re-encoding were a fifth of a hit's CPU
 * (docs/performance.md).
 */
export function cacheApiPageStore(opts: {
  cache: Cache;
  waitUntil: ExecutionContext["waitUntil"];
  origin: string;
  buildVersion: string;
  ttlSeconds: number;
}): SharedPageStore {
  const keyOf = (key: string) => new URL(`/__pages/${LAYOUT}/${opts.buildVersion}${key}`, opts.origin).href;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  return {
    async get(key) {
      const hit = await opts.cache.match(keyOf(key));
      if (!hit) return null;
      const body = new Uint8Array(await hit.arrayBuffer());
      const headLength = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(0);
      const { partLengths, ...head } = JSON.parse(decoder.decode(body.subarray(4, 4 + headLength))) as Head;
      let offset = 4 + headLength;
      const parts = partLengths.map((length) => body.subarray(offset, (offset += length)));
      return { ...head, parts };
    },
    put(key, entry) {
      const { parts, ...rest } = entry;
      const head = encoder.encode(JSON.stringify({ ...rest, partLengths: parts.map((p) => p.byteLength) } satisfies Head));
      const body = new Uint8Array(4 + head.byteLength + parts.reduce((n, p) => n + p.byteLength, 0));
      new DataView(body.buffer).setUint32(0, head.byteLength);
      body.set(head, 4);
      let offset = 4 + head.byteLength;
      for (const part of parts) {
        body.set(part, offset);
        offset += part.byteLength;
      }
      const stored = new Response(body, {
        headers: { "content-type": "application/octet-stream", "cache-control": `public, max-age=${opts.ttlSeconds}` },
      });
      opts.waitUntil(opts.cache.put(keyOf(key), stored as unknown as WorkerResponse).catch(() => {}));
    },
  };
}
