// Issue 22, finding 8: in production only the shop's own host names are served (DNS rebinding), and a development
// server is reachable from loopback only unless HOST says otherwise (its metrics need no token).
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "~/infra/config.server";
import { users } from "~/infra/db/schema";
import { ORIGIN, startTestApp, type TestApp } from "../support/app";

let prod: TestApp;
beforeAll(async () => {
  prod = await startTestApp({
    env: { NODE_ENV: "production", METRICS_TOKEN: "a-metrics-token", ALLOWED_HOSTS: "www.littleharvest.test, Shop.Example" },
  });
});
afterAll(() => prod?.close());

const warnings = (app: TestApp, msg: string) =>
  app.logLines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level === 40 && l.msg === msg);

describe("production answers only to its own host names", () => {
  it("a rebinding page's Host is refused before any route runs: its sign-up form creates nothing", async () => {
    const email = "rebound@example.com";
    const res = await prod.request("/signup", {
      method: "POST",
      headers: { host: "evil.example", origin: "http://evil.example" },
      body: new URLSearchParams({ name: "Rebound", email, password: "a perfectly fine phrase" }),
      redirect: "manual",
    });
    expect(res.status).toBe(421);
    expect(await prod.ctx.db.select().from(users).where(eq(users.email, email))).toHaveLength(0);
    for (const path of ["/", "/shop", "/login", "/webhooks/peach"]) {
      expect((await prod.request(path, { headers: { host: "evil.example:3000" } })).status, path).toBe(421);
    }
  });

  it("APP_URL's host and ALLOWED_HOSTS are served; probes and the scrape answer on any host", async () => {
    expect((await prod.request("/", { headers: { host: new URL(ORIGIN).host } })).status).toBe(200);
    expect((await prod.request("/", { headers: { host: "www.littleharvest.test" } })).status).toBe(200);
    expect((await prod.request("/", { headers: { host: "shop.example:8443" } })).status).toBe(200);
    expect((await prod.request("/api/health-simple", { headers: { host: "10.0.3.7:3000" } })).status).toBe(200);
    const scrape = await prod.request("/api/metrics-full", {
      headers: { host: "10.0.3.7:3000", authorization: "Bearer a-metrics-token" },
    });
    expect(scrape.status).toBe(200);
  });

  it("behind a trusted proxy the forwarded host is the one checked", async () => {
    const proxied = await startTestApp({
      env: { NODE_ENV: "production", METRICS_TOKEN: "a-metrics-token", TRUST_PROXY: "1" },
    });
    try {
      const via = (host: string) =>
        proxied.request("/", { headers: { host: "10.0.3.7:3000", "x-forwarded-host": host, "x-forwarded-proto": "https" } });
      expect((await via("evil.example")).status).toBe(421);
      expect((await via(new URL(ORIGIN).host)).status).toBe(200);
    } finally {
      await proxied.close();
    }
  });

  it("a flood of wrong hosts writes one warning line, not one per request", async () => {
    for (let i = 0; i < 60; i++) await prod.request("/", { headers: { host: `evil-${i}.example` } });
    expect(warnings(prod, "request for a host this server does not serve refused").length).toBeLessThanOrEqual(1);
  });
});

describe("where a server listens", () => {
  it("development and test bind loopback unless HOST is set; production binds every interface", () => {
    expect(loadConfig({}).HOST).toBe("127.0.0.1");
    expect(loadConfig({ NODE_ENV: "test" }).HOST).toBe("127.0.0.1");
    expect(loadConfig({ HOST: "0.0.0.0" }).HOST).toBe("0.0.0.0");
    expect(loadConfig({ NODE_ENV: "production", METRICS_TOKEN: "t0ken-t0ken" }).HOST).toBe("0.0.0.0");
  });
});
