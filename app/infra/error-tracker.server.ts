// Sentry for the Node runtime, loaded only when SENTRY_DSN is set. Events carry the redacted form of the error (no
// query parameters, no row values, no request data) and the request and route ids to find the matching log line.
import type { Config } from "./config.server";
import { reportableCopy, type ErrorTracker } from "./report-error.server";

export async function createErrorTracker(config: Pick<Config, "SENTRY_DSN" | "NODE_ENV">): Promise<ErrorTracker | undefined> {
  if (!config.SENTRY_DSN) return undefined;
  const Sentry = await import("@sentry/remix");
  Sentry.init({
    dsn: config.SENTRY_DSN,
    environment: config.NODE_ENV,
    sendDefaultPii: false,
    tracesSampleRate: 0,
    // Only what we hand over: no automatic breadcrumbs (console lines, queries) or request bodies.
    defaultIntegrations: false,
    // The SDK attaches the request (headers with cookies, URL with tokens) on its own: none of it leaves.
    beforeSend(event) {
      delete event.request;
      delete event.user;
      delete event.breadcrumbs;
      return event;
    },
  });
  return {
    capture(error, tags) {
      Sentry.captureException(reportableCopy(error), { tags: { requestId: tags.requestId, route: tags.routeId } });
    },
    flush: (ms: number) => Sentry.flush(ms),
  };
}
