import type { Config } from "./config.server";
import type { Middleware } from "./http/pipeline.server";

// The security baseline of docs/architecture.md §7 on every response: an enforced CSP whose only script allowance is this
// request's nonce (Remix's <Scripts>/<ScrollRestoration> carry it), framing forbidden, no MIME sniffing, a strict
// referrer policy, powerful features off, and HSTS in production.

const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "autoplay=()",
  "camera=()",
  "display-capture=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "midi=()",
  "payment=()",
  "usb=()",
  "interest-cohort=()",
].join(", ");

function contentSecurityPolicy(
  nonce: string,
  opts: { isProduction: boolean; development?: boolean; formActions?: string[] },
): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // 'unsafe-inline' styles: React sets style="" attributes, and the page the middleware answers with itself
    // (http/error-page.server.ts) carries one inline <style>. Scripts run only with this request's nonce.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${opts.development ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    // plus the card provider's hosted checkout, which the pay page's form posts to
    ["form-action 'self'", ...(opts.formActions ?? [])].join(" "),
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "manifest-src 'self'",
    "worker-src 'self' blob:",
  ];
  if (opts.isProduction) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** Second in the chain, after the request context has made the nonce. */
export function securityHeaders(
  config: Pick<Config, "isProduction" | "NODE_ENV"> & Partial<Pick<Config, "mode" | "PEACH_CHECKOUT_URL" | "NOINDEX">>,
): Middleware {
  const formActions =
    config.mode?.payments === "peach" && config.PEACH_CHECKOUT_URL ? [new URL(config.PEACH_CHECKOUT_URL).origin] : [];
  return async (request, state, next) => {
    let response = await next(request, state);
    const headers: Record<string, string> = {
      "Content-Security-Policy": contentSecurityPolicy(state.nonce, {
        isProduction: config.isProduction,
        development: config.NODE_ENV === "development",
        formActions,
      }),
      "X-Frame-Options": "DENY",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "Permissions-Policy": PERMISSIONS_POLICY,
      "Cross-Origin-Opener-Policy": "same-origin",
    };
    if (config.isProduction) headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
    // Staging: search engines must not index a copy of the shop (robots.txt disallows everything too).
    if (config.NOINDEX) headers["X-Robots-Tag"] = "noindex, nofollow";
    // A route that chose a stricter policy for its document (the sandboxed email preview) keeps it.
    const ownPolicy = response.headers.get("content-security-policy");
    if (ownPolicy) headers["Content-Security-Policy"] = ownPolicy;
    try {
      for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
    } catch {
      // Response.redirect()/fetch() responses have immutable headers: copy into a mutable response.
      response = new Response(response.body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
      for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
    }
    return response;
  };
}
