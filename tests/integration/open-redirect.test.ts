// Issue 22, finding 1: `redirectTo` values whose dot segments collapse into a path starting `//` (another host to a
// browser). Each form is tried on every place that honours redirectTo: the login and sign-up pages when already signed
// in (302) and the login form itself (303). The browser half is in tests/e2e/accounts.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, startTestApp, type TestApp } from "../support/app";
import { CUSTOMER_EMAIL, sessionCookieFor } from "../support/admin-fixtures";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

/** Raw query-string values, as an attacker writes them in a link (already percent-encoded where shown). */
const OFF_SITE = [
  "%2F..%2F%2Fevil.example",
  "/..//evil.example",
  "/.//evil.example",
  "/%2e%2e//evil.example",
  "/%2E%2E//evil.example",
  "/a/..//evil.example",
  "/a/b/../..//evil.example",
  "/./..//evil.example/x?y=1#z",
  "/%2e//evil.example",
  "/..%2F%2Fevil.example",
  "/.././/evil.example",
  "//evil.example",
  "/\\evil.example",
  "https://evil.example/",
];

/** Where a Location sends a browser that is on our site. */
const landsOn = (location: string | null) => (location === null ? null : new URL(location, ORIGIN).origin);

describe("redirectTo never leaves the site through path normalisation", () => {
  let cookie = "";
  beforeAll(async () => {
    cookie = await sessionCookieFor(app, CUSTOMER_EMAIL);
  });

  for (const page of ["/login", "/signup"]) {
    it.each(OFF_SITE)(`signed in, GET ${page}?redirectTo=%s stays on the site`, async (target) => {
      const res = await app.request(`${page}?redirectTo=${target}`, { headers: { cookie }, redirect: "manual" });
      expect(res.status).toBe(302);
      expect(landsOn(res.headers.get("location"))).toBe(ORIGIN);
    });
  }

  it.each(OFF_SITE)("POST /login with redirectTo=%s stays on the site", async (target) => {
    // A hidden field carries the value as the page wrote it; both the encoded and the decoded spelling are sent.
    for (const value of new Set([target, decodeURIComponent(target)])) {
      const res = await app.request("/login", {
        method: "POST",
        body: new URLSearchParams({ email: CUSTOMER_EMAIL, password: "harvest-demo-2026", redirectTo: value }),
        redirect: "manual",
      });
      expect(res.status, value).toBe(303);
      expect(landsOn(res.headers.get("location")), value).toBe(ORIGIN);
    }
  });

  it("ordinary paths on the site still come back, normalised", async () => {
    for (const [target, expected] of [
      ["/checkout", "/checkout"],
      ["/shop?age=6-8m#list", "/shop?age=6-8m#list"],
      ["/a/../checkout", "/checkout"],
      ["/shop/../account/orders", "/account/orders"],
    ]) {
      const res = await app.request(`/login?redirectTo=${encodeURIComponent(target)}`, {
        headers: { cookie },
        redirect: "manual",
      });
      expect(res.headers.get("location"), target).toBe(expected);
    }
  });
});
