import http from "node:http";
import type { AddressInfo } from "node:net";
import { Ratelimit } from "@upstash/ratelimit";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createKv } from "~/infra/kv.server";
import { createRateLimiter } from "~/infra/rate-limit.server";
import { createTestKv, type TestKv } from "../support/backends";

const WINDOW = 60_000;
// These tests are about the window arithmetic on each backend, not timeouts (tested below): give a loaded CI
// machine time for the first script load instead of letting the limiter fall back to memory.
const SLOW_MACHINE_MS = 10_000;
const kind = process.env.LH_TEST_KV || "memory";

let t: TestKv;
beforeAll(async () => {
  t = await createTestKv();
});
afterAll(() => t?.cleanup());

// Only Date is faked (timers stay real for the clients): pins where in the window each request falls,
// while the scripts still run on the real backend.
const windowStart = Math.ceil(Date.now() / WINDOW) * WINDOW + 10 * WINDOW;
const at = (fraction: number) => vi.setSystemTime(windowStart + fraction * WINDOW);
beforeAll(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
});
afterEach(() => vi.setSystemTime(windowStart));
afterAll(() => {
  vi.useRealTimers();
});

let n = 0;
const uniqueName = () => `t${++n}-${Math.random().toString(36).slice(2, 8)}`;

describe(`sliding-window rate limit (LH_TEST_KV=${kind})`, () => {
  it("admits exactly N in a window, rejects N+1, and reports the window's end", async () => {
    const limiter = createRateLimiter(t.kv, { name: uniqueName(), limit: 3, windowMs: WINDOW, timeoutMs: SLOW_MACHINE_MS });
    at(0.1);
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.limit("ip-1"));
    expect(results.map((r) => [r.success, r.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    for (const r of results) {
      expect(r.limit).toBe(3);
      expect(r.resetMs).toBe(windowStart + WINDOW);
      expect(r.reason).toBeUndefined();
      expect(r.fallback).toBeUndefined(); // decided by the shared store, not the in-memory fallback
    }
    // Identifiers are independent.
    expect((await limiter.limit("ip-2")).success).toBe(true);
  });

  it("weighs the previous window by how much of it still overlaps", async () => {
    const limiter = createRateLimiter(t.kv, { name: uniqueName(), limit: 4, windowMs: WINDOW, timeoutMs: SLOW_MACHINE_MS });
    at(0.5);
    for (let i = 0; i < 4; i++) expect((await limiter.limit("u")).success).toBe(true);
    // Half-way through the next window, floor(0.5 × 4) = 2 of the old requests still count.
    at(1.5);
    expect((await limiter.limit("u")).success).toBe(true);
    expect((await limiter.limit("u")).success).toBe(true);
    const rejected = await limiter.limit("u");
    expect(rejected.success).toBe(false);
    expect(rejected.resetMs).toBe(windowStart + 2 * WINDOW);
  });

  it("runs the library's remaining-tokens and refund scripts on this backend", async () => {
    const rl = new Ratelimit({
      redis: t.kv.ratelimitRedis() as ConstructorParameters<typeof Ratelimit>[0]["redis"],
      limiter: Ratelimit.slidingWindow(2, `${WINDOW} ms`),
      prefix: `rl:${uniqueName()}`,
      ephemeralCache: false,
      enableTelemetry: false,
    });
    at(0.2);
    expect((await rl.getRemaining("id")).remaining).toBe(2);
    await rl.limit("id");
    await rl.limit("id");
    expect((await rl.limit("id")).success).toBe(false);
    expect((await rl.getRemaining("id")).remaining).toBe(0);
    // A negative rate gives a token back, even while the identifier is at its limit.
    await rl.limit("id", { rate: -1 });
    expect((await rl.getRemaining("id")).remaining).toBe(1);
    expect((await rl.limit("id")).success).toBe(true);
    expect((await rl.limit("id")).success).toBe(false);
  });

  // The in-process store has exactly one client per process, so there is no second instance to share with.
  it.skipIf(kind === "memory")("two instances with their own clients share one limit", async () => {
    const name = uniqueName();
    const a = createRateLimiter(t.kv, { name, limit: 3, windowMs: WINDOW, timeoutMs: SLOW_MACHINE_MS });
    const b = createRateLimiter(t.connect(), { name, limit: 3, windowMs: WINDOW, timeoutMs: SLOW_MACHINE_MS });
    at(0.3);
    expect((await a.limit("shared")).success).toBe(true);
    expect((await b.limit("shared")).success).toBe(true);
    expect((await a.limit("shared")).success).toBe(true);
    const r = await b.limit("shared");
    expect(r.success).toBe(false);
    expect(r.remaining).toBe(0);
  });
});

describe("rate limit when the backend does not answer", () => {
  it("lets the request through with reason 'timeout' after timeoutMs", async () => {
    const hang = http.createServer(() => {}).listen(0, "127.0.0.1");
    await new Promise((r) => hang.once("listening", r));
    const { port } = hang.address() as AddressInfo;
    const kv = createKv({ prefix: "x:", upstashUrl: `http://127.0.0.1:${port}`, upstashToken: "t", commandTimeoutMs: 5_000 });
    try {
      const limiter = createRateLimiter(kv, { name: "slow", limit: 1, windowMs: WINDOW, timeoutMs: 100 });
      const r = await limiter.limit("x");
      expect(r).toMatchObject({ success: true, reason: "timeout" });
    } finally {
      hang.closeAllConnections();
      hang.close();
    }
  });
});
