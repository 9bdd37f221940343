import type { Cache, ExecutionContext, Response as WorkerResponse } from "@cloudflare/workers-types";
import type { Entry, SharedPageStore } from "../http/page-entry";

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
  /** The isolate's copy of what it read or stored here (`isolatePageMemory`). */
  memory?: PageMemory;
  now?: () => number;
}): SharedPageStore {
  const keyOf = (key: string) => new URL(`/__pages/${LAYOUT}/${opts.buildVersion}${key}`, opts.origin).href;
  const now = opts.now ?? Date.now;
  const ttlMs = opts.ttlSeconds * 1000;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  return {
    async get(key) {
      const remembered = opts.memory?.get(keyOf(key), now());
      if (remembered) return remembered;
      const entry = await readShared(key);
      // Remembered no longer than the shared copy lives: it was stored at `storedAt` for the same TTL.
      if (entry) opts.memory?.set(keyOf(key), entry, entry.storedAt + ttlMs);
      return entry;
    },
    put(key, entry) {
      opts.memory?.set(keyOf(key), entry, entry.storedAt + ttlMs);
      writeShared(key, entry);
    },
  };

  async function readShared(key: string): Promise<Entry | null> {
    const hit = await opts.cache.match(keyOf(key));
    if (!hit) return null;
    const body = new Uint8Array(await hit.arrayBuffer());
    const headLength = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(0);
    const { partLengths, ...head } = JSON.parse(decoder.decode(body.subarray(4, 4 + headLength))) as Head;
    let offset = 4 + headLength;
    const parts = partLengths.map((length) => body.subarray(offset, (offset += length)));
    return { ...head, parts };
  }

  function writeShared(key: string, entry: Entry): void {
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
  }
}

/** An isolate's memory of kept pages, in front of the Cache API. */
export type PageMemory = {
  get(key: string, now: number): Entry | null;
  set(key: string, entry: Entry, expiresAt: number): void;
};

/**
 * Pages this isolate has read from or written to the Cache API, kept until their shared copy expires: a repeat visit
 * skips the Cache API's read and copy. Values only, never a pending read (docs/architecture.md §9); two requests that
 * both miss both read. Least recently used pages go first past `maxEntries` or `maxBytes`.
 */
export function isolatePageMemory(limits = { maxEntries: 300, maxBytes: 8 * 1024 * 1024 }): PageMemory {
  const pages = new Map<string, { entry: Entry; expiresAt: number }>();
  let bytes = 0;
  const drop = (key: string) => {
    const page = pages.get(key);
    if (!page) return;
    bytes -= page.entry.bytes;
    pages.delete(key);
  };
  return {
    get(key, now) {
      const page = pages.get(key);
      if (!page) return null;
      drop(key);
      if (now >= page.expiresAt) return null;
      pages.set(key, page); // now the most recently used
      bytes += page.entry.bytes;
      return page.entry;
    },
    set(key, entry, expiresAt) {
      drop(key);
      if (entry.bytes > limits.maxBytes) return;
      pages.set(key, { entry, expiresAt });
      bytes += entry.bytes;
      for (const oldest of pages.keys()) {
        if (pages.size <= limits.maxEntries && bytes <= limits.maxBytes) break;
        drop(oldest);
      }
    },
  };
}
