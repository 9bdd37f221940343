import type { Logger } from "pino";
import type { SessionUser } from "../session.server";
import type { Cache } from "../cache.server";
import type { Db } from "../db/client.server";
import type { SharedPageStore } from "./page-entry";
import type { RateLimitRefusal } from "./rate-limit-refusal.server";

/** Per-request facts the middlewares gather and pass on to the Remix load context. */
export type RequestState = {
  requestId: string;
  /** The client as every limiter keys it: an IPv4 address, or the /64 an IPv6 address is in (limiterKeyOf). */
  clientIp: string;
  /** The socket peer is a proxy we trust (TRUST_PROXY), so its X-Forwarded-Host/-Proto count. */
  proxied: boolean;
  log: Logger;
  nonce: string;
  /** Remix route id of the deepest match, or a fixed name ("static", "unmatched"): never a raw URL. */
  routeId: string;
  /** The database handle for this request: the shared pool on Node, a Pool made for this request on workerd. */
  db: Db;
  /** The catalogue cache: one per process on Node, one per request on workerd (nothing in flight crosses requests). */
  cache: Cache;
  /**
   * Who the session cookie belonged to when the request arrived, looked up once and shared by the rate limiter and
   * the action (before it has signed anyone in or out).
   */
  arrivingUser(): Promise<SessionUser | null>;
  /**
   * Resolves when this request may write: at once, except where the rate limiter decides beside the action's reads
   * (checkout), which then throws a 429 Response here if the request is over its budget. Await it before writing.
   */
  allowedToWrite(): Promise<void>;
  /** Workerd only: finished anonymous pages kept in the Cloudflare location (see sharedPageCache). */
  pageStore?: SharedPageStore;
  /**
   * Starts work whose outcome the response must not wait for (nor, by its duration, reveal): it runs on after the
   * response, kept alive by the runtime (workerd's waitUntil), and a failure is logged.
   */
  afterResponse(work: () => Promise<unknown>): void;
  /** Set when the rate limiter refused the request: every loader and action throws it as a 429 (rate-limit-refusal.server.ts). */
  rateLimited?: RateLimitRefusal;
  /** Set when the page's cached data has most likely just been invalidated (see Cache.fetch's `loadBeside`). */
  cacheMissLikely?: boolean;
};

export type Handler = (request: Request, state: RequestState) => Promise<Response>;
export type Middleware = (request: Request, state: RequestState, next: Handler) => Promise<Response>;

/** compose([a, b], h) runs a → b → h; each middleware may answer early or decorate the response. */
export function compose(middlewares: Middleware[], handler: Handler): Handler {
  return middlewares.reduceRight<Handler>((next, mw) => (req, state) => mw(req, state, next), handler);
}
