/** What the circuit breaker of a networked store reports (circuit-breaker.server.ts). */
export type CircuitEvent = "open" | "closed" | "skipped";

export type KvKind = "memory" | "ioredis" | "upstash";

export interface Kv {
  kind: KvKind;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, opts?: { ttlMs?: number }): Promise<void>;
  del(...keys: string[]): Promise<void>;
  incr(key: string): Promise<number>;
  /** Adds each amount to its field of the hash at `key` (HINCRBYFLOAT), all in one round trip. */
  addToHash(key: string, amounts: Record<string, number>): Promise<void>;
  /** Every field of the hash at `key` (HGETALL); {} when absent. */
  readHash(key: string): Promise<Record<string, string>>;
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

/** What each backend implements; keys arrive already prefixed. */
export interface KvBackend {
  kind: KvKind;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  del(keys: string[]): Promise<void>;
  incr(key: string): Promise<number>;
  addToHash(key: string, amounts: Record<string, number>): Promise<void>;
  readHash(key: string): Promise<Record<string, string>>;
  ping(): Promise<void>;
  /** Redis EVALSHA/EVAL semantics: an unknown SHA rejects with an error whose message contains "NOSCRIPT". */
  evalsha(sha: string, keys: string[], args: unknown[]): Promise<unknown>;
  eval(script: string, keys: string[], args: unknown[]): Promise<unknown>;
  close(): Promise<void>;
}

/** The Kv every runtime uses: a backend with this instance's key prefix applied to every key. */
export function prefixedKv(b: KvBackend, prefix: string, observeCircuit: Kv["observeCircuit"]): Kv {
  const k = (key: string) => prefix + key;
  const kv: Kv = {
    kind: b.kind,
    get: (key) => b.get(k(key)),
    set: (key, value, o) => b.set(k(key), value, o?.ttlMs),
    del: async (...keys) => {
      if (keys.length > 0) await b.del(keys.map(k));
    },
    incr: (key) => b.incr(k(key)),
    addToHash: async (key, amounts) => {
      if (Object.keys(amounts).length > 0) await b.addToHash(k(key), amounts);
    },
    readHash: (key) => b.readHash(k(key)),
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
