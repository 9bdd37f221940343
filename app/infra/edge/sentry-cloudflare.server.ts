// Sentry on workerd (@sentry/cloudflare): worker/index.js wraps the handlers with `withLazySentry`, which loads the SDK
// only in a worker that has SENTRY_DSN — with the first request or cron run, not while the isolate starts (its ~600 KB
// of SDK and OpenTelemetry would otherwise be evaluated by every new isolate; docs/performance.md) — and then hands each
// request to `withSentry`, which gives it its own scope and flushes in `waitUntil`. `handleError` reports through
// `edgeErrorTracker`. The same redaction as on Node: only the redacted error and the request and route ids leave.
import type { ExecutionContext, ScheduledController } from "@cloudflare/workers-types";
import type { CloudflareOptions } from "@sentry/cloudflare";
import { sentryOptions, sentryTracker, type ErrorTracker } from "../report-error.server";

type Env = Record<string, unknown>;
type Handlers<E extends Env> = {
  fetch(request: Request, env: E, ctx: ExecutionContext): Promise<Response>;
  scheduled(controller: ScheduledController, env: E, ctx: ExecutionContext): Promise<void>;
};

const dsnOf = (env: Env) => (typeof env.SENTRY_DSN === "string" && env.SENTRY_DSN !== "" ? env.SENTRY_DSN : undefined);

/** `withSentry`'s options from the bindings; without SENTRY_DSN the SDK stays off (no DSN, nothing is sent). */
function edgeSentryOptions(env: Env): CloudflareOptions {
  return sentryOptions(dsnOf(env), typeof env.NODE_ENV === "string" ? env.NODE_ENV : "production");
}

// The SDK's captureException once loaded: a function kept for the isolate, never a pending load (docs/architecture.md §9).
let captureException: ((error: Error, hint: { tags: Record<string, string> }) => unknown) | undefined;

/** Reports through the SDK; `errorTracker` is set only with SENTRY_DSN, by which time `withLazySentry` has loaded it. */
export const edgeErrorTracker: ErrorTracker = sentryTracker((error, hint) => captureException?.(error, hint));

export function withLazySentry<E extends Env>(handlers: Handlers<E>): Handlers<E> {
  // The wrapped handlers once made (a value; two first requests may both load the module, the bundled code is local).
  let wrapped: Handlers<E> | undefined;
  async function pick(env: E): Promise<Handlers<E>> {
    if (!dsnOf(env)) return handlers;
    if (wrapped) return wrapped;
    const Sentry = await import("@sentry/cloudflare");
    captureException = Sentry.captureException;
    // withSentry instruments the object it is given: a copy, so the plain handlers stay plain.
    wrapped ??= Sentry.withSentry(edgeSentryOptions, { ...handlers } as never) as unknown as Handlers<E>;
    return wrapped;
  }
  return {
    fetch: (request, env, ctx) =>
      dsnOf(env) ? pick(env).then((h) => h.fetch(request, env, ctx)) : handlers.fetch(request, env, ctx),
    scheduled: async (controller, env, ctx) => (await pick(env)).scheduled(controller, env, ctx),
  };
}
