import { createHash, timingSafeEqual } from "node:crypto";
import type { LoaderFunctionArgs } from "@remix-run/node";

// Prometheus scrape (docs/architecture.md §6). With METRICS_TOKEN set, only `Authorization: Bearer <token>` gets in.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = context.config.METRICS_TOKEN;
  if (token && !bearerMatches(request.headers.get("authorization"), token)) {
    return new Response("Unauthorized\n", {
      status: 401,
      headers: {
        "www-authenticate": 'Bearer realm="metrics"',
        "cache-control": "no-store",
        "content-type": "text/plain; charset=utf-8",
      },
    });
  }
  return new Response(await context.metrics.metricsText(), {
    status: 200,
    headers: { "content-type": context.metrics.contentType, "cache-control": "no-store" },
  });
}

/** Constant-time: both sides are hashed to the same length first, so neither length nor prefix leaks. */
function bearerMatches(header: string | null, token: string): boolean {
  const presented = /^Bearer\s+(.+)$/i.exec(header ?? "")?.[1]?.trim() ?? "";
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(presented), digest(token)) && presented.length > 0;
}
