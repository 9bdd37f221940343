import path from "node:path";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { csrfProtection } from "../csrf.server";
import { securityHeaders } from "../security.server";
import type { AppContext, AppLoadContext } from "../context.server";
import { answerDatabaseOutages, withRetryAfter } from "./database-outage.server";
import { compose, type Handler, type RequestState } from "./pipeline.server";
import { rateLimit } from "./rate-limit-middleware.server";
import { requestContext } from "./request-context.server";
import { createRouteIdResolver } from "./route-id.server";
import { staticFiles } from "./static-files.server";

export type AppHandler = (request: Request, client?: { address: string }) => Promise<Response>;

/**
 * The whole application as a fetch handler: the middleware chain of DESIGN §1 around Remix. The Node adapter and
 * the integration tests both drive exactly this.
 */
export function createAppHandler(build: ServerBuild, ctx: AppContext, opts: { publicDir?: string } = {}): AppHandler {
  const remix = createRequestHandler(
    answerDatabaseOutages(build),
    ctx.config.NODE_ENV === "development" ? "development" : "production",
  );
  const remixHandler: Handler = (request, state) => {
    const loadContext: AppLoadContext = {
      ...ctx,
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
      clientIp: client?.address ?? "127.0.0.1",
      log: ctx.log,
      nonce: "",
      routeId: "unmatched",
    };
    return handler(request, state);
  };
}
