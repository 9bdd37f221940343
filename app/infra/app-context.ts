import type { Logger } from "pino";
import { createAuthLimiters, type AuthLimiters } from "./auth-limits.server";
import { createCache, type Cache } from "./cache.server";
import type { Clock } from "./clock.server";
import type { Config } from "./config.server";
import type { Db } from "./db/client.server";
import type { Kv } from "./kv/prefixed";
import type { Mailer } from "./mail.server";
import type { Metrics } from "./metrics.server";
import type { PaymentProvider } from "./payments/provider.server";
import type { ErrorTracker } from "./report-error.server";
import type { CommonPasswords } from "./passwords/common-passwords";
import type { PasswordHasher } from "./passwords/hasher";
import type { Storage } from "./storage.server";
import type { RequestState } from "./http/pipeline.server";
import { createRefusalLog, type RefusalLog } from "./refusal-log";

/**
 * Everything a route or domain function may depend on (docs/architecture.md §1, §9). Built by a runtime entry: once per process on
 * Node; per isolate on workerd, where only `db` is made per request.
 */
export type AppContext = {
  config: Config;
  db: Db;
  kv: Kv;
  cache: Cache;
  /** The sign-in, sign-up and account-email limits (shared across instances through the KV). */
  authLimits: AuthLimiters;
  log: Logger;
  /** Warnings about refused requests, at most one a minute per kind (refusal-log.ts). */
  refusals: RefusalLog;
  metrics: Metrics;
  clock: Clock;
  /** Resend or outbox files (docs/architecture.md §5); `mailer.status()` feeds readiness. */
  mailer: Mailer;
  /** argon2id: native on Node, WebAssembly on workerd; one PHC format. */
  hasher: PasswordHasher;
  /** The well-known passwords a new one may not be: from the package on Node, the static assets on workerd. */
  commonPasswords: CommonPasswords;
  /** Uploaded images: a folder on Node, an R2 bucket on workerd. */
  storage: Storage;
  /** Card payments (Peach Hosted Checkout); null when PEACH_* is not configured — the card method is then off. */
  payments: PaymentProvider | null;
  /** Where unexpected errors are reported besides the log (Sentry on Node when SENTRY_DSN is set). */
  errorTracker?: ErrorTracker;
};

/** What Remix loaders and actions receive as `context`. */
export type AppLoadContext = AppContext &
  Pick<
    RequestState,
    "requestId" | "routeId" | "nonce" | "clientIp" | "arrivingUser" | "allowedToWrite" | "afterResponse" | "rateLimited"
  >;

/** What a runtime entry chooses; the rest of the context is derived the same way everywhere. */
export type RuntimeParts = Pick<
  AppContext,
  "config" | "db" | "kv" | "log" | "clock" | "mailer" | "hasher" | "commonPasswords" | "storage" | "payments"
> & {
  errorTracker?: ErrorTracker;
  metrics: Metrics;
  /** Default: one cache for the process (`cacheFor`); workerd makes one per request instead. */
  cache?: Cache;
};

/** The one place both runtimes turn their parts into an AppContext. */
export function assembleAppContext(parts: RuntimeParts): AppContext {
  const cache = parts.cache ?? cacheFor(parts);
  const authLimits = createAuthLimiters({ kv: parts.kv, log: parts.log, metrics: parts.metrics });
  return { ...parts, cache, authLimits, refusals: createRefusalLog() };
}

/** The catalogue cache as configured: the process's on Node, each request's own on workerd. */
export const cacheFor = (parts: Pick<RuntimeParts, "kv" | "log" | "metrics" | "config">): Cache =>
  createCache({
    kv: parts.kv,
    log: parts.log,
    metrics: parts.metrics,
    enabled: parts.config.CACHE_ENABLED,
    ttlMs: parts.config.CACHE_TTL_SECONDS * 1000,
    swrMs: parts.config.CACHE_SWR_SECONDS * 1000,
  });
