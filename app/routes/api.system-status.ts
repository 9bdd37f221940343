import type { LoaderFunctionArgs } from "@remix-run/node";
import { checkReadiness } from "~/infra/health.server";

// Readiness (docs/architecture.md §6): a check per dependency, each with its latency and a ≤ 1 s timeout.
// fail (database or KV down, schema behind) → 503; warn (email trouble) → 200. Never cached, never rate limited.
export async function loader({ context }: LoaderFunctionArgs) {
  const readiness = await checkReadiness(context);
  return new Response(JSON.stringify(readiness), {
    status: readiness.status === "fail" ? 503 : 200,
    headers: { "content-type": "application/health+json", "cache-control": "no-store" },
  });
}
