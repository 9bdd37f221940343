import { createRequestHandler, type ServerBuild } from "@remix-run/server-runtime";
import type { AppContext, AppLoadContext } from "../app-context";
import type { Cache } from "../cache.server";
import { csrfProtection } from "../csrf.server";
import type { Db } from "../db/client.server";
import { securityHeaders } from "../security.server";
import { findSessionUser, readSessionToken, type SessionUser } from "../session.server";
import type { BodyLimit } from "~/infra/http/body-limits";
import { clientIpOf, fromTrustedProxy } from "./client-address.server";
import { limiterKeyOf } from "./ip-ranges";
import { answerDatabaseOutages, withRetryAfter } from "./database-outage.server";
import { hostAllowList } from "./host-allow-list.server";
import { htmlPageCache, sharedPageCache, type AudienceOf, type HtmlCacheHandle } from "./html-cache.server";
import type { SharedPageStore } from "./page-entry";
import { compose, type Handler, type Middleware, type RequestState } from "./pipeline.server";
import { rateLimit } from "./rate-limit-middleware.server";
import { refuseOverBudget } from "./rate-limit-refusal.server";
import { requestGuard } from "./request-guard.server";
import { requestContext } from "./request-context.server";
import { createRouteIdResolver } from "./route-id.server";

export type AppHandler = (
  request: Request,
  client?: { address: string },
  /**
   * Parts made for this request only, on workerd: the database handle (HTTP statements, a Pool for transactions), the
   * catalogue cache and the location's page store, so that nothing one request starts is awaited by another; and
   * `waitUntil`, which keeps work started by the request alive after its response.
   */
  perRequest?: { db?: Db; cache?: Cache; pageStore?: SharedPageStore; waitUntil?: (work: Promise<unknown>) => void },
) => Promise<Response>;

/**
 * The whole application as a fetch handler, on any runtime: the middleware chain of docs/architecture.md §1 around Remix. A runtime
 * entry only says how files are served (`files`: a folder on Node, R2 uploads on workerd) and where requests come from.
 */
export function createFetchHandler(
  build: ServerBuild,
  ctx: AppContext,
  opts: {
    files: Middleware;
    /** false on workerd: a request never waits for work another request started (it may be cancelled with it). */
    requestsShareWork: boolean;
    /**
     * Serve a page rendered for one visitor to the next of the same audience (the entry module's `pageAudience`).
     * On Node, where it saves the render; not on workerd, where the audience costs a round trip before a miss's own.
     */
    visitorPages: boolean;
  },
): AppHandler {
  // Remix's development mode puts stacks in pages and data responses: only under an explicit `npm run dev`.
  const remix = createRequestHandler(
    refuseOverBudget(answerDatabaseOutages(build)),
    ctx.config.DEBUG_ERRORS ? "development" : "production",
  );
  const bodyLimitOf = (routeId: string): BodyLimit =>
    (build.routes[routeId]?.module.handle as { bodyLimit?: BodyLimit } | undefined)?.bodyLimit ?? "form";
  const htmlCacheable = (routeId: string) =>
    (build.routes[routeId]?.module.handle as Partial<HtmlCacheHandle> | undefined)?.htmlCache === "anonymous";
  const pageAudience = (build.entry.module as { pageAudience?: AudienceOf }).pageAudience;
  const audienceOf =
    opts.visitorPages && pageAudience
      ? (request: Request, state: RequestState) => pageAudience(request, { config: ctx.config, db: state.db, clock: ctx.clock })
      : undefined;
  const loadingBeside = (cache: Cache): Cache => ({
    ...cache,
    fetch: (ns, key, load, opts) => cache.fetch(ns, key, load, { ...opts, loadBeside: true }),
  });
  const remixHandler: Handler = async (request, state) => {
    const loadContext: AppLoadContext = {
      ...ctx,
      cache: state.cacheMissLikely ? loadingBeside(state.cache) : state.cache,
      db: state.db,
      log: state.log,
      requestId: state.requestId,
      routeId: state.routeId,
      nonce: state.nonce,
      clientIp: state.clientIp,
      arrivingUser: state.arrivingUser,
      allowedToWrite: state.allowedToWrite,
      afterResponse: state.afterResponse,
      rateLimited: state.rateLimited,
    };
    return withRetryAfter(await remix(request, loadContext));
  };
  // Pages for a signed-in visitor name them and their orders: never stored by a browser or shared cache — whether
  // rendered or kept by the page cache.
  const privateWhenSignedIn: Middleware = async (request, state, next) => {
    const response = await next(request, state);
    if (readSessionToken(request, ctx.config)) response.headers.set("cache-control", "private, no-store");
    return response;
  };
  const handler = compose(
    [
      requestContext(ctx, createRouteIdResolver(build)),
      securityHeaders(ctx.config),
      hostAllowList(ctx.config, ctx.refusals), // production: before anything else reads the request
      csrfProtection(ctx.config),
      requestGuard({ bodyLimitOf }),
      opts.files,
      sharedPageCache({ metrics: ctx.metrics, cacheable: htmlCacheable }), // workerd: pages kept in the location
      rateLimit(ctx), // after static files, so assets are never counted
      privateWhenSignedIn,
      // last: a cached page still counts against the visitor's page budget
      htmlPageCache(
        { metrics: ctx.metrics, cacheable: htmlCacheable, shareRenders: opts.requestsShareWork, audienceOf },
        { ttlMs: Math.min(60_000, ctx.config.CACHE_TTL_SECONDS * 1000) },
      ),
    ],
    remixHandler,
  );
  return (request, client, perRequest) => {
    const peer = client?.address ?? "127.0.0.1";
    const db = perRequest?.db ?? ctx.db;
    // eslint-disable-next-line no-restricted-syntax -- one request's own lookup
    let arriving: Promise<SessionUser | null> | undefined;
    const state: RequestState = {
      requestId: "",
      clientIp: limiterKeyOf(clientIpOf(request, peer, ctx.config.TRUST_PROXY)),
      proxied: fromTrustedProxy(peer, ctx.config.TRUST_PROXY),
      log: ctx.log,
      nonce: "",
      routeId: "unmatched",
      db,
      cache: perRequest?.cache ?? ctx.cache,
      pageStore: perRequest?.pageStore,
      arrivingUser: () => (arriving ??= findSessionUser(db, ctx.clock, readSessionToken(request, ctx.config))),
      allowedToWrite: async () => {},
      afterResponse: (work) => {
        const running = work().catch((err: unknown) => state.log.error({ err }, "work after the response failed"));
        perRequest?.waitUntil?.(running);
      },
    };
    return handler(request, state);
  };
}
