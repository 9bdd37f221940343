import type { ConfigError } from "../config.server";

/**
 * The worker's answer while its configuration is incomplete (deployed before `wrangler secret put`): liveness stays
 * 200 (the isolate runs), readiness is 503 naming what is missing, every other request a plain 503 page. The
 * ConfigError's message names variables only, never their values; nothing else of the error is shown.
 */
export function unconfiguredResponse(request: Request, error: ConfigError): Response {
  const noStore = { "cache-control": "no-store" };
  switch (new URL(request.url).pathname) {
    case "/api/health-simple":
      return Response.json({ status: "pass" }, { headers: noStore });
    case "/api/system-status":
      return new Response(
        JSON.stringify({
          status: "fail",
          description: "Little Harvest readiness",
          checks: { configuration: [{ componentType: "component", status: "fail", output: error.message }] },
        }),
        { status: 503, headers: { "content-type": "application/health+json", ...noStore } },
      );
    default:
      return new Response("Little Harvest is not configured yet. Please try again later.\n", {
        status: 503,
        headers: { "content-type": "text/plain; charset=utf-8", "retry-after": "60", ...noStore },
      });
  }
}
