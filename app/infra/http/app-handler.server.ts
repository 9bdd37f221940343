import path from "node:path";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { csrfProtection } from "../csrf.server";
import { readSessionToken } from "../session.server";
import { securityHeaders } from "../security.server";
import type { AppContext, AppLoadContext } from "../context.server";
import type { BodyLimit } from "~/domain/body-limits";
import { clientIpOf } from "./client-address.server";
import { answerDatabaseOutages, withRetryAfter } from "./database-outage.server";
import { compose, type Handler, type RequestState } from "./pipeline.server";
import { rateLimit } from "./rate-limit-middleware.server";
import { requestGuard } from "./request-guard.server";
import { requestContext } from "./request-context.server";
import { createRouteIdResolver } from "./route-id.server";
import { staticFiles } from "./static-files.server";

export type AppHandler = (request: Request, client?: { address: string }) => Promise<Response>;

/**
 * The whole application as a fetch handler: the middleware chain of DESIGN §1 around Remix. The Node adapter and
 * the integration tests both drive exactly this.
 */
export function createAppHandler(build: ServerBuild, ctx: AppContext, opts: { publicDir?: string } = {}): AppHandler {
  // Remix's development mode puts stacks in pages and data responses: only under an explicit `npm run dev`.
  const remix = createRequestHandler(answerDatabaseOutages(build), ctx.config.DEBUG_ERRORS ? "development" : "production");
  const bodyLimitOf = (routeId: string): BodyLimit =>
    (build.routes[routeId]?.module.handle as { bodyLimit?: BodyLimit } | undefined)?.bodyLimit ?? "form";
  const remixHandler: Handler = async (request, state) => {
    const loadContext: AppLoadContext = {
      ...ctx,
      log: state.log,
      requestId: state.requestId,
      routeId: state.routeId,
      nonce: state.nonce,
      clientIp: state.clientIp,
    };
    const response = withRetryAfter(await remix(request, loadContext));
    // Pages for a signed-in visitor name them and their orders: never stored by a browser or shared cache.
    if (readSessionToken(request, ctx.config)) response.headers.set("cache-control", "private, no-store");
    return response;
  };
  const handler = compose(
    [
      requestContext(ctx, createRouteIdResolver(build)),
      securityHeaders(ctx.config),
      csrfProtection(ctx.config),
      requestGuard({ bodyLimitOf, trustProxyHops: ctx.config.TRUST_PROXY }),
      staticFiles(opts.publicDir ?? path.resolve("public"), [
        { prefix: "/uploads/", dir: path.join(ctx.config.DATA_DIR, "uploads") },
      ]),
      rateLimit(ctx), // after static files, so assets are never counted
    ],
    remixHandler,
  );
  return (request, client) => {
    const state: RequestState = {
      requestId: "",
      clientIp: clientIpOf(request, client?.address ?? "127.0.0.1", ctx.config.TRUST_PROXY),
      log: ctx.log,
      nonce: "",
      routeId: "unmatched",
    };
    return handler(request, state);
  };
}
