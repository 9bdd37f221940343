// What the anonymous HTML cache keeps (html-cache.server.ts), in memory or in a shared page store.

/** Which per-request value goes between two stored pieces of a page. */
export type Slot = "nonce" | "requestId";

/** A finished anonymous page, cut at the per-request values; also what a shared page store keeps. */
export type Entry = {
  /** `cache.stamp()` read before the page was rendered: the entry is current while the stamp is. */
  stamp: string;
  storedAt: number;
  status: number;
  headers: [string, string][];
  /** The page cut at every occurrence of the nonce and the request id it was rendered with. */
  parts: Uint8Array[];
  slots: Slot[];
  bytes: number;
};

/**
 * Pages kept beyond one instance, close to the visitor: Cloudflare's Cache API in the location that serves them
 * (app/infra/edge/page-store.server.ts). Made per request (its I/O belongs to that request); absent on Node.
 */
export type SharedPageStore = {
  get(key: string): Promise<Entry | null>;
  /** Stores in the background (the request's `waitUntil`). */
  put(key: string, entry: Entry): void;
};
