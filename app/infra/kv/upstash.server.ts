import { Redis } from "@upstash/redis";
import type { KvBackend } from "./prefixed";

export function createUpstashBackend(opts: { url: string; token: string; timeoutMs: number }): KvBackend {
  const client = new Redis({
    url: opts.url,
    token: opts.token,
    // Values are opaque strings to us; the default would JSON.parse "123" into a number.
    automaticDeserialization: false,
    enableTelemetry: false,
    // Fail fast: the default retries five times with exponential backoff (seconds of hanging).
    retry: { retries: 0 },
    // A function gives every request its own deadline; a shared AbortSignal would fire once and the client
    // would turn the abort into a fake successful result instead of an error.
    signal: () => AbortSignal.timeout(opts.timeoutMs),
  });

  return {
    kind: "upstash",
    get: (key) => client.get<string>(key),
    set: async (key, value, ttlMs) => {
      await (ttlMs === undefined ? client.set(key, value) : client.set(key, value, { px: ttlMs }));
    },
    del: async (keys) => {
      await client.del(...keys);
    },
    incr: (key) => client.incr(key),
    addToHash: async (key, amounts) => {
      const pipeline = client.pipeline(); // one HTTP request for all fields
      for (const [field, n] of Object.entries(amounts)) pipeline.hincrbyfloat(key, field, n);
      await pipeline.exec();
    },
    readHash: async (key) => {
      // Without automatic deserialisation HGETALL arrives as Redis sends it: [field, value, field, value, …].
      const flat = (await client.hgetall(key)) as unknown as string[] | null;
      const out: Record<string, string> = {};
      for (let i = 0; flat && i < flat.length; i += 2) out[flat[i]] = flat[i + 1];
      return out;
    },
    ping: async () => {
      await client.ping();
    },
    evalsha: (sha, keys, args) => client.evalsha(sha, keys, args),
    eval: (script, keys, args) => client.eval(script, keys, args),
    // Stateless HTTP: nothing to release.
    close: async () => {},
  };
}
