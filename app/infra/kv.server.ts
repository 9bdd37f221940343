import { createIoredisBackend } from "./kv/ioredis.server";
import { createMemoryBackend } from "./kv/memory.server";
import { prefixedKv, type Kv, type KvBackend } from "./kv/prefixed";
import { createUpstashBackend } from "./kv/upstash.server";

export type { Kv, KvBackend, KvKind } from "./kv/prefixed";

export type KvOptions = {
  redisUrl?: string;
  upstashUrl?: string;
  upstashToken?: string;
  /** Prepended verbatim to every key (include the separator, e.g. "lh:"), so instances can share one Redis. */
  prefix: string;
  /** Upper bound for one command, connect included, so a dead backend fails fast. */
  commandTimeoutMs?: number;
};

/** Upstash wins over Redis when both are configured, matching `config.mode.kv`. */
export function createKv(opts: KvOptions): Kv {
  const timeoutMs = opts.commandTimeoutMs ?? 1_000;
  let backend: KvBackend;
  if (opts.upstashUrl) {
    if (!opts.upstashToken) throw new Error("createKv: upstashToken is required with upstashUrl");
    backend = createUpstashBackend({ url: opts.upstashUrl, token: opts.upstashToken, timeoutMs });
  } else if (opts.redisUrl) {
    backend = createIoredisBackend({ url: opts.redisUrl, timeoutMs });
  } else {
    backend = createMemoryBackend();
  }
  return prefixedKv(backend, opts.prefix);
}
