import { createRequestHandler, type ServerBuild } from "@remix-run/server-runtime";
import type { AppContext, AppLoadContext } from "../app-context";
import { csrfProtection } from "../csrf.server";
import type { Db } from "../db/client.server";
import { securityHeaders } from "../security.server";
import { answerDatabaseOutages, withRetryAfter } from "./database-outage.server";
import { compose, type Handler, type Middleware, type RequestState } from "./pipeline.server";
import { rateLimit } from "./rate-limit-middleware.server";
import { requestContext } from "./request-context.server";
import { createRouteIdResolver } from "./route-id.server";

export type AppHandler = (
  request: Request,
  client?: { address: string },
  /** Parts made for this request only: on workerd the database handle (a Pool per request). */
  perRequest?: { db?: Db },
) => Promise<Response>;

/**
 * The whole application as a fetch handler, on any runtime: the middleware chain of DESIGN §1 around Remix. A runtime
 * entry only says how files are served (`files`: a folder on Node, R2 uploads on workerd) and where requests come from.
 */
export function createFetchHandler(build: ServerBuild, ctx: AppContext, opts: { files: Middleware }): AppHandler {
  const remix = createRequestHandler(
    answerDatabaseOutages(build),
    ctx.config.NODE_ENV === "development" ? "development" : "production",
  );
  const remixHandler: Handler = (request, state) => {
    const loadContext: AppLoadContext = {
      ...ctx,
      db: state.db,
      log: state.log,
      requestId: state.requestId,
      nonce: state.nonce,
      clientIp: state.clientIp,
    };
    return remix(request, loadContext).then(withRetryAfter);
  };
  const handler = compose(
    [
      requestContext(ctx, createRouteIdResolver(build)),
      securityHeaders(ctx.config),
      csrfProtection(ctx.config),
      opts.files,
      rateLimit(ctx), // after static files, so assets are never counted
    ],
    remixHandler,
  );
  return (request, client, perRequest) => {
    const state: RequestState = {
      requestId: "",
      clientIp: client?.address ?? "127.0.0.1",
      log: ctx.log,
      nonce: "",
      routeId: "unmatched",
      db: perRequest?.db ?? ctx.db,
    };
    return handler(request, state);
  };
}
