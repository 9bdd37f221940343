// Sentry on workerd (@sentry/cloudflare): worker/index.js wraps the handlers with `withSentry(edgeSentryOptions, …)`, which
// gives each request its own scope and flushes in `waitUntil`; `handleError` reports through `edgeErrorTracker`. The
// same redaction as on Node: only the redacted error and the request and route ids leave the isolate.
import { captureException, type CloudflareOptions } from "@sentry/cloudflare";
import { sentryOptions, sentryTracker, type ErrorTracker } from "../report-error.server";

/** `withSentry`'s options from the bindings; without SENTRY_DSN the SDK stays off (no DSN, nothing is sent). */
export function edgeSentryOptions(env: Record<string, unknown>): CloudflareOptions {
  const dsn = typeof env.SENTRY_DSN === "string" && env.SENTRY_DSN !== "" ? env.SENTRY_DSN : undefined;
  return sentryOptions(dsn, typeof env.NODE_ENV === "string" ? env.NODE_ENV : "production");
}

export const edgeErrorTracker: ErrorTracker = sentryTracker(captureException);
