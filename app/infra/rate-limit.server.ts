import { Ratelimit } from "@upstash/ratelimit";
import type { Kv } from "./kv.server";

export type RateLimitResult = {
  success: boolean;
  limit: number;
  remaining: number;
  /** Epoch ms when the current window ends. */
  resetMs: number;
  /** "timeout": the backend did not answer within timeoutMs and the library let the request through. */
  reason?: "timeout";
};

export type RateLimiter = { limit(identifier: string): Promise<RateLimitResult> };

export type RateLimiterOptions = {
  /** Keys become `<kv prefix>rl:<name>:<identifier>:<window number>`. */
  name: string;
  limit: number;
  windowMs: number;
  /** Library timeout; on expiry it resolves success:true with reason "timeout" (fails open). 0 disables. */
  timeoutMs?: number;
};

/**
 * Sliding window over the shared KV. A backend error (not a timeout) rejects; the caller owns the fallback.
 */
export function createRateLimiter(kv: Kv, opts: RateLimiterOptions): RateLimiter {
  const ratelimit = new Ratelimit({
    redis: kv.ratelimitRedis() as ConstructorParameters<typeof Ratelimit>[0]["redis"],
    limiter: Ratelimit.slidingWindow(opts.limit, `${opts.windowMs} ms`),
    prefix: `rl:${opts.name}`,
    timeout: opts.timeoutMs ?? 1_000,
    // The ephemeral cache remembers "blocked until reset" per process; a refund or reset made through another
    // instance would not reach it, so every decision goes to the shared store instead.
    ephemeralCache: false,
    analytics: false,
    enableProtection: false,
    enableTelemetry: false,
  });

  return {
    async limit(identifier) {
      const r = await ratelimit.limit(identifier);
      return {
        success: r.success,
        limit: r.limit,
        remaining: r.remaining,
        resetMs: r.reset,
        ...(r.reason === "timeout" ? { reason: "timeout" as const } : {}),
      };
    },
  };
}
