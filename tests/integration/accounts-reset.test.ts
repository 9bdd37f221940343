import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "~/domain/account-tokens.server";
import { emailOutbox, verificationTokens } from "~/infra/db/schema";
import { get, lastEmail, linkPath, login, newBrowser, normalizeHtml, post, sessionOf, signUpAndLogIn } from "../support/accounts";
import { startTestApp, type TestApp } from "../support/app";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

async function newAccount(email: string, password = "first garden phrase") {
  const b = newBrowser();
  await signUpAndLogIn(app, b, { name: "Reset Tester", email, password });
  return b;
}

async function resetLink(email: string) {
  const mail = await lastEmail(app, email, "password-reset");
  expect(mail).toBeTruthy();
  return linkPath(mail!.payload.resetUrl);
}

describe(`password reset (${process.env.LH_TEST_DB ?? "pglite"}/${process.env.LH_TEST_KV ?? "memory"})`, () => {
  it("answers the same for a real and an unknown address, and only the real one gets an email", async () => {
    await newAccount("real-person@example.com");
    const real = await post(app, newBrowser("198.18.0.1"), "/forgot-password", { email: "real-person@example.com", website: "" });
    const unknown = await post(app, newBrowser("198.18.0.2"), "/forgot-password", {
      email: "ghost-person@example.com",
      website: "",
    });
    expect(real.status).toBe(200);
    expect(unknown.status).toBe(200);
    const a = normalizeHtml(await real.text(), { "real-person@example.com": "EMAIL" });
    const b = normalizeHtml(await unknown.text(), { "ghost-person@example.com": "EMAIL" });
    expect(a).toBe(b);
    expect(a).toContain("If an account exists for that address");
    expect(await lastEmail(app, "real-person@example.com", "password-reset")).toBeTruthy();
    expect(await app.ctx.db.select().from(emailOutbox).where(eq(emailOutbox.toEmail, "ghost-person@example.com"))).toHaveLength(
      0,
    );
  });

  it("the link sets a new password once, ends every session, and the old password stops working", async () => {
    const email = "forgetful@example.com";
    const laptop = await newAccount(email);
    const phone = newBrowser();
    await login(app, phone, email, "first garden phrase");
    expect((await get(app, laptop, "/account")).status).toBe(200);

    await post(app, newBrowser("198.18.0.3"), "/forgot-password", { email });
    const link = await resetLink(email);
    const token = new URL(link, "http://x").searchParams.get("token")!;
    // Stored hashed, never as the link carries it.
    const [row] = await app.ctx.db
      .select()
      .from(verificationTokens)
      .where(eq(verificationTokens.tokenHash, hashToken(token)));
    expect(row.purpose).toBe("reset_password");
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeCloseTo(30 * 60 * 1000, -4);
    expect(await app.ctx.db.select().from(verificationTokens).where(eq(verificationTokens.tokenHash, token))).toHaveLength(0);

    const page = await get(app, newBrowser(), link);
    expect(await page.text()).toContain("Choose a new password");
    const weak = await post(app, newBrowser(), "/reset-password", { token, password: "qwerty123" });
    expect(weak.status).toBe(400);
    expect(await weak.text()).toContain("too common");

    const done = await post(app, newBrowser(), "/reset-password", { token, password: "second garden phrase" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/login?reset=1");
    // Every session of the user ended.
    expect((await get(app, laptop, "/account")).status).toBe(302);
    expect((await get(app, phone, "/account")).status).toBe(302);
    expect((await login(app, newBrowser(), email, "first garden phrase")).status).toBe(400);
    const b = newBrowser();
    expect((await login(app, b, email, "second garden phrase")).status).toBe(303);
    expect(sessionOf(b)).toBeTruthy();

    // Reuse is refused with a clear page, not a 500.
    const again = await post(app, newBrowser(), "/reset-password", { token, password: "third garden phrase" });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("already been used");
    expect(await (await get(app, newBrowser(), link)).text()).toContain("already been used");
  });

  it("an expired link is refused", async () => {
    const email = "slowpoke@example.com";
    await newAccount(email);
    await post(app, newBrowser("198.18.0.4"), "/forgot-password", { email });
    const link = await resetLink(email);
    const token = new URL(link, "http://x").searchParams.get("token")!;
    // 31 minutes later:
    await app.ctx.db
      .update(verificationTokens)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(verificationTokens.tokenHash, hashToken(token)));
    const page = await get(app, newBrowser(), link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("has expired");
    const res = await post(app, newBrowser(), "/reset-password", { token, password: "too late a phrase" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("has expired");
    expect((await login(app, newBrowser(), email, "first garden phrase")).status).toBe(303);
  });

  it("a forged or missing token gets a clear page", async () => {
    for (const path of [
      "/reset-password?token=forged-token-value",
      "/reset-password",
      `/reset-password?token=${"x".repeat(5000)}`,
    ]) {
      const res = await get(app, newBrowser(), path);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("That link can");
    }
    const res = await post(app, newBrowser(), "/reset-password", {
      token: "forged-token-value",
      password: "a forged attempt phrase",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("isn&#x27;t valid");
    expect((await get(app, newBrowser(), "/verify-email?token=forged")).status).toBe(200);
  });

  it("a newer link supersedes an older one", async () => {
    const email = "twice@example.com";
    await newAccount(email);
    await post(app, newBrowser("198.18.0.5"), "/forgot-password", { email });
    const first = await resetLink(email);
    await post(app, newBrowser("198.18.0.6"), "/forgot-password", { email });
    const second = await resetLink(email);
    expect(second).not.toBe(first);
    expect(await (await get(app, newBrowser(), first)).text()).toContain("That link can");
    expect(await (await get(app, newBrowser(), second)).text()).toContain("Choose a new password");
  });

  it("limits reset requests per IP with 429, Retry-After and a message", async () => {
    const ip = "198.18.0.77";
    const codes: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) {
      last = await post(app, newBrowser(ip), "/forgot-password", { email: `who${i}@example.com` });
      codes.push(last.status);
    }
    expect(codes).toEqual([200, 200, 200, 200, 200, 429]);
    expect(last!.headers.get("retry-after")).toBeTruthy();
    expect(await last!.text()).toContain("Too many reset requests");
  });

  it("a filled honeypot gets the usual answer and no email", async () => {
    const email = "honey@example.com";
    await newAccount(email);
    const res = await post(app, newBrowser("198.18.0.8"), "/forgot-password", { email, website: "spam.example" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("If an account exists");
    expect(await lastEmail(app, email, "password-reset")).toBeUndefined();
  });
});

describe("links with tokens (issue 22, finding 7)", () => {
  it("a HEAD on the verification link (a mail scanner) does not use it up; the parent's click still confirms", async () => {
    const email = "scanned-inbox@example.com";
    const b = newBrowser();
    await signUpAndLogIn(app, b, { name: "Scanned Parent", email, password: "lettuce by the river" });
    const link = linkPath((await lastEmail(app, email, "verify-email"))!.payload.verifyUrl);
    for (let i = 0; i < 3; i++) {
      const head = await get(app, newBrowser("198.51.100.7"), link, {}, "HEAD");
      expect(head.status).toBe(200);
    }
    const click = await get(app, b, link);
    expect(await click.text()).toContain("Email confirmed");
  });

  it("pages that carry a token are never stored: Cache-Control no-store, signed in or not", async () => {
    const email = "no-store@example.com";
    const b = await newAccount(email);
    await post(app, newBrowser("198.18.0.9"), "/forgot-password", { email });
    const reset = await resetLink(email);
    const verify = linkPath((await lastEmail(app, email, "verify-email"))!.payload.verifyUrl);
    for (const path of [reset, "/reset-password?token=forged", "/verify-email?token=forged", verify]) {
      for (const who of [newBrowser(), b]) {
        const res = await get(app, who, path);
        expect(res.headers.get("cache-control"), path).toMatch(/no-store/);
      }
    }
  });
});
