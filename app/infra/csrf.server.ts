import type { Config } from "./config.server";
import { requestOrigin } from "./http/client-address.server";
import { errorPageResponse } from "./http/error-page.server";
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
 * a non-GET whose `Origin` — or, when a browser sent none, `Referer` — is neither `APP_URL` nor the origin the request
 * itself was addressed to (its Host, or the host a trusted proxy forwarded) is refused with 403 before any route code
 * runs. So http://127.0.0.1:3000, a LAN address or another port work without configuration, while a form on another
 * site never does. Requests with neither header come from non-browser clients, which carry no ambient cookies to
 * abuse (the session cookie is SameSite=Lax as a second layer).
 */
export function csrfProtection(config: Pick<Config, "appUrl">): Middleware {
  const appOrigin = new URL(config.appUrl).origin;
  return async (request, state, next) => {
    if (SAFE_METHODS.has(request.method)) return next(request, state);
    const { pathname } = new URL(request.url);
    if (EXEMPT_PREFIXES.some((p) => pathname.startsWith(p))) return next(request, state);
    const origin = request.headers.get("origin");
    const referer = request.headers.get("referer");
    if (origin === null && referer === null) return next(request, state);
    const claimed = origin !== null ? (origin === "null" ? null : originOf(origin)) : originOf(referer!);
    if (claimed === null || (claimed !== appOrigin && claimed !== requestOrigin(request, state.proxied))) {
      state.log.warn({ route: state.routeId, method: request.method }, "cross-origin request refused");
      return errorPageResponse(
        {
          status: 403,
          title: "This form came from another site",
          message:
            "For your safety we only accept forms sent from our own pages. Go back to the shop, open the page again and resubmit from there.",
        },
        state,
      );
    }
    return next(request, state);
  };
}
