import type { Logger } from "pino";
import type { Metrics } from "../metrics.server";
import { prefixedKv, type CircuitEvent, type Kv, type KvBackend } from "./prefixed";

/** Thrown without touching the network while the circuit is open; callers treat it like any KV failure. */
export class KvCircuitOpenError extends Error {
  constructor() {
    super("kv: circuit open, skipping the store during its cool-down");
    this.name = "KvCircuitOpenError";
  }
}

export type CircuitOptions = { failures: number; cooldownMs: number; now?: () => number };

/**
 * A hung or dead Redis would otherwise cost every request a full command timeout per KV call. After `failures`
 * failed commands in a row the circuit opens: commands fail at once for `cooldownMs`; then one trial command goes
 * through (half-open) — success closes the circuit, failure opens it for another cool-down. Commands that raced the
 * opening still finish on their own.
 */
export function withCircuitBreaker(backend: KvBackend, opts: CircuitOptions) {
  const now = opts.now ?? Date.now;
  const listeners = new Set<(event: CircuitEvent) => void>();
  const emit = (event: CircuitEvent) => listeners.forEach((fn) => fn(event));
  let consecutiveFailures = 0;
  let openUntil = 0; // 0 = closed
  let trialInFlight = false;

  const run = async <T>(command: () => Promise<T>): Promise<T> => {
    let trial = false;
    if (openUntil !== 0) {
      if (now() < openUntil || trialInFlight) {
        emit("skipped");
        throw new KvCircuitOpenError();
      }
      trial = trialInFlight = true;
    }
    try {
      const result = await command();
      consecutiveFailures = 0;
      if (openUntil !== 0) {
        openUntil = 0;
        emit("closed");
      }
      return result;
    } catch (error) {
      consecutiveFailures++;
      if (trial || (openUntil === 0 && consecutiveFailures >= opts.failures)) {
        if (openUntil === 0) emit("open");
        openUntil = now() + opts.cooldownMs;
      }
      throw error;
    } finally {
      if (trial) trialInFlight = false;
    }
  };

  const guarded: KvBackend = {
    kind: backend.kind,
    get: (key) => run(() => backend.get(key)),
    set: (key, value, ttlMs) => run(() => backend.set(key, value, ttlMs)),
    del: (keys) => run(() => backend.del(keys)),
    incr: (key) => run(() => backend.incr(key)),
    addToHash: (key, amounts) => run(() => backend.addToHash(key, amounts)),
    readHash: (key) => run(() => backend.readHash(key)),
    ping: () => run(() => backend.ping()),
    evalsha: (sha, keys, args) => run(() => backend.evalsha(sha, keys, args)),
    eval: (script, keys, args) => run(() => backend.eval(script, keys, args)),
    close: () => backend.close(),
  };
  return {
    backend: guarded,
    observe(fn: (event: CircuitEvent) => void) {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
  };
}

/** A networked backend as every runtime uses it: behind its circuit breaker, with this instance's key prefix. */
export function guardedKv(backend: KvBackend, opts: CircuitOptions & { prefix: string }): Kv {
  const circuit = withCircuitBreaker(backend, opts);
  return prefixedKv(circuit.backend, opts.prefix, circuit.observe);
}

/** Counts the breaker's events and logs it opening and closing; returns the unsubscribe. */
export function reportKvCircuit(kv: Kv, deps: { metrics: Metrics; log: Logger; cooldownMs: number }): () => void {
  return kv.observeCircuit((event) => {
    deps.metrics.kvCircuit.inc({ event });
    if (event === "open") deps.log.warn({ cooldownMs: deps.cooldownMs }, "kv circuit open: skipping the store");
    if (event === "closed") deps.log.info("kv answering again: circuit closed");
  });
}
