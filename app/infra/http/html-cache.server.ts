import type { Clock } from "../clock.server";
import type { Config } from "../config.server";
import type { Db } from "../db/client.server";
import type { Metrics } from "../metrics.server";
import type { Entry, Slot } from "./page-entry";
import type { Middleware, RequestState } from "./pipeline.server";

/**
 * What a route exports to let its anonymous documents be cached: `export const handle = { htmlCache: "anonymous" }`.
 * Only for pages whose anonymous HTML is built from the catalog cache alone (nothing read from the database outside
 * `cache.fetch`, nothing per visitor besides the nonce and the request id).
 */
export type HtmlCacheHandle = { htmlCache: "anonymous" };

/**
 * Whom a visitor's page is the same for. `key` names what the page shows of its visitor beyond the nonce and the
 * request id (e.g. "customer:2": signed in as a customer, two items in the cart; "" for an anonymous visitor);
 * `ownWords` are the visitor's own (name, email), which a page kept for others must not contain.
 */
export type Audience = { key: string; ownWords: string[] };

/**
 * The audience of a request that carries cookies, or null when its pages are its own (render them): the app's rule,
 * exported by the server build's entry module (app/web/page-audience.server.ts).
 */
export type AudienceOf = (request: Request, visitor: { config: Config; db: Db; clock: Clock }) => Promise<Audience | null>;

const ANONYMOUS: Audience = { key: "", ownWords: [] };

const MAX_KEY_LENGTH = 256;
const DEFAULTS = {
  /** Per instance. Catalog pages are 10–30 KB; this holds every meal, pack and a few hundred filter combinations. */
  maxBytes: 8 * 1024 * 1024,
  maxEntries: 500,
  maxEntryBytes: 512 * 1024,
  /** A backstop for changes that reach the data cache only through its own TTL (it has no event for them). */
  ttlMs: 60_000,
};

const encoder = new TextEncoder();

/**
 * Catalog pages served from memory without running Remix (issue 15, docs/decisions/015-perf-html-cache.md).
 *
 * - Who: GET/HEAD to a route that opted in, from a visitor with no cookies at all — or, where `audienceOf` is given,
 *   with cookies that `audienceOf` sorts into an audience: a page rendered for one visitor is served to the next of
 *   the same audience (same role and cart count), and a page holding a visitor's own words is never kept.
 *   Anything else goes straight through, and so does everything while the KV cannot answer.
 * - What is kept: a 200 `text/html` with no Set-Cookie, no Vary and no private/no-store; `.data` requests never.
 * - The nonce and the request id are cut out when the page is stored and this request's own put back when it is
 *   served, so every response's script tags carry the nonce of its own CSP header. A request id chosen by the client
 *   could be ordinary page text, so a page where it occurs more than once (it belongs only in the root loader data)
 *   is not kept.
 * - Freshness: each entry remembers `cache.stamp()` as read before rendering; admin edits and stock changes move the
 *   stamp on every instance (Redis/Upstash), so the next request renders afresh. Plus a short TTL.
 * - One render per page and stamp at a time per instance; concurrent requests for it wait and share the result —
 *   on Node only (`shareRenders`): on workerd a request never awaits another's render, which ends with that request.
 */
