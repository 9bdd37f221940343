import { withCircuitBreaker, type CircuitEvent } from "./kv/circuit-breaker.server";
import { createIoredisBackend } from "./kv/ioredis.server";
import { createMemoryBackend } from "./kv/memory.server";
import { createUpstashBackend } from "./kv/upstash.server";

export type KvKind = "memory" | "ioredis" | "upstash";

export interface Kv {
  kind: KvKind;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, opts?: { ttlMs?: number }): Promise<void>;
  del(...keys: string[]): Promise<void>;
  incr(key: string): Promise<number>;
  /** Throws if the backend is unreachable (within the command timeout). */
  ping(): Promise<void>;
  /**
   * A client for `new Ratelimit({ redis })` from @upstash/ratelimit. It applies this Kv's prefix to every
   * key, including the KEYS of the library's Lua scripts, so a limiter built with `prefix: "rl:login"` writes
   * `<kv prefix>rl:login:<identifier>:<window>`. Only `eval`/`evalsha`/`get`/`set`/`del` are provided.
   */
  ratelimitRedis(): unknown;
  /** Hears the circuit breaker of a networked store open, close and skip commands (never fires in memory). */
  observeCircuit(fn: (event: CircuitEvent) => void): () => void;
  close(): Promise<void>;
}

export { KvCircuitOpenError, type CircuitEvent } from "./kv/circuit-breaker.server";

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

export const DEFAULT_KV_TIMEOUT_MS = 250;

/** What each backend implements; keys arrive already prefixed. */
export interface KvBackend {
  kind: KvKind;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  del(keys: string[]): Promise<void>;
  incr(key: string): Promise<number>;
  ping(): Promise<void>;
  /** Redis EVALSHA/EVAL semantics: an unknown SHA rejects with an error whose message contains "NOSCRIPT". */
  evalsha(sha: string, keys: string[], args: unknown[]): Promise<unknown>;
  eval(script: string, keys: string[], args: unknown[]): Promise<unknown>;
  close(): Promise<void>;
}

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
    return withPrefix(createMemoryBackend(), opts.prefix, () => () => {});
  }
  const circuit = withCircuitBreaker(network, {
    failures: opts.circuitFailures ?? 3,
    cooldownMs: opts.circuitCooldownMs ?? 5_000,
  });
  return withPrefix(circuit.backend, opts.prefix, circuit.observe);
}

function withPrefix(b: KvBackend, prefix: string, observeCircuit: Kv["observeCircuit"]): Kv {
  const k = (key: string) => prefix + key;
  const kv: Kv = {
    kind: b.kind,
    get: (key) => b.get(k(key)),
    set: (key, value, o) => b.set(k(key), value, o?.ttlMs),
    del: async (...keys) => {
      if (keys.length > 0) await b.del(keys.map(k));
    },
    incr: (key) => b.incr(k(key)),
    ping: () => b.ping(),
    ratelimitRedis: () => ratelimitClient,
    observeCircuit,
    close: () => b.close(),
  };
  // Shapes follow @upstash/redis, which is what the limiter calls: (script|sha, keys[], args[]).
  const ratelimitClient = {
    evalsha: (sha: string, keys: string[], args: unknown[]) => b.evalsha(sha, keys.map(k), args),
    eval: (script: string, keys: string[], args: unknown[]) => b.eval(script, keys.map(k), args),
    get: (key: string) => kv.get(key),
    set: async (key: string, value: unknown) => {
      await kv.set(key, String(value));
      return "OK";
    },
    del: async (...keys: string[]) => {
      await kv.del(...keys);
      return keys.length;
    },
  };
  return kv;
}
