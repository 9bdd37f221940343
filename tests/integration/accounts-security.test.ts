import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "~/infra/config.server";
import { createAppHandler } from "~/infra/http/app-handler.server";
import { get, login, newBrowser, post } from "../support/accounts";
import { ORIGIN, startTestApp, type TestApp } from "../support/app";

let app: TestApp;
let prod: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  // The same application and backends, configured as in production.
  const build = (await import(pathToFileURL(path.resolve(process.env.LH_BUILD_DIR || "build", "index.js")).href)) as ServerBuild;
  const config = loadConfig({
    NODE_ENV: "production",
    METRICS_TOKEN: "a-metrics-token",
    LOG_LEVEL: "silent",
    APP_URL: ORIGIN,
    DATA_DIR: app.ctx.config.DATA_DIR,
  });
  prod = { ...app, handler: createAppHandler(build, { ...app.ctx, config }) };
});
afterAll(async () => {
  await app?.close();
});

function expectBaseline(res: Response, opts: { production: boolean }) {
  const csp = res.headers.get("content-security-policy");
  expect(csp).toBeTruthy();
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(res.headers.get("permissions-policy")).toMatch(/camera=\(\).*geolocation=\(\).*microphone=\(\)/);
  if (opts.production) expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  else expect(res.headers.get("strict-transport-security")).toBeNull();
}

describe(`security baseline (${process.env.LH_TEST_DB ?? "pglite"}/${process.env.LH_TEST_KV ?? "memory"})`, () => {
  it("sets the header set on /, /shop, /login, /account and /admin, and every script carries this response's nonce", async () => {
    const customer = newBrowser("203.0.113.50");
    await login(app, customer, "parent@example.com", "harvest-demo-2026");
    const admin = newBrowser("203.0.113.51");
    await login(app, admin, "admin@littleharvest.test", "admin-password-123");
    const pages: Array<[string, ReturnType<typeof newBrowser>]> = [
      ["/", newBrowser()],
      ["/shop", newBrowser()],
      ["/login", newBrowser()],
      ["/account", customer],
      ["/admin", admin],
    ];
    for (const [path, b] of pages) {
      const res = await get(app, b, path);
      expect(res.status, path).toBe(200);
      expectBaseline(res, { production: false });
      const nonce = res.headers.get("content-security-policy")!.match(/'nonce-([^']+)'/)![1];
      const html = await res.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
      expect(html).not.toMatch(/\son[a-z]+="/); // no inline event handlers
    }
    // Different on every response.
    const a = (await get(app, newBrowser(), "/")).headers.get("content-security-policy");
    const b = (await get(app, newBrowser(), "/")).headers.get("content-security-policy");
    expect(a).not.toBe(b);
    // Also on redirects, 403s and 404s.
    expectBaseline(await get(app, newBrowser(), "/account"), { production: false });
    expectBaseline(await get(app, newBrowser(), "/no-such-page"), { production: false });
  });

  it("offers no Google sign-in when it is not configured", async () => {
    expect(await (await get(app, newBrowser(), "/login")).text()).not.toContain("Continue with Google");
    expect((await get(app, newBrowser(), "/auth/google")).status).toBe(404);
    expect((await get(app, newBrowser(), "/auth/google/callback?code=a&state=b")).status).toBe(404);
  });

  it("in production adds HSTS and uses a __Host- cookie that is Secure", async () => {
    const res = await get(prod, newBrowser(), "/login");
    expectBaseline(res, { production: true });
    const signedIn = await post(prod, newBrowser(), "/login", { email: "parent@example.com", password: "harvest-demo-2026" });
    expect(signedIn.status).toBe(303);
    const cookie = signedIn.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^__Host-lh_session=\d+\.[A-Za-z0-9_-]{43}; /);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).not.toMatch(/Domain=/i);
  });

  it("refuses cross-origin POSTs with 403 before anything happens", async () => {
    const b = newBrowser("203.0.113.52");
    const evil = await post(
      app,
      b,
      "/login",
      { email: "parent@example.com", password: "harvest-demo-2026" },
      { origin: "https://evil.example" },
    );
    expect(evil.status).toBe(403);
    expect(evil.headers.get("set-cookie")).toBeNull();
    const nullOrigin = await post(
      app,
      b,
      "/signup",
      { name: "X", email: "x@example.com", password: "a fine phrase here" },
      { origin: "null" },
    );
    expect(nullOrigin.status).toBe(403);
    // No Origin: the Referer decides.
    const viaReferer = (referer: string) =>
      app.handler(
        new Request("http://localhost:3000/forgot-password", {
          method: "POST",
          headers: { host: "localhost:3000", referer, "content-type": "application/x-www-form-urlencoded" },
          body: "email=parent%40example.com",
        }),
      );
    expect((await viaReferer("https://evil.example/page")).status).toBe(403);
    expect((await viaReferer("http://localhost:3000/forgot-password")).status).toBe(200);
    // A logged-in victim's session cannot be ended or changed from another site.
    const victim = newBrowser("203.0.113.53");
    await login(app, victim, "parent@example.com", "harvest-demo-2026");
    expect((await post(app, victim, "/logout", {}, { origin: "https://evil.example" })).status).toBe(403);
    expect(
      (await post(app, victim, "/account", { intent: "profile", name: "Pwned", phone: "" }, { origin: "http://localhost:3001" }))
        .status,
    ).toBe(403);
    expect(await (await get(app, victim, "/account")).text()).not.toContain("Pwned");
    // Same origin still works.
    expect((await post(app, victim, "/logout", {})).status).toBe(303);
  });
});
