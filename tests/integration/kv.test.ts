import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import net from "node:net";
import { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createKv } from "~/infra/kv.server";
import { KvCircuitOpenError } from "~/infra/kv/circuit-breaker.server";
import { createTestKv, type TestKv } from "../support/backends";
import { REDIS_SERVER, redisServerAvailable } from "../support/requirements";

let t: TestKv;
beforeAll(async () => {
  t = await createTestKv();
});
afterAll(() => t?.cleanup());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`kv (LH_TEST_KV=${process.env.LH_TEST_KV || "memory"})`, () => {
  it("reports its kind and answers ping", async () => {
    expect(t.kv.kind).toBe(process.env.LH_TEST_KV || "memory");
    await t.kv.ping();
  });

  it("gets, sets and deletes strings verbatim", async () => {
    expect(await t.kv.get("missing")).toBeNull();
    // Values that JSON-minded clients like to reinterpret must come back as the same string.
    for (const value of ["hello", "123", '{"a":1}', "OK", "", "naïve 🥕"]) {
      await t.kv.set("s", value);
      expect(await t.kv.get("s")).toBe(value);
    }
    await t.kv.set("a", "1");
    await t.kv.set("b", "2");
    await t.kv.del("a", "b", "never-set");
    expect(await t.kv.get("a")).toBeNull();
    expect(await t.kv.get("b")).toBeNull();
    await t.kv.del();
  });

  it("expires keys after ttlMs", async () => {
    await t.kv.set("ttl", "x", { ttlMs: 150 });
    expect(await t.kv.get("ttl")).toBe("x");
    await sleep(300);
    expect(await t.kv.get("ttl")).toBeNull();
  });

  it("addToHash adds to each field (the edge's shared metrics) and readHash reads them back", async () => {
    expect(await t.kv.readHash("sums")).toEqual({});
    await t.kv.addToHash("sums", { 'a{le="0.1"}': 1, b: 0.25 });
    await t.kv.addToHash("sums", { 'a{le="0.1"}': 2, c: 5 });
    const sums = await t.kv.readHash("sums");
    expect(Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, Number(v)]))).toEqual({ 'a{le="0.1"}': 3, b: 0.25, c: 5 });
  });

  it("incr counts from zero and keeps a ttl", async () => {
    expect(await t.kv.incr("n")).toBe(1);
    expect(await t.kv.incr("n")).toBe(2);
    expect(await t.kv.get("n")).toBe("2");
    await t.kv.set("m", "41", { ttlMs: 150 });
    expect(await t.kv.incr("m")).toBe(42);
    await sleep(300);
    expect(await t.kv.get("m")).toBeNull();
  });

  it("keeps prefixes apart", async () => {
    await t.kv.set("shared-name", "mine");
    const other = createKv({
      prefix: "lh_t_other:",
      redisUrl: t.kind === "ioredis" ? process.env.TEST_REDIS_URL || "redis://127.0.0.1:6379" : undefined,
      upstashUrl: t.upstash?.url,
      upstashToken: t.upstash?.token,
    });
    try {
      expect(await other.get("shared-name")).toBeNull();
    } finally {
      await other.close();
    }
  });

  it.runIf(process.env.LH_TEST_KV === "upstash")("upstash: a wrong token is a 401 the client reports", async () => {
    const wrong = createKv({ prefix: "x:", upstashUrl: t.upstash!.url, upstashToken: "wrong-token" });
    await expect(wrong.ping()).rejects.toThrow(/Unauthorized/);
    await expect(wrong.get("k")).rejects.toThrow(/Unauthorized/);
  });

  it.runIf(process.env.LH_TEST_KV === "upstash")("upstash stand-in: pipeline, multi-exec and errors", async () => {
    const { url, token } = t.upstash!;
    const redis = new Redis({ url, token, enableTelemetry: false, enableAutoPipelining: false });
    const key = `lh_t_bridge_${Date.now()}`;
    try {
      const p = redis.pipeline();
      p.set(key, "v");
      p.get(key);
      p.lpush(`${key}:l`, "a", "b");
      p.lrange(`${key}:l`, 0, -1);
      expect(await p.exec()).toEqual(["OK", "v", 2, ["b", "a"]]);
      const m = redis.multi();
      m.incr(`${key}:n`);
      m.incr(`${key}:n`);
      expect(await m.exec()).toEqual([1, 2]);
      await expect(redis.incr(key)).rejects.toThrow(/ERR value is not an integer/);
    } finally {
      await redis.del(key, `${key}:l`, `${key}:n`);
    }
  });
});

