// The traps a new user or a careless deploy falls into (issue 11): origin checks that refuse the shop's own address,
// a spoofable client IP behind a proxy, public metrics, cacheable signed-in pages, guessable passwords.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "~/infra/config.server";
import { RATE_LIMITS_OFF, startTestApp, type TestApp } from "../support/app";
import { ADMIN_EMAIL, CUSTOMER_EMAIL, getAs, sessionCookieFor } from "../support/admin-fixtures";

let app: TestApp;
beforeAll(async () => {
  // One trusted proxy in front (TRUST_PROXY=1); APP_URL stays http://localhost:3000 as in the test harness.
  app = await startTestApp({ env: { TRUST_PROXY: "1" } });
});
afterAll(() => app?.close());

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { "content-type": "application/x-www-form-urlencoded" };

describe("origin check", () => {
  it("accepts forms from the address the browser actually used: 127.0.0.1, another port, a LAN address", async () => {
    for (const origin of ["http://127.0.0.1:3000", "http://localhost:5173", "http://192.168.1.20:3000"]) {
      const host = new URL(origin).host;
      const res = await app.handler(
        new Request(`${origin}/login`, {
          method: "POST",
          headers: { ...FORM, origin, host },
          body: form({ email: CUSTOMER_EMAIL, password: "harvest-demo-2026" }),
        }),
        { address: "127.0.0.1" },
      );
      expect(res.status, origin).toBe(303);
    }
  });

  it("refuses a form from another site with the shop's own page saying what to do", async () => {
    for (const origin of ["https://evil.example", "null", "http://localhost:3000.evil.example"]) {
      const res = await app.request("/login", {
        method: "POST",
        headers: { ...FORM, origin },
        body: form({ email: CUSTOMER_EMAIL, password: "harvest-demo-2026" }),
      });
      expect(res.status, origin).toBe(403);
      expect(res.headers.get("content-type")).toContain("text/html");
      const html = await res.text();
      expect(html).toContain("Little Harvest");
      expect(html).toContain("resubmit");
    }
    // A Host the attacker controls does not help without the trusted proxy saying so.
    const forged = await app.request("/login", {
      method: "POST",
      headers: { ...FORM, origin: "https://evil.example", "x-forwarded-host": "shop.example, evil.example" },
      body: form({ email: CUSTOMER_EMAIL, password: "x" }),
    });
    expect(forged.status).toBeLessThan(500);
  });
});

describe("a copied .env.example", () => {
  it("does not pin APP_URL to port 3000: a server on another port accepts its own forms", async () => {
    const env = parseEnv(readFileSync(".env.example", "utf8"));
    const config = loadConfig({ ...env, NODE_ENV: "development", PORT: "4321" });
    expect(config.appUrl).toBe("http://localhost:4321");
    const local = await startTestApp({ env: { ...RATE_LIMITS_OFF, APP_URL: config.appUrl } });
    try {
      const res = await local.handler(
        new Request("http://localhost:4321/login", {
          method: "POST",
          headers: { ...FORM, origin: "http://localhost:4321", host: "localhost:4321" },
          body: form({ email: CUSTOMER_EMAIL, password: "harvest-demo-2026" }),
        }),
        { address: "127.0.0.1" },
      );
      expect(res.status).toBe(303);
    } finally {
      await local.close();
    }
  });
});

describe("client IP behind TRUST_PROXY hops", () => {
  it("rotating the client-chosen X-Forwarded-For entries does not reset the forgot-password limit", async () => {
    const ask = (xff: string) =>
      app.handler(
        new Request("http://localhost:3000/forgot-password", {
          method: "POST",
          headers: { ...FORM, origin: "http://localhost:3000", host: "localhost:3000", "x-forwarded-for": xff },
          body: form({ email: `nobody-${randomBytes(4).toString("hex")}@example.com` }),
        }),
        { address: "10.0.0.1" }, // the load balancer
      );
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await ask(`${i}.${i}.${i}.${i}, 198.51.100.7`)).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses[5]).toBe(429);
    // Another real client behind the same proxy has its own budget.
    expect((await ask("6.6.6.6, 198.51.100.8")).status).toBe(200);
  });

  it("TRUST_PROXY takes a hop count or CIDR ranges; anything else stops the process with one line", () => {
    expect(loadConfig({ TRUST_PROXY: "2" }).TRUST_PROXY).toEqual({ hops: 2 });
    expect(loadConfig({ TRUST_PROXY: "true" }).TRUST_PROXY).toEqual({ hops: 1 });
    expect(loadConfig({}).TRUST_PROXY).toEqual({ hops: 0 });
    expect(loadConfig({ TRUST_PROXY: "10.0.0.0/8,::1/128" }).TRUST_PROXY).toHaveProperty("ranges");
    expect(() => loadConfig({ TRUST_PROXY: "yes" })).toThrow(/TRUST_PROXY/);
  });
});

describe("production defaults", () => {
  it("refuses to start in production without METRICS_TOKEN", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/METRICS_TOKEN/);
    expect(loadConfig({ NODE_ENV: "production", METRICS_TOKEN: "t0ken-t0ken" }).METRICS_TOKEN).toBe("t0ken-t0ken");
  });

  it("pages rendered for a signed-in visitor are private, no-store; public pages are not", async () => {
    const cookie = await sessionCookieFor(app, CUSTOMER_EMAIL);
    for (const path of ["/", "/shop", "/account", "/cart"]) {
      expect((await getAs(app, path, cookie)).headers.get("cache-control"), path).toBe("private, no-store");
    }
    expect((await app.request("/shop")).headers.get("cache-control") ?? "").not.toContain("private");
  });

  it("the email preview keeps its sandbox policy", async () => {
    const cookie = await sessionCookieFor(app, ADMIN_EMAIL);
    const res = await getAs(app, "/admin/emails/preview/order-confirmation/html", cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toMatch(/^sandbox;/);
  });

  it("refuses passwords built from the shop's name or the user's own email", async () => {
    for (const [email, password] of [
      ["first@example.com", "littleharvest2026"],
      ["second@example.com", "Little-Harvest-Baby!"],
      ["thandiwe.m@example.com", "thandiwem1990!"],
    ]) {
      const res = await app.request("/signup", {
        method: "POST",
        headers: FORM,
        body: form({ name: "Parent", email, password }),
      });
      expect(res.status, password).toBe(400);
      expect(await res.text()).toContain("shop&#x27;s name or your email");
    }
  });
});
