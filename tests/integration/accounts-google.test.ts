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

  describe("the ID token is checked by the OpenID Connect library (issue 22, finding 4)", () => {
    const refused = async (label: string) => {
      const b = newBrowser();
      const res = await signInWithGoogle(b);
      expect(res.headers.get("location"), label).toBe("/login?google=failed");
      expect(sessionOf(b), label).toBeUndefined();
    };
    const identity = { sub: "google-checks", email: "checks@example.com", email_verified: true, name: "Checks" };

    it("sends a nonce and refuses a token carrying another one", async () => {
      idp.setIdentity(identity);
      const start = await get(app, newBrowser(), "/auth/google");
      expect(new URL(start.headers.get("location")!).searchParams.get("nonce")).toMatch(/^[A-Za-z0-9_-]{32,}$/);
      idp.tamperNextIdToken((t) => (t.payload.nonce = "a-nonce-from-another-sign-in"));
      await refused("wrong nonce");
    });

    it("refuses a wrong audience, a wrong issuer, an expired token and alg: none", async () => {
      idp.setIdentity(identity);
      idp.tamperNextIdToken((t) => (t.payload.aud = "someone-elses-client"));
      await refused("wrong audience");
      idp.tamperNextIdToken((t) => (t.payload.iss = "https://accounts.evil.example"));
      await refused("wrong issuer");
      idp.tamperNextIdToken((t) => {
        const now = Math.floor(Date.now() / 1000);
        Object.assign(t.payload, { iat: now - 7200, nbf: now - 7200, exp: now - 3600 });
      });
      await refused("expired");
      idp.unsignNextIdToken();
      await refused("alg none");
      // And the same identity, untampered, still signs in.
      const ok = await signInWithGoogle(newBrowser());
      expect(ok.status).toBe(303);
    });

    it("keeps the issuer's keys between sign-ins and fetches them again when the issuer rotates its key", async () => {
      idp.setIdentity(identity);
      const before = idp.jwksFetches;
      expect((await signInWithGoogle(newBrowser())).status).toBe(303);
      expect((await signInWithGoogle(newBrowser())).status).toBe(303);
      expect(idp.jwksFetches - before).toBe(0); // held since the earlier sign-ins: not fetched once per sign-in
      await idp.rotateKey();
      const rotated = await signInWithGoogle(newBrowser());
      expect(rotated.status).toBe(303); // signed with the new key, which the cache did not hold
      const afterRotation = idp.jwksFetches;
      expect(afterRotation - before).toBe(1); // the unknown key made it fetch the set once
      expect((await signInWithGoogle(newBrowser())).status).toBe(303);
      expect(idp.jwksFetches).toBe(afterRotation);
    });
  });
});
