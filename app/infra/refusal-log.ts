import type { Logger } from "pino";

// Warnings about requests anyone on the internet can make us refuse (forged webhooks, unknown hosts, clients over
// their rate limit). One line per refusal would let a flood of them flood the log too, so each kind of refusal is
// logged at most once a minute per instance; that line says how many of the kind went unlogged before it.

const EVERY_MS = 60_000;

export type RefusalLog = {
  /** `kind` is a fixed word ("peach-signature", "unknown-host", "rate-limited:post"): it bounds this log's memory. */
  warn(log: Logger, kind: string, fields: Record<string, unknown>, message: string): void;
};

export function createRefusalLog(now: () => number = Date.now): RefusalLog {
  const kinds = new Map<string, { loggedAt: number; unlogged: number }>();
  return {
    warn(log, kind, fields, message) {
      const t = now();
      const seen = kinds.get(kind);
      if (seen && t - seen.loggedAt < EVERY_MS) {
        seen.unlogged++;
        return;
      }
      log.warn({ ...fields, refusal: kind, unloggedSince: seen?.unlogged ?? 0 }, message);
      kinds.set(kind, { loggedAt: t, unlogged: 0 });
    },
  };
}