export function htmlPageCache(
  deps: {
    metrics: Metrics;
    cacheable: (routeId: string) => boolean;
    shareRenders: boolean;
    audienceOf?: (request: Request, state: RequestState) => Promise<Audience | null>;
    now?: () => number;
  },
  options: Partial<typeof DEFAULTS> = {},
): Middleware {
  const opts = { ...DEFAULTS, ...options };
  const now = deps.now ?? Date.now;
  const store = createStore(opts);
  // eslint-disable-next-line no-restricted-syntax -- written only where requests may share work (Node, shareRenders)
  const rendering = new Map<string, Promise<Entry | null>>();

  return async (request, state, next) => {
    // A refused request gets its 429 from Remix, never a kept page.
    const page = state.rateLimited ? null : candidateKey(request, state.routeId, deps.cacheable, Boolean(deps.audienceOf));
    if (page === null) return next(request, state);
    const [stamp, audience] = await Promise.all([
      state.cache.stamp(),
      hasCookies(request) ? deps.audienceOf!(request, state) : ANONYMOUS,
    ]);
    if (stamp === null || audience === null) return next(request, state);
    const key = audience.key === "" ? page : `${audience.key} ${page}`;

    // After an admin edit the page's cached catalogue data is most likely gone too: its loads start the database read
    // beside the cache's (one round trip to each, side by side, instead of one after the other).
    if (store.outdated(key, stamp)) state.cacheMissLikely = true;
    const kept = store.get(key, stamp, now());
    if (kept) {
      deps.metrics.cacheHits.inc({ namespace: "html" });
      return respond(kept, request, state, "hit");
    }
    deps.metrics.cacheMisses.inc({ namespace: "html" });
    if (request.method === "HEAD") return markedMiss(await next(request, state));

    const flight = `${stamp}\u0000${key}`;
    const pending = rendering.get(flight);
    if (pending) {
      const shared = await pending;
      return shared ? respond(shared, request, state, "hit") : markedMiss(await next(request, state));
    }
    let settle = (_entry: Entry | null) => {};
    if (deps.shareRenders) rendering.set(flight, new Promise((resolve) => (settle = resolve)));
    let entry: Entry | null = null;
    try {
      const response = await next(request, state);
      if (!storable(response)) return markedMiss(response);
      const html = await response.text();
      entry = toEntry(html, response, state, stamp, now(), audience.ownWords);
      if (!entry || entry.bytes > opts.maxEntryBytes) {
        entry = null;
        return markedMiss(new Response(html, { status: response.status, headers: response.headers }));
      }
      store.set(key, entry);
      return respond(entry, request, state, "miss");
    } finally {
      rendering.delete(flight);
      settle(entry);
    }
  };
}

/**
 * The shared tier in front of the rate limiter and the anonymous HTML cache (workerd only): a kept page costs no trip
 * to the KV or the database — and, like any CDN hit, none of the visitor's page budget. It is as fresh as the store's
 * TTL (EDGE_PAGE_TTL_SECONDS): an admin edit or a sell-out reaches these pages within it (checkout re-checks stock, so
 * a stale "in stock" never oversells). Misses go on through the chain and their page is stored for the next visitor.
 */
export function sharedPageCache(deps: { metrics: Metrics; cacheable: (routeId: string) => boolean }): Middleware {
  return async (request, state, next) => {
    const store = state.pageStore;
    const key = store && candidateKey(request, state.routeId, deps.cacheable, false);
    if (!store || !key) return next(request, state);
    const kept = await store.get(key).catch(() => null);
    if (kept) {
      deps.metrics.cacheHits.inc({ namespace: "edge" });
      return respond(kept, request, state, "edge");
    }
    const response = await next(request, state);
    if (request.method !== "GET" || !storable(response)) return response;
    const html = await response.text();
    const entry = toEntry(html, response, state, "", Date.now());
    if (entry) store.put(key, entry);
    return new Response(html, { status: response.status, headers: response.headers });
  };
}

const hasCookies = (request: Request) => (request.headers.get("cookie") ?? "").trim() !== "";

/** The page's key (path and query) when this request may be served from the cache, else null. */
function candidateKey(
  request: Request,
  routeId: string,
  cacheable: (routeId: string) => boolean,
  withCookies: boolean,
): string | null {
  if (request.method !== "GET" && request.method !== "HEAD") return null;
  if (!cacheable(routeId)) return null;
  if ((!withCookies && hasCookies(request)) || request.headers.has("authorization")) return null;
  const url = new URL(request.url);
  // Single-fetch data for client navigations is turbo-stream, not a document.
  if (url.pathname.endsWith(".data")) return null;
  const key = url.pathname + url.search;
  return key.length <= MAX_KEY_LENGTH ? key : null;
}

