import type { ServerBuild } from "@remix-run/server-runtime";
import { wrapRouteFunctions } from "./route-functions.server";

/** Why a request was refused by the route-class rate limiter, as the visitor is told (root ErrorBoundary). */
export type RateLimitRefusal = { title: string; message: string; retryAfter: number };

/**
 * Every route's loader and action, wrapped once: when the rate limiter has refused the request (the verdict rides in
 * the load context as `rateLimited`), it throws a 429 before any of the route's own work. Remix then answers in
 * whatever form the request needs — the root ErrorBoundary's page for a document, its own single-fetch encoding for
 * a `.data` request, this JSON for a resource route — so no part of Remix's wire format is written by hand here
 * (docs/decisions/034-rate-limit-through-remix.md). The limiter adds Retry-After and the RateLimit headers to the
 * finished response: Remix does not copy a thrown response's headers onto a document.
 */
export function refuseOverBudget(build: ServerBuild): ServerBuild {
  return wrapRouteFunctions(build, (run) => (args) => {
    const refusal = args.context.rateLimited;
    if (refusal) throw Response.json(refusal, { status: 429, headers: { "Retry-After": String(refusal.retryAfter) } });
    return run(args);
  });
}
