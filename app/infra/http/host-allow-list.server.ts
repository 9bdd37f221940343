import type { Config } from "../config.server";
import type { RefusalLog } from "../refusal-log";
import { requestOrigin } from "./client-address.server";
import type { Middleware } from "./pipeline.server";

// DNS rebinding: a page on evil.example whose name is re-pointed at our address sends requests that name
// `Host: evil.example` and are same-origin to the browser, so the origin check lets its forms through. In production
// the server answers only to its own names: APP_URL's host and ALLOWED_HOSTS. Probes and the scrape are exempt —
// load balancers and Prometheus address an instance by its IP, and those routes read no cookies and take no forms.

const PROBES = new Set(["/api/health-simple", "/api/system-status", "/api/metrics-full"]);

export function hostAllowList(
  config: Pick<Config, "isProduction" | "appUrl" | "ALLOWED_HOSTS">,
  refusals: RefusalLog,
): Middleware {
  if (!config.isProduction) return (request, state, next) => next(request, state);
  const allowed = new Set([new URL(config.appUrl).hostname, ...config.ALLOWED_HOSTS]);
  return async (request, state, next) => {
    const origin = requestOrigin(request, state.proxied);
    if ((origin && allowed.has(new URL(origin).hostname)) || PROBES.has(new URL(request.url).pathname)) {
      return next(request, state);
    }
    refusals.warn(state.log, "unknown-host", { route: state.routeId }, "request for a host this server does not serve refused");
    return new Response("This server does not serve that host name.\n", {
      status: 421,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  };
}
