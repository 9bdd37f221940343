import type { Logger } from "pino";
import type { Metrics } from "./metrics.server";
import { scrubText } from "./redaction";

// Unexpected errors leave the process one way: a single redacted log line, a metric and (when configured) an error
// tracker. Messages of database errors carry the query's parameters (emails, names, addresses, password hashes) and
// Postgres puts row values in `detail`, so only the kind, SQLSTATE, a scrubbed first line and the frames survive.

/** Sentry on Node (error-tracker.server.ts), the Cloudflare SDK on the edge: anything that can take an error. */
export type ErrorTracker = {
  capture(error: unknown, tags: { requestId: string; routeId: string }): void;
  flush?(timeoutMs: number): Promise<boolean>;
};

const MAX_CAUSE_DEPTH = 3;

function firstLine(message: string): string {
  return scrubText(message.split("\n")[0].slice(0, 300));
}

/** An error reduced to what may be logged. */
export function redactedError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? "")
    .split("\n")
    .filter((l) => l.startsWith("    at "))
    .slice(0, 12)
    .map((l) => scrubText(l.trim()));
  return {
    type: error.name,
    message: firstLine(error.message),
    ...(typeof code === "string" ? { code } : {}),
    frames,
    ...(error.cause !== undefined && depth < MAX_CAUSE_DEPTH ? { cause: redactedError(error.cause, depth + 1) } : {}),
  };
}

export function reportError(
  deps: { log: Logger; metrics: Pick<Metrics, "unhandledErrors">; errorTracker?: ErrorTracker },
  error: unknown,
  where: { requestId: string; routeId: string },
): void {
  deps.log.error({ error: redactedError(error), requestId: where.requestId, route: where.routeId }, "unhandled error");
  deps.metrics.unhandledErrors.inc();
  deps.errorTracker?.capture(error, where);
}

/** The same error, reduced to what may leave the process for an error tracker (see redactedError). */
function reportableCopy(error: unknown): Error {
  const r = redactedError(error);
  const copy = new Error(String(r.message ?? "non-error thrown"));
  copy.name = String(r.type ?? "Error");
  const frames = Array.isArray(r.frames) ? (r.frames as string[]) : [];
  copy.stack = [`${copy.name}: ${copy.message}`, ...frames.map((f) => `    ${f}`)].join("\n");
  return copy;
}

/** What both runtimes' Sentry SDKs get (@sentry/remix on Node, @sentry/cloudflare on workerd): nothing but what we capture. */
export function sentryOptions(dsn: string | undefined, environment: string) {
  return {
    dsn,
    environment,
    sendDefaultPii: false,
    tracesSampleRate: 0,
    // Only what we hand over: no automatic breadcrumbs (console lines, queries, fetches) or request bodies.
    defaultIntegrations: false as const,
    // The SDK attaches the request (headers with cookies, URL with tokens) on its own: none of it leaves.
    beforeSend<E extends { request?: unknown; user?: unknown; breadcrumbs?: unknown }>(event: E): E {
      delete event.request;
      delete event.user;
      delete event.breadcrumbs;
      return event;
    },
  };
}

/** Reports through an SDK's `captureException`, tagged with the ids that find the matching log line. */
export function sentryTracker(captureException: (error: Error, hint: { tags: Record<string, string> }) => unknown) {
  return {
    capture(error: unknown, tags: { requestId: string; routeId: string }) {
      captureException(reportableCopy(error), { tags: { requestId: tags.requestId, route: tags.routeId } });
    },
  };
}
