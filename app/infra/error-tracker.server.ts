// Sentry for the Node runtime, loaded only when SENTRY_DSN is set. Events carry the redacted form of the error (no
// query parameters, no row values, no request data) and the request and route ids to find the matching log line.
import type { Config } from "./config.server";
import { sentryOptions, sentryTracker, type ErrorTracker } from "./report-error.server";

export async function createErrorTracker(config: Pick<Config, "SENTRY_DSN" | "NODE_ENV">): Promise<ErrorTracker | undefined> {
  if (!config.SENTRY_DSN) return undefined;
  const Sentry = await import("@sentry/remix");
  Sentry.init(sentryOptions(config.SENTRY_DSN, config.NODE_ENV));
  return { ...sentryTracker(Sentry.captureException), flush: (ms: number) => Sentry.flush(ms) };
}
