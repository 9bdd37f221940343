import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../support/app";
import { get, guest, signedInCustomer } from "../support/storefront";
import { startEdgeApp, type EdgeApp } from "./worker-harness";
import { until } from "./until";

// The edge honours the same resilience settings as Node (README, "Configuration"): the KV deadline and circuit
// breaker, the statement deadline; and a worker deployed before its secrets answers plainly instead of crashing.

describe("a worker deployed before `wrangler secret put`", () => {
  let edge: EdgeApp;
  beforeAll(async () => {
    edge = await startEdgeApp({ env: { DATABASE_URL: "", RESEND_API_KEY: "", METRICS_TOKEN: "" } });
  });
  afterAll(() => edge?.close());

  it("stays live, is not ready (naming every missing secret) and shows shoppers a plain 503 — never a stack", async () => {
    const live = await edge.request("/api/health-simple");
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: "pass" });

    const ready = await edge.request("/api/system-status");
    expect(ready.status).toBe(503);
    expect(ready.headers.get("content-type")).toBe("application/health+json");
    const body = await ready.json();
    expect(body.status).toBe("fail");
    expect(body.checks.configuration[0].output).toMatch(/DATABASE_URL, RESEND_API_KEY, METRICS_TOKEN must be set/);

    for (const path of ["/", "/shop", "/login"]) {
      const page = await edge.request(path);
      expect(page.status).toBe(503);
      const text = await page.text();
      expect(text).toContain("not configured yet");
      expect(text).not.toMatch(/at \w|\.js:\d+|Error/);
    }
  });
});

describe("resilience settings on workerd", () => {
  let edge: EdgeApp;
  let app: TestApp;
  beforeAll(async () => {
    edge = await startEdgeApp({
      env: { KV_TIMEOUT_MS: "200", KV_CIRCUIT_FAILURES: "2", KV_CIRCUIT_COOLDOWN_MS: "1000", DB_STATEMENT_TIMEOUT_MS: "400" },
    });
    app = edge as unknown as TestApp;
  });
  afterAll(() => edge?.close());
  const logged = (msg: string) => edge.logLines.some((l) => l.includes(`"msg":"${msg}"`));

  it("a KV slower than KV_TIMEOUT_MS: pages still answer, readiness fails, the breaker opens and later closes", async () => {
    expect((await edge.request("/shop")).status).toBe(200);
    edge.setLatency({ db: 0, kv: 2_000 });
    try {
      expect((await get(app, guest("203.0.113.160"), "/shop")).status).toBe(200);
      const ready = await edge.request("/api/system-status");
      expect(ready.status).toBe(503);
      expect((await ready.json()).checks["kv:responseTime"][0].status).toBe("fail");
      expect(logged("kv circuit open: skipping the store")).toBe(true);
    } finally {
      edge.setLatency({ db: 0, kv: 0 });
    }
    // After the cool-down one trial command goes through and closes the circuit.
    await until(async () => {
      await edge.request("/shop");
      return logged("kv answering again: circuit closed");
    }, "the circuit to close");
    expect((await edge.request("/api/system-status")).status).toBe(200);
  });

  it("a database slower than DB_STATEMENT_TIMEOUT_MS: the page answers 503 with Retry-After instead of waiting", async () => {
    const parent = await signedInCustomer(app, guest("203.0.113.161"));
    expect((await get(app, parent, "/account")).status).toBe(200);
    edge.setLatency({ db: 3_000, kv: 0 });
    try {
      const res = await get(app, parent, "/account");
      expect(res.status).toBe(503);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      edge.setLatency({ db: 0, kv: 0 });
    }
    expect((await get(app, parent, "/account")).status).toBe(200);
  });
});
