// TRUST_PROXY as CIDR ranges (issue 11, point 5): the client IP is the last hop outside our proxies' ranges, for the
// login limiter in domain code and for the route-class limiter alike; a client-chosen leftmost X-Forwarded-For buys
// nothing.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, startTestApp, type TestApp } from "../support/app";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { TRUST_PROXY: "10.0.0.0/8,192.168.1.0/24,::1/128" } });
});
afterAll(() => app?.close());

const FORM = { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN, host: new URL(ORIGIN).host };

/** A login as it arrives through the load balancer (10.0.0.1) and an inner proxy (192.168.1.5). */
function loginVia(xff: string, peer = "10.0.0.1") {
  const email = `nobody-${randomBytes(4).toString("hex")}@example.com`;
  return app.handler(
    new Request(`${ORIGIN}/login`, {
      method: "POST",
      headers: { ...FORM, "x-forwarded-for": xff },
      body: new URLSearchParams({ email, password: "not-the-password" }).toString(),
    }),
    { address: peer },
  );
}

describe("login limiter behind CIDR-trusted proxies", () => {
  it("rotating a spoofed leftmost X-Forwarded-For does not reset the per-IP login limit", async () => {
    const statuses: number[] = [];
    // auth-login-ip allows 50 tries per 5 minutes per client IP (auth-limits.server.ts); each try names a new
    // account so only the per-IP limit can bite.
    for (let i = 0; i < 51; i++) statuses.push((await loginVia(`${i % 250}.1.2.3, 203.0.113.7, 192.168.1.5`)).status);
    expect(statuses.slice(0, 50).every((s) => s === 400)).toBe(true);
    expect(statuses[50]).toBe(429);
    // IPv4-mapped peer address of the same load balancer: still the same client.
    expect((await loginVia("9.9.9.9, 203.0.113.7", "::ffff:10.0.0.1")).status).toBe(429);
    // Another real client behind the same proxies has its own budget.
    expect((await loginVia("9.9.9.9, 203.0.113.8, 192.168.1.5")).status).toBe(400);
    // A client connecting directly (not from our ranges) cannot claim another address with the header.
    expect((await loginVia("203.0.113.99", "203.0.113.7")).status).toBe(429);
  });
});
