import { guardedKv } from "./kv/circuit-breaker.server";
import { createIoredisBackend } from "./kv/ioredis.server";
import { createMemoryBackend } from "./kv/memory.server";
import { prefixedKv, type Kv, type KvBackend } from "./kv/prefixed";
import { createUpstashBackend } from "./kv/upstash.server";

export type KvOptions = {
  redisUrl?: string;
  upstashUrl?: string;
  upstashToken?: string;
  /** Prepended verbatim to every key (include the separator, e.g. "lh:"), so instances can share one Redis. */
  prefix: string;
  /** Upper bound for one command, connect included, so a dead backend fails fast. */
  commandTimeoutMs?: number;
  /** Consecutive failures that open the circuit (default 3), and how long it stays open (default 5 s). */
  circuitFailures?: number;
  circuitCooldownMs?: number;
};

const DEFAULT_KV_TIMEOUT_MS = 250;

/** Upstash wins over Redis when both are configured, matching `config.mode.kv`. */
export function createKv(opts: KvOptions): Kv {
  const timeoutMs = opts.commandTimeoutMs ?? DEFAULT_KV_TIMEOUT_MS;
  let network: KvBackend;
  if (opts.upstashUrl) {
    if (!opts.upstashToken) throw new Error("createKv: upstashToken is required with upstashUrl");
    network = createUpstashBackend({ url: opts.upstashUrl, token: opts.upstashToken, timeoutMs });
  } else if (opts.redisUrl) {
    network = createIoredisBackend({ url: opts.redisUrl, timeoutMs });
  } else {
    return prefixedKv(createMemoryBackend(), opts.prefix, () => () => {});
  }
  return guardedKv(network, {
    prefix: opts.prefix,
    failures: opts.circuitFailures ?? 3,
    cooldownMs: opts.circuitCooldownMs ?? 5_000,
  });
}
