import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "~/infra/db/schema";
import { get, newBrowser, sessionOf, type Browser } from "../support/accounts";
import { startTestApp, type TestApp } from "../support/app";
import { startOidcProvider } from "../support/oidc";

let app: TestApp;
let idp: Awaited<ReturnType<typeof startOidcProvider>>;
beforeAll(async () => {
  idp = await startOidcProvider({ sub: "google-123", email: "new.parent@example.com", email_verified: true, name: "New Parent" });
  app = await startTestApp({
    env: { GOOGLE_CLIENT_ID: "lh-test-client", GOOGLE_CLIENT_SECRET: "lh-test-secret", GOOGLE_ISSUER: idp.issuer },
  });
});
afterAll(async () => {
  await app?.close();
  await idp?.stop();
});

/** Follows the whole round trip the way a browser would: us → provider → back to our callback. */
async function signInWithGoogle(b: Browser) {
  const start = await get(app, b, "/auth/google");
  expect(start.status).toBe(302);
  const authorize = new URL(start.headers.get("location")!);
  expect(authorize.origin).toBe(new URL(idp.issuer).origin);
  expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
  expect(authorize.searchParams.get("redirect_uri")).toBe("http://localhost:3000/auth/google/callback");
  const consent = await fetch(authorize, { redirect: "manual" });
  const back = new URL(consent.headers.get("location")!);
  return get(app, b, back.pathname + back.search);
}

describe(`Google sign-in against a local OIDC provider (${process.env.LH_TEST_DB ?? "pglite"})`, () => {
  it("is offered when configured (accounts-security checks it is hidden otherwise)", async () => {
    expect(await (await get(app, newBrowser(), "/login")).text()).toContain("Continue with Google");
    expect(await (await get(app, newBrowser(), "/signup")).text()).toContain("Continue with Google");
  });

  it("creates an account for a new verified Google identity and signs in", async () => {
    const b = newBrowser();
    const res = await signInWithGoogle(b);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/account?welcome=1");
    expect(sessionOf(b)).toBeTruthy();
    const page = await get(app, b, "/account");
    expect(await page.text()).toContain("new.parent@example.com");
    const [row] = await app.ctx.db.select().from(users).where(eq(users.email, "new.parent@example.com"));
    expect(row.googleSub).toBe("google-123");
    expect(row.emailVerifiedAt).not.toBeNull();
    expect(row.passwordHash).toBeNull();
  });

  it("links to the existing account with the same verified email", async () => {
    idp.setIdentity({ sub: "google-demo", email: "Parent@Example.com", email_verified: true, name: "Demo" });
    const b = newBrowser();
    const res = await signInWithGoogle(b);
    expect(res.headers.get("location")).toBe("/account");
    const [row] = await app.ctx.db.select().from(users).where(eq(users.email, "parent@example.com"));
    expect(row.googleSub).toBe("google-demo");
    expect(await (await get(app, b, "/account")).text()).toContain("parent@example.com");
  });

  it("refuses an unverified Google email and a callback without the state cookie", async () => {
    idp.setIdentity({ sub: "google-unverified", email: "admin@littleharvest.test", email_verified: false, name: "Mallory" });
    const b = newBrowser();
    const res = await signInWithGoogle(b);
    expect(res.headers.get("location")).toBe("/login?google=unverified");
    expect(sessionOf(b)).toBeUndefined();
    expect(await (await get(app, b, "/login?google=unverified")).text()).toContain("confirm your email address");

    // A forged callback (no state cookie of ours) is turned away without a 500.
    const forged = await get(app, newBrowser(), "/auth/google/callback?code=abc&state=xyz");
    expect(forged.status).toBe(302);
    expect(forged.headers.get("location")).toBe("/login?google=failed");
  });
});
