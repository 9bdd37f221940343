// Sentry on workerd (@sentry/cloudflare): worker/index.js wraps the handlers with `withSentry(sentryOptions, …)`, which
// gives each request its own scope and flushes in `waitUntil`; `handleError` reports through `edgeErrorTracker`. The
// same redaction as on Node: only the redacted error and the request and route ids leave the isolate.
import { captureException, type CloudflareOptions } from "@sentry/cloudflare";
import { reportableCopy, type ErrorTracker } from "../report-error.server";

/** Without SENTRY_DSN the SDK stays off (no DSN, nothing is sent). */
export function sentryOptions(env: Record<string, unknown>): CloudflareOptions {
  const dsn = typeof env.SENTRY_DSN === "string" && env.SENTRY_DSN !== "" ? env.SENTRY_DSN : undefined;
  return {
    dsn,
    environment: typeof env.NODE_ENV === "string" ? env.NODE_ENV : "production",
    sendDefaultPii: false,
    tracesSampleRate: 0,
    // Only what we hand over: no automatic breadcrumbs (console lines, fetches) or request data.
    defaultIntegrations: false,
    beforeSend(event) {
      delete event.request;
      delete event.user;
      delete event.breadcrumbs;
      return event;
    },
  };
}

export const edgeErrorTracker: ErrorTracker = {
  capture(error, tags) {
    captureException(reportableCopy(error), { tags: { requestId: tags.requestId, route: tags.routeId } });
  },
};
