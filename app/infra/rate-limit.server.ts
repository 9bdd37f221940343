import { Ratelimit } from "@upstash/ratelimit";
import type { Logger } from "pino";
import type { Kv } from "./kv/prefixed";
import type { Metrics } from "./metrics.server";

export type RateLimitResult = {
  success: boolean;
  limit: number;
  remaining: number;
  /** Epoch ms when the current window ends. */
  resetMs: number;
  /** "timeout": the shared store did not answer within timeoutMs. */
  reason?: "timeout";
  /**
   * Set when the shared store failed or timed out and the decision was made without it: "memory" = this
   * instance's own sliding window decided, "open" = the request was let through unlimited (browsing only).
   */
  fallback?: "memory" | "open";
};

export type RateLimiter = {
  limit(identifier: string): Promise<RateLimitResult>;
  /** Gives back one counted attempt (a login that turned out good). Never rejected; a store failure is ignored. */
  refund(identifier: string): Promise<void>;
};

/** What a limiter does when the shared store errors or times out. */
export type RateLimitPolicy = "memory" | "open";

export type RateLimiterOptions = {
  /** Keys become `<kv prefix>rl:<name>:<identifier>:<window number>`. */
  name: string;
  limit: number;
  windowMs: number;
  /** How long to wait for the shared store before falling back. Default 1 000 ms; 0 disables the timeout. */
  timeoutMs?: number;
  /**
   * Store down or slow: "memory" (default) decides with a per-instance in-memory sliding window of the same size —
   * never unlimited; "open" lets the request through (for browsing, where availability beats strictness).
   */
  onStoreFailure?: RateLimitPolicy;
  /** Label for `lh_rate_limit_fallback_total{class}`; defaults to `name`. Keep it a fixed word. */
  metricClass?: string;
  /** Where fallbacks are logged and counted. */
  log?: Logger;
  metrics?: Pick<Metrics, "rateLimitFallback">;
};

const WARN_EVERY_MS = 30_000;

/**
 * Sliding window over the shared KV (@upstash/ratelimit on all three backends). If the store errors or does not
 * answer within `timeoutMs`, the `onStoreFailure` policy decides; every such decision is counted in
 * `lh_rate_limit_fallback_total` and logged (at most every 30 s per limiter, so an outage does not flood the log).
 */
export function createRateLimiter(kv: Kv, opts: RateLimiterOptions): RateLimiter {
  const timeoutMs = opts.timeoutMs ?? 1_000;
  const policy = opts.onStoreFailure ?? "memory";
  const metricClass = opts.metricClass ?? opts.name;
  const ratelimit = new Ratelimit({
    redis: kv.ratelimitRedis() as ConstructorParameters<typeof Ratelimit>[0]["redis"],
    limiter: Ratelimit.slidingWindow(opts.limit, `${opts.windowMs} ms`),
    prefix: `rl:${opts.name}`,
    timeout: timeoutMs,
    // The ephemeral cache remembers "blocked until reset" per process; a refund or reset made through another
    // instance would not reach it, so every decision goes to the shared store instead.
    ephemeralCache: false,
    analytics: false,
    enableProtection: false,
    enableTelemetry: false,
  });
  // This limiter's own state: its in-memory fallback windows and when it last warned.
  const memory = new MemoryWindows();
  let lastWarnAt = 0;

  const fallback = (identifier: string, why: "error" | "timeout", error?: unknown): RateLimitResult => {
    opts.metrics?.rateLimitFallback.inc({ class: metricClass });
    const now = Date.now();
    if (opts.log && now - lastWarnAt >= WARN_EVERY_MS) {
      lastWarnAt = now;
      opts.log.warn(
        { err: error, limiter: opts.name, why, policy },
        policy === "open"
          ? "rate-limit store unavailable; letting requests through"
          : "rate-limit store unavailable; limiting in memory on this instance",
      );
    }
    const base = why === "timeout" ? { reason: "timeout" as const } : {};
    if (policy === "open") {
      return { success: true, limit: opts.limit, remaining: opts.limit, resetMs: now + opts.windowMs, ...base, fallback: "open" };
    }
    return { ...memory.limit(identifier, opts.limit, opts.windowMs, now), ...base, fallback: "memory" };
  };

  return {
    async limit(identifier) {
      let r: Awaited<ReturnType<typeof ratelimit.limit>>;
      try {
        r = await ratelimit.limit(identifier);
      } catch (error) {
        return fallback(identifier, "error", error);
      }
      // The library resolves success:true with reason "timeout" when the store is too slow (it fails open).
      if (r.reason === "timeout") return fallback(identifier, "timeout");
      if (lastWarnAt !== 0) {
        lastWarnAt = 0; // the next outage is reported at once
        opts.log?.info({ limiter: opts.name }, "rate-limit store answering again");
      }
      return { success: r.success, limit: r.limit, remaining: r.remaining, resetMs: r.reset };
    },
    async refund(identifier) {
      try {
        // A negative rate is the library's refund: the sliding-window script skips the limit check for it.
        await ratelimit.limit(identifier, { rate: -1 });
      } catch {
        memory.refund(identifier, opts.windowMs, Date.now()); // the attempt was counted here, if anywhere
      }
    },
  };
}

type WindowEntry = { window: number; current: number; previous: number };

const SWEEP_EVERY = 1_000;

/**
 * The same sliding-window arithmetic as @upstash/ratelimit's script (the previous fixed window counts in
 * proportion to how much of it still overlaps), in this process's memory. Entries idle for two windows are swept.
 */
class MemoryWindows {
  private entries = new Map<string, WindowEntry & { windowMs: number }>();
  private calls = 0;

  limit(key: string, limit: number, windowMs: number, now: number): Omit<RateLimitResult, "fallback"> {
    if (++this.calls % SWEEP_EVERY === 0) this.sweep(now);
    const w = Math.floor(now / windowMs);
    let e = this.entries.get(key);
    if (!e || e.windowMs !== windowMs || e.window < w - 1) e = { window: w, current: 0, previous: 0, windowMs };
    else if (e.window === w - 1) e = { window: w, current: 0, previous: e.current, windowMs };
    this.entries.set(key, e);
    const previous = Math.floor((1 - (now % windowMs) / windowMs) * e.previous);
    const resetMs = (w + 1) * windowMs;
    if (previous + e.current >= limit) return { success: false, limit, remaining: 0, resetMs };
    e.current += 1;
    return { success: true, limit, remaining: Math.max(0, limit - previous - e.current), resetMs };
  }

  /** Undo one counted attempt in the current window (only if this instance counted one there). */
  refund(key: string, windowMs: number, now: number) {
    const e = this.entries.get(key);
    if (e && e.windowMs === windowMs && e.window === Math.floor(now / windowMs) && e.current > 0) e.current -= 1;
  }

  private sweep(now: number) {
    for (const [key, e] of this.entries) {
      if (e.window < Math.floor(now / e.windowMs) - 1) this.entries.delete(key);
    }
  }
}
