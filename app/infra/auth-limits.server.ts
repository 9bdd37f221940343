import { createHash } from "node:crypto";
import type { Logger } from "pino";
import type { Kv } from "./kv/prefixed";
import type { Metrics } from "./metrics.server";
import { createRateLimiter, type RateLimiter } from "./rate-limit.server";

// Brute-force limits on the account forms (docs/architecture.md §7). All limiter definitions for authentication live here so the
// rate-limit module's fallback (KV down) can be adopted in one place.

const MINUTE = 60_000;

const DEFINITIONS = {
  /** Per account (keyed by a hash of the normalised email, so no address sits in the KV): 10 tries a minute. */
  loginAccount: { name: "auth-login-account", limit: 10, windowMs: MINUTE },
  /** Per client IP across all accounts (credential stuffing). */
  loginIp: { name: "auth-login-ip", limit: 50, windowMs: 5 * MINUTE },
  signupIp: { name: "auth-signup-ip", limit: 10, windowMs: 60 * MINUTE },
  forgotIp: { name: "auth-forgot-ip", limit: 5, windowMs: 15 * MINUTE },
  /** Per recipient (hashed email): account emails anyone can trigger — reset, verification, "account exists". */
  mailRecipient: { name: "auth-mail-recipient", limit: 3, windowMs: 60 * MINUTE },
} as const;

export type AuthLimit = keyof typeof DEFINITIONS;

export type AuthLimiters = Record<AuthLimit, RateLimiter>;

/** Built once per app instance (assembleAppContext) and carried on the context like every other dependency. */
export function createAuthLimiters(deps: { kv: Kv; log: Logger; metrics: Metrics }): AuthLimiters {
  return Object.fromEntries(
    Object.entries(DEFINITIONS).map(([key, def]) => [
      key,
      createRateLimiter(deps.kv, { ...def, timeoutMs: 1_000, metricClass: "auth", log: deps.log, metrics: deps.metrics }),
    ]),
  ) as AuthLimiters;
}

export type LimitVerdict = { limited: false } | { limited: true; retryAfterSeconds: number };

/** Hash an identifier (email) so the KV never holds personal data. */
export function limitKey(value: string): string {
  return createHash("sha256").update(value.trim().toLowerCase()).digest("hex").slice(0, 32);
}

/** A good login gives its per-account attempt back, so only failures count toward that account's limit. */
export async function refundAuthLimit(ctx: { authLimits: AuthLimiters }, name: AuthLimit, id: string): Promise<void> {
  await ctx.authLimits[name].refund(id);
}

/**
 * Counts one attempt against each (limit, identifier) pair; limited as soon as any of them is over. When the KV is
 * down the limiter itself falls back to a per-instance in-memory window (never unlimited).
 */
export async function checkAuthLimits(
  ctx: { authLimits: AuthLimiters; metrics: Pick<Metrics, "rateLimitRejections"> },
  checks: Array<[AuthLimit, string]>,
): Promise<LimitVerdict> {
  let retryAt = 0;
  for (const [name, id] of checks) {
    const r = await ctx.authLimits[name].limit(id);
    if (!r.success) retryAt = Math.max(retryAt, r.resetMs);
  }
  if (retryAt === 0) return { limited: false };
  ctx.metrics.rateLimitRejections.inc({ class: "auth" });
  return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil((retryAt - Date.now()) / 1000)) };
}
