import { describe, expect, it } from "vitest";
import { createCache } from "~/infra/cache.server";
import { fixedClock } from "~/infra/clock.server";
import { createKv } from "~/infra/kv.server";
import type { Kv } from "~/infra/kv/prefixed";
import { createLogger } from "~/infra/log.server";
import { createMetrics } from "~/infra/metrics.server";

// The read-through cache: a read is one KV round trip (version and entry asked together), invalidation reaches every
// instance, and an entry made for an older version is never served.

/** A KV that records, per `get`, how many other gets were already waiting: a read in one round trip asks both at once. */
function watchedKv() {
  const kv = createKv({ prefix: `t${Math.random()}:` });
  const waves: string[][] = [];
  let wave: string[] | null = null;
  const get: Kv["get"] = (key) => {
    if (!wave) {
      wave = [];
      waves.push(wave);
      queueMicrotask(() => queueMicrotask(() => (wave = null)));
    }
    wave.push(key);
    return kv.get(key);
  };
  return { kv: { ...kv, get } as Kv, waves };
}

const instance = (kv: Kv) =>
  createCache({ kv, log: createLogger({ level: "silent" }), metrics: createMetrics({ clock: fixedClock(new Date()) }) });

describe("the read-through cache", () => {
  it("reads the version and the entry together: one round trip for a hit", async () => {
    const { kv, waves } = watchedKv();
    const cache = instance(kv);
    await cache.fetch("catalog", "shop", async () => "first");
    waves.length = 0;
    expect(await cache.fetch("catalog", "shop", async () => "loaded again")).toBe("first");
    expect(waves).toEqual([["cachever:catalog", "cache:catalog:shop"]]);
  });

  it("an invalidation on one instance makes every instance load afresh; the older entry is never served", async () => {
    const kv = createKv({ prefix: `t${Math.random()}:` });
    const a = instance(kv);
    const b = instance(kv);
    expect(await a.fetch("catalog", "shop", async () => "R45.00")).toBe("R45.00");
    expect(await b.fetch("catalog", "shop", async () => "not loaded")).toBe("R45.00");
    await a.invalidate("catalog");
    expect(await b.fetch("catalog", "shop", async () => "R39.90")).toBe("R39.90");
    expect(await a.fetch("catalog", "shop", async () => "not loaded")).toBe("R39.90");
    // The settings namespace is untouched by a catalog invalidation.
    await a.fetch("settings", "all", async () => "fee R60");
    await a.invalidate("catalog");
    expect(await b.fetch("settings", "all", async () => "not loaded")).toBe("fee R60");
  });

  it("when loading fails, serves the last entry of the current version, and nothing from before an invalidation", async () => {
    const kv = createKv({ prefix: `t${Math.random()}:` });
    const cache = instance(kv);
    const down = async (): Promise<string> => {
      throw new Error("database down");
    };
    await cache.fetch("catalog", "meal", async () => "kept", { ttlMs: 1, swrMs: 0 });
    await new Promise((r) => setTimeout(r, 5));
    expect(await cache.fetch("catalog", "meal", down, { ttlMs: 1, swrMs: 0 })).toBe("kept");
    await cache.invalidate("catalog");
    await expect(cache.fetch("catalog", "meal", down)).rejects.toThrow("database down");
  });

  it("loadBeside starts the load with the KV read: used on a miss, thrown away on a hit", async () => {
    const { kv, waves } = watchedKv();
    const cache = instance(kv);
    const started: string[] = [];
    const load = (value: string) => async () => {
      started.push(`load while ${waves.length} KV reads had started`);
      return value;
    };
    expect(await cache.fetch("catalog", "shop", load("fresh"), { loadBeside: true })).toBe("fresh");
    expect(started).toEqual(["load while 0 KV reads had started"]);
    expect(await cache.fetch("catalog", "shop", load("wasted"), { loadBeside: true })).toBe("fresh");
    expect(started).toHaveLength(2);
  });

  it("a page does not wait for its entry to be written; a read of that key here does, and settled() tells when", async () => {
    const base = createKv({ prefix: `t${Math.random()}:` });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const slowSet: Kv["set"] = async (...args) => {
      await held;
      return base.set(...args);
    };
    const cache = instance({ ...base, set: slowSet } as Kv);
    let loads = 0;
    const load = async () => `v${++loads}`;
    expect(await cache.fetch("catalog", "shop", load)).toBe("v1"); // answered while the write is still held
    let settled = false;
    void cache.settled().then(() => (settled = true));
    const second = cache.fetch("catalog", "shop", load);
    await new Promise((r) => setTimeout(r, 5));
    expect(settled).toBe(false);
    release();
    expect(await second).toBe("v1"); // waited for the write rather than loading again
    await cache.settled();
    expect(settled).toBe(true);
    expect(loads).toBe(1);
  });
});
