import { randomBytes, randomUUID } from "node:crypto";
import type { AppContext } from "../app-context";
import { errorResponse } from "./error-response.server";
import type { Middleware } from "./pipeline.server";

const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * First in the chain: request id (taken from a sane `x-request-id` or made here), a child logger that stamps it on
 * every line, the CSP nonce, the route id, one access line and the RED metrics.
 */
export function requestContext(ctx: AppContext, resolveRouteId: (url: URL) => string): Middleware {
  return async (request, state, next) => {
    const started = performance.now();
    const incoming = request.headers.get("x-request-id");
    const requestId = incoming && VALID_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const url = new URL(request.url);
    state.requestId = requestId;
    state.routeId = resolveRouteId(url);
    state.nonce = randomBytes(16).toString("base64");
    state.log = ctx.log.child({ requestId });

    let response: Response;
    try {
      response = await next(request, state);
    } catch (error) {
      response = errorResponse(error, state, ctx);
    }
    response.headers.set("x-request-id", requestId);

    const seconds = (performance.now() - started) / 1000;
    ctx.metrics.recordRequest({ route: state.routeId, method: request.method, status: response.status, seconds });
    state.log.info(
      {
        method: request.method,
        route: state.routeId,
        status: response.status,
        durationMs: Math.round(seconds * 1000),
        bytes: Number(response.headers.get("content-length")) || undefined,
      },
      "request",
    );
    return response;
  };
}