/** A page the cache looked for and did not have (nor kept): says so, as a hit does, for tests and for ops. */
function markedMiss(response: Response): Response {
  try {
    response.headers.set("x-html-cache", "miss");
  } catch {
    // Immutable headers (a redirect): the hint is lost, nothing else.
  }
  return response;
}

function storable(response: Response): boolean {
  const cacheControl = response.headers.get("cache-control") ?? "";
  return (
    response.status === 200 &&
    response.body !== null &&
    (response.headers.get("content-type") ?? "").startsWith("text/html") &&
    !response.headers.has("set-cookie") &&
    !response.headers.has("vary") &&
    !/private|no-store/i.test(cacheControl)
  );
}

function toEntry(
  html: string,
  response: Response,
  state: RequestState,
  stamp: string,
  storedAt: number,
  ownWords: string[] = [],
): Entry | null {
  if (!state.nonce || !state.requestId) return null;
  if (ownWords.some((word) => containsWord(html, word))) return null;
  if (html.split(state.requestId).length > 2) return null;
  const parts: Uint8Array[] = [];
  const slots: Slot[] = [];
  html.split(state.nonce).forEach((piece, i) => {
    if (i > 0) slots.push("nonce");
    const around = piece.split(state.requestId);
    if (around.length === 2) {
      parts.push(encoder.encode(around[0]));
      slots.push("requestId");
    }
    parts.push(encoder.encode(around.at(-1)!));
  });
  const headers = [...response.headers].filter(([name]) => name !== "content-length");
  return { stamp, storedAt, status: response.status, headers, parts, slots, bytes: parts.reduce((n, p) => n + p.byteLength, 0) };
}

/** `word` in `text` on its own (not inside a longer word), in any letter case. */
function containsWord(text: string, word: string): boolean {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, "iu").test(text);
}

function respond(entry: Entry, request: Request, state: RequestState, outcome: "hit" | "miss" | "edge"): Response {
  const headers = new Headers(entry.headers);
  headers.set("x-html-cache", outcome);
  if (request.method === "HEAD") return new Response(null, { status: entry.status, headers });
  const values = { nonce: encoder.encode(state.nonce), requestId: encoder.encode(state.requestId) };
  const fill = entry.slots.map((slot) => values[slot]);
  const body = new Uint8Array(entry.bytes + fill.reduce((n, v) => n + v.byteLength, 0));
  let at = 0;
  entry.parts.forEach((part, i) => {
    body.set(part, at);
    at += part.byteLength;
    if (i < fill.length) {
      body.set(fill[i], at);
      at += fill[i].byteLength;
    }
  });
  headers.set("content-length", String(body.byteLength));
  return new Response(body, { status: entry.status, headers });
}

/** Least recently used first out, bounded by entries and bytes; an entry of another stamp or past its TTL is gone. */
function createStore(opts: typeof DEFAULTS) {
  const entries = new Map<string, Entry>();
  let bytes = 0;
  const drop = (key: string) => {
    const e = entries.get(key);
    if (!e) return;
    entries.delete(key);
    bytes -= e.bytes;
  };
  return {
    /** This page was kept under another stamp: the catalogue changed since it was rendered. */
    outdated(key: string, stamp: string): boolean {
      const e = entries.get(key);
      return e !== undefined && e.stamp !== stamp;
    },
    get(key: string, stamp: string, at: number): Entry | null {
      const e = entries.get(key);
      if (!e) return null;
      drop(key);
      if (e.stamp !== stamp || at - e.storedAt > opts.ttlMs) return null;
      entries.set(key, e);
      bytes += e.bytes;
      return e;
    },
    set(key: string, e: Entry) {
      drop(key);
      entries.set(key, e);
      bytes += e.bytes;
      while (entries.size > opts.maxEntries || bytes > opts.maxBytes) drop(entries.keys().next().value!);
    },
  };
}