/** A port nothing listens on: connections are refused at once. */
async function closedPort(): Promise<number> {
  const srv = net.createServer().listen(0, "127.0.0.1");
  await new Promise((r) => srv.once("listening", r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

// "Fast" is shown by what ends each call — our own deadline, then the open circuit — never by a stopwatch: a call
// with no deadline would hang until the test's own timeout fails it.
describe("a dead backend fails fast", () => {
  it("ioredis: refused connection — the connect deadline, then the open circuit, without touching the network", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const redisUrl = `redis://127.0.0.1:${await closedPort()}`;
    const kv = createKv({ prefix: "x:", redisUrl, commandTimeoutMs: 500, circuitFailures: 1 });
    try {
      const ping = kv.ping();
      const failed = expect(ping).rejects.toThrow("redis: not connected within 500 ms");
      await vi.advanceTimersByTimeAsync(500); // the deadline, driven: nothing else ends the call
      await failed;
      await expect(kv.get("k")).rejects.toThrow(KvCircuitOpenError);
    } finally {
      vi.useRealTimers();
      await kv.close();
    }
  });

  it("upstash: server accepts but never answers — the request's own deadline ends it", async () => {
    const hang = http.createServer(() => {}).listen(0, "127.0.0.1");
    await new Promise((r) => hang.once("listening", r));
    const { port } = hang.address() as net.AddressInfo;
    const upstashUrl = `http://127.0.0.1:${port}`;
    const kv = createKv({ prefix: "x:", upstashUrl, upstashToken: "t", commandTimeoutMs: 300, circuitFailures: 1 });
    try {
      await expect(kv.ping()).rejects.toThrow(/timeout|aborted/i);
      await expect(kv.get("k")).rejects.toThrow(KvCircuitOpenError);
    } finally {
      hang.closeAllConnections();
      hang.close();
    }
  });
});

// Needs the redis-server binary to own a Redis it may kill (tests/support/requirements.ts: skipped on a developer's
// machine without one, a failure in CI).
describe.runIf(redisServerAvailable("kv.test"))("ioredis: outage and recovery without a restart", () => {
  let port: number;
  let server: ChildProcess | undefined;
  const start = async () => {
    server = spawn(REDIS_SERVER!, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: "ignore",
    });
    for (let i = 0; i < 50; i++) {
      const up = await new Promise<boolean>((resolve) => {
        const s = net.connect(port, "127.0.0.1", () => (s.destroy(), resolve(true))).on("error", () => resolve(false));
      });
      if (up) return;
      await sleep(50);
    }
    throw new Error("private redis-server did not start");
  };
  const stop = async () => {
    if (!server || server.exitCode !== null) return;
    const exited = new Promise((r) => server!.once("exit", r));
    server.kill("SIGKILL");
    await exited;
  };
  afterAll(stop);

  it("fails fast while Redis is down and works again once it is back", async () => {
    port = await closedPort();
    await start();
    // A short circuit cool-down: this test is about reconnecting, not about the breaker.
    const kv = createKv({ prefix: "x:", redisUrl: `redis://127.0.0.1:${port}`, commandTimeoutMs: 500, circuitCooldownMs: 100 });
    try {
      await kv.set("k", "v");
      await stop();
      // Refused at once: no offline queue holds the commands to replay stale writes later.
      await expect(kv.get("k")).rejects.toThrow();
      await expect(kv.ping()).rejects.toThrow();
      await start();
      await expect
        .poll(
          () =>
            kv.ping().then(
              () => true,
              () => false,
            ),
          { timeout: 5_000, interval: 100 },
        )
        .toBe(true);
      await kv.set("k", "again");
      expect(await kv.get("k")).toBe("again");
    } finally {
      await kv.close();
    }
  });
});
