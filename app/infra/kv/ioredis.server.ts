import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import type { KvBackend } from "./prefixed";

const sha1 = (s: string) => createHash("sha1").update(s).digest("hex");

/**
 * Plain Redis 7 rejects the `#!lua flags=allow-key-locking` shebang of @upstash/ratelimit's scripts (Upstash
 * accepts it). Without a shebang the script runs with default flags, which is what the flag relaxes anyway.
 */
export function stripLuaShebang(script: string): string {
  return script.startsWith("#!lua") ? script.slice(script.indexOf("\n") + 1) : script;
}

const isNoScript = (e: unknown) => String(e).includes("NOSCRIPT");

export function createIoredisBackend(opts: { url: string; timeoutMs: number }): KvBackend {
  const client = new Redis(opts.url, {
    connectTimeout: opts.timeoutMs,
    commandTimeout: opts.timeoutMs,
    // While Redis is down, fail each command at once instead of queueing it to replay stale writes later.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // Keep reconnecting forever, at most a second apart, so recovery needs no restart.
    retryStrategy: (times) => Math.min(times * 100, 1_000),
  });
  // Failures surface through the commands (and ping); an unhandled 'error' event would only add log noise.
  client.on("error", () => {});

  // Without an offline queue the very first commands would fail while the initial connect is in flight.
  let everReady = false;
  const firstReady = new Promise<void>((resolve) =>
    client.once("ready", () => {
      everReady = true;
      resolve();
    }),
  );
  const run = async <T>(command: () => Promise<T>): Promise<T> => {
    if (!everReady) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`redis: not connected within ${opts.timeoutMs} ms`)), opts.timeoutMs);
      });
      await Promise.race([firstReady, timeout]).finally(() => clearTimeout(timer));
    }
    return command();
  };

  // The limiter calls EVALSHA with the SHA of the text it ships; map that to the SHA of the stripped text.
  const stripped = new Map<string, { script: string; sha: string }>();
  type Arg = string | number;

  return {
    kind: "ioredis",
    get: (key) => run(() => client.get(key)),
    set: async (key, value, ttlMs) => {
      await run(() => (ttlMs === undefined ? client.set(key, value) : client.set(key, value, "PX", ttlMs)));
    },
    del: async (keys) => {
      await run(() => client.del(...keys));
    },
    incr: (key) => run(() => client.incr(key)),
    addToHash: async (key, amounts) => {
      const pipeline = client.pipeline();
      for (const [field, n] of Object.entries(amounts)) pipeline.hincrbyfloat(key, field, n);
      await run(() => pipeline.exec());
    },
    readHash: (key) => run(() => client.hgetall(key)),
    ping: async () => {
      await run(() => client.ping());
    },
    evalsha: (sha, keys, args) =>
      run(async () => {
        const known = stripped.get(sha);
        if (!known) return client.evalsha(sha, keys.length, ...keys, ...(args as Arg[]));
        try {
          return await client.evalsha(known.sha, keys.length, ...keys, ...(args as Arg[]));
        } catch (e) {
          // Script cache flushed (Redis restart): load it again.
          if (!isNoScript(e)) throw e;
          return client.eval(known.script, keys.length, ...keys, ...(args as Arg[]));
        }
      }),
    eval: (script, keys, args) =>
      run(() => {
        const runnable = stripLuaShebang(script);
        if (runnable !== script) stripped.set(sha1(script), { script: runnable, sha: sha1(runnable) });
        return client.eval(runnable, keys.length, ...keys, ...(args as Arg[]));
      }),
    close: async () => {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
