import type { Config } from "./config.server";
import type { Middleware } from "./http/pipeline.server";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Paths whose callers are servers, not browsers (payment webhooks sign their bodies instead). */
const EXEMPT_PREFIXES = ["/webhooks/"];

function originOf(value: string): string | null {
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/**
 * Origin check on every state-changing request (OWASP CSRF cheat sheet, "verifying origin with standard headers"):
 * a non-GET whose `Origin` — or, when a browser sent none, `Referer` — is not the app's own origin is refused with 403
 * before any route code runs. Requests with neither header come from non-browser clients, which carry no ambient
 * cookies to abuse (the session cookie is SameSite=Lax as a second layer).
 */
export function csrfProtection(config: Pick<Config, "appUrl">): Middleware {
  const appOrigin = new URL(config.appUrl).origin;
  return async (request, state, next) => {
    if (SAFE_METHODS.has(request.method)) return next(request, state);
    const { pathname } = new URL(request.url);
    if (EXEMPT_PREFIXES.some((p) => pathname.startsWith(p))) return next(request, state);
    const origin = request.headers.get("origin");
    const referer = request.headers.get("referer");
    const claimed =
      origin !== null ? (origin === "null" ? null : originOf(origin)) : referer !== null ? originOf(referer) : appOrigin;
    if (claimed !== appOrigin) {
      state.log.warn({ route: state.routeId, method: request.method }, "cross-origin request refused");
      return new Response("This request came from another site and was refused.", {
        status: 403,
        headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
      });
    }
    return next(request, state);
  };
}
