import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { emailOutbox, sessions, users } from "~/infra/db/schema";
import { get, lastEmail, linkPath, login, newBrowser, normalizeHtml, post, sessionOf, signUpAndLogIn } from "../support/accounts";
import { startTestApp, type TestApp } from "../support/app";

const DEMO = { email: "parent@example.com", password: "harvest-demo-2026" };

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

describe(`sign-up, login and sessions (${process.env.LH_TEST_DB ?? "pglite"}/${process.env.LH_TEST_KV ?? "memory"})`, () => {
  it("signs up, queues only the verification email, logs in, nags until the link is opened, then welcomes", async () => {
    const b = newBrowser("203.0.113.1");
    const res = await post(app, b, "/signup", {
      name: "Naledi Dube",
      email: "Naledi@Example.com",
      password: "spinach and sunshine",
      website: "",
    });
    // The same answer as for a taken address: check your inbox, then log in.
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login?signup=1");
    expect(sessionOf(b)).toBeUndefined();
    expect(await (await get(app, b, "/login?signup=1")).text()).toContain("check your inbox");
    const loggedIn = await login(app, b, "naledi@example.com", "spinach and sunshine");
    expect(loggedIn.status).toBe(303);
    expect(sessionOf(b)).toMatch(/^\d+\.[A-Za-z0-9_-]{43}$/); // the user id it names, then 256 random bits, base64url
    const setCookie = loggedIn.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Expires=/); // no "remember me": a browser-session cookie

    expect(await lastEmail(app, "naledi@example.com", "welcome")).toBeFalsy(); // not before the address is confirmed
    const verify = await lastEmail(app, "naledi@example.com", "verify-email");
    expect(verify?.payload.verifyUrl).toMatch(/^http:\/\/localhost:3000\/verify-email\?token=/);

    const account = await (await get(app, b, "/account")).text();
    expect(account).toContain("Please confirm your email address");
    const confirmed = await get(app, b, linkPath(verify!.payload.verifyUrl));
    expect(await confirmed.text()).toContain("Email confirmed");
    expect(await (await get(app, b, "/account")).text()).not.toContain("Please confirm your email address");
    expect(await lastEmail(app, "naledi@example.com", "welcome")).toBeTruthy();
    // The link is single use.
    expect(await (await get(app, b, linkPath(verify!.payload.verifyUrl))).text()).toContain("already been used");
  });

  it("refuses short and common passwords with 400 and field messages; a taken email gets the ordinary answer and its owner a note", async () => {
    const b = newBrowser("203.0.113.2");
    const short = await post(app, b, "/signup", { name: "A", email: "a@example.com", password: "short" });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("Use at least 8 characters");
    const common = await post(app, b, "/signup", { name: "A", email: "a@example.com", password: "password123" });
    expect(common.status).toBe(400);
    expect(await common.text()).toContain("too common");
    const fresh = await post(app, b, "/signup", {
      name: "A",
      email: "fresh-address@example.com",
      password: "a perfectly fine phrase",
    });
    const taken = await post(app, b, "/signup", { name: "A", email: DEMO.email, password: "a perfectly fine phrase" });
    expect(taken.status).toBe(fresh.status);
    expect(taken.headers.get("location")).toBe(fresh.headers.get("location"));
    expect(await taken.text()).toBe(await fresh.text());
    expect(sessionOf(b)).toBeUndefined();
    const note = await lastEmail(app, DEMO.email, "account-exists");
    expect(note?.payload.loginUrl).toBe("http://localhost:3000/login");
    // Nobody got a second account, and the owner's password is untouched.
    expect(await app.ctx.db.select().from(users).where(eq(users.email, DEMO.email))).toHaveLength(1);
    expect((await login(app, newBrowser("203.0.113.9"), DEMO.email, DEMO.password)).status).toBe(303);
  });

  it("account emails anyone can trigger stop at 3 per address an hour, with the same answer every time", async () => {
    const email = "mail-limit@example.com";
    await post(app, newBrowser("203.0.113.40"), "/signup", { name: "Mailed", email, password: "a quiet inbox please" }); // 1
    const answers: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await post(app, newBrowser(`203.0.113.${41 + i}`), "/forgot-password", { email });
      expect(res.status).toBe(200);
      answers.push(normalizeHtml(await res.text()));
    }
    expect(new Set(answers).size).toBe(1);
    const resets = await app.ctx.db.select().from(emailOutbox).where(eq(emailOutbox.toEmail, email));
    expect(resets.filter((r) => r.template === "password-reset")).toHaveLength(2); // 1 + 2 = the hour's 3
  });

  it("verification emails share that per-address limit: sign-up plus resends stop at 3 an hour", async () => {
    const email = "verify-limit@example.com";
    const b = newBrowser("203.0.113.50");
    await signUpAndLogIn(app, b, { name: "Resender", email, password: "a quiet inbox again" }); // 1 verification
    for (let i = 0; i < 4; i++) {
      const res = await post(app, b, "/account", { intent: "resend-verification" });
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/account?done=verification");
    }
    const mails = await app.ctx.db.select().from(emailOutbox).where(eq(emailOutbox.toEmail, email));
    expect(mails.filter((r) => r.template === "verify-email")).toHaveLength(3); // 1 + 2 = the hour's 3
  });

  it("a filled honeypot creates nothing", async () => {
    const b = newBrowser("203.0.113.3");
    const res = await post(app, b, "/signup", {
      name: "Bot",
      email: "bot@example.com",
      password: "bots love phrases",
      website: "http://spam",
    });
    expect(res.status).toBe(303);
    expect(await app.ctx.db.select().from(users).where(eq(users.email, "bot@example.com"))).toHaveLength(0);
    expect(sessionOf(b)).toBeUndefined();
  });

  it("unknown and known emails get the same login answer", async () => {
    const b = newBrowser("203.0.113.4");
    const known = await login(app, b, DEMO.email, "wrong password here");
    const unknown = await login(app, b, "nobody-here@example.com", "wrong password here");
    expect(known.status).toBe(400);
    expect(unknown.status).toBe(known.status);
    const a = normalizeHtml(await known.text(), { [DEMO.email]: "EMAIL" });
    const c = normalizeHtml(await unknown.text(), { "nobody-here@example.com": "EMAIL" });
    expect(a).toBe(c);
    expect(a).toContain("don&#x27;t match an account");
  });

  it("issues a new session id at login (no fixation), honours remember-me and redirects only to local paths", async () => {
    const b = newBrowser("203.0.113.5");
    const first = await login(app, b, DEMO.email, DEMO.password);
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe("/account");
    const firstId = sessionOf(b)!;
    const second = await login(app, b, DEMO.email, DEMO.password, { remember: "on", redirectTo: "/shop?age=6-8m" });
    expect(second.headers.get("location")).toBe("/shop?age=6-8m");
    expect(second.headers.get("set-cookie")).toMatch(/Expires=/);
    expect(sessionOf(b)).not.toBe(firstId);
    // The replaced session is gone from the server, not merely forgotten by the browser.
    const replay = newBrowser("203.0.113.5");
    replay.cookies.set("lh_session", firstId);
    expect((await get(app, replay, "/account")).status).toBe(302);

    for (const evil of ["https://evil.example", "//evil.example", "/\\evil.example"]) {
      const res = await login(app, newBrowser("203.0.113.6"), "admin@littleharvest.test", "admin-password-123", {
        redirectTo: evil,
      });
      expect(res.headers.get("location")).toBe("/account");
    }
    const page = await get(app, newBrowser(), "/login?redirectTo=https%3A%2F%2Fevil.example");
    const html = await page.text();
    expect(html).toContain('name="redirectTo" value="/account"');
    expect(html).not.toMatch(/value="https:\/\/evil/);
  });

  it("logout deletes the session: a copied cookie no longer works", async () => {
    const b = newBrowser("203.0.113.7");
    await login(app, b, DEMO.email, DEMO.password);
    const stolen = sessionOf(b)!;
    expect((await get(app, b, "/account")).status).toBe(200);
    expect((await get(app, b, "/logout")).status).toBe(302); // GET never logs out
    expect((await get(app, b, "/account")).status).toBe(200);
    const out = await post(app, b, "/logout", {});
    expect(out.status).toBe(303);
    expect(out.headers.get("set-cookie")).toMatch(/lh_session=;.*Max-Age=0/);
    const replay = newBrowser();
    replay.cookies.set("lh_session", stolen);
    const res = await get(app, replay, "/account");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?redirectTo=%2Faccount");
  });

  it("guards: anonymous → login redirect, customer on /admin → 403, admin → 200", async () => {
    const anon = await get(app, newBrowser(), "/admin");
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toBe("/login?redirectTo=%2Fadmin");
    const customer = newBrowser("203.0.113.8");
    await login(app, customer, DEMO.email, DEMO.password);
    expect((await get(app, customer, "/admin")).status).toBe(403);
    const admin = newBrowser("203.0.113.8");
    await login(app, admin, "admin@littleharvest.test", "admin-password-123");
    expect((await get(app, admin, "/admin")).status).toBe(200);
  });

  it("the 11th wrong password for one account within a minute gets 429 with Retry-After and a human message", async () => {
    const email = "limit-me@example.com";
    const b = newBrowser("198.51.100.1");
    await post(app, b, "/signup", { name: "Limit", email, password: "a long enough phrase" });
    // The limiter is a sliding window whose previous minute counts in proportion to its overlap (@upstash/ratelimit),
    // so a burst straddling a minute boundary may get one extra try. The burst is driven, not timed: only Date is
    // faked, every attempt falls at one instant 5 s into a minute, and the backends run for real.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Math.ceil(Date.now() / 60_000) * 60_000 + 65_000);
    try {
      for (let i = 0; i < 10; i++) {
        // Spread over addresses: it is the account that is being protected.
        const res = await login(app, newBrowser(`198.51.100.${10 + i}`), email, `wrong guess ${i}`);
        expect(res.status).toBe(400);
      }
      const eleventh = await login(app, newBrowser("198.51.100.99"), email, "wrong guess 11");
      expect(eleventh.status).toBe(429);
      expect(Number(eleventh.headers.get("retry-after"))).toBe(55); // the rest of this minute
      expect(await eleventh.text()).toContain("Too many login attempts");
      // Even the right password waits now.
      expect((await login(app, newBrowser("198.51.100.98"), email, "a long enough phrase")).status).toBe(429);
      // Another account is unaffected.
      expect((await login(app, newBrowser("198.51.100.97"), DEMO.email, DEMO.password)).status).toBe(303);
    } finally {
      vi.useRealTimers();
    }
  });

  it("limits login attempts per IP across accounts", async () => {
    const ip = "192.0.2.77";
    let last: Response | undefined;
    for (let i = 0; i < 51; i++) last = await login(app, newBrowser(ip), `someone${i}@example.com`, "whatever it is");
    expect(last!.status).toBe(429);
    expect(last!.headers.get("retry-after")).toBeTruthy();
  });

  it("account page: profile, addresses scoped to the owner, sign out everywhere else, password change", async () => {
    const email = "owner@example.com";
    const phone = "+27 83 444 1234";
    const b = newBrowser("203.0.113.20");
    await signUpAndLogIn(app, b, { name: "Owner", email, password: "keys and cupboards" });
    const saved = await post(app, b, "/account", { intent: "profile", name: "Owner Person", phone });
    expect(saved.status).toBe(303);
    const bad = await post(app, b, "/account", { intent: "profile", name: "", phone: "abc" });
    expect(bad.status).toBe(400);
    expect(await (await get(app, b, "/account")).text()).toContain(phone);

    const addr = {
      intent: "add",
      label: "Home",
      recipientName: "Owner Person",
      phone,
      line1: "7 Jan Smuts Ave",
      line2: "",
      suburb: "Parktown",
      city: "",
      postalCode: "2193",
      instructions: "",
    };
    expect((await post(app, b, "/account/addresses", addr)).status).toBe(303);
    expect((await post(app, b, "/account/addresses", { ...addr, postalCode: "21" })).status).toBe(400);
    const list = await (await get(app, b, "/account/addresses")).text();
    expect(list).toContain("7 Jan Smuts Ave");
    const id = list.match(/name="addressId" value="(\d+)"/)![1];
    // Another customer can neither see nor remove it.
    const other = newBrowser("203.0.113.21");
    await login(app, other, DEMO.email, DEMO.password);
    expect(await (await get(app, other, "/account/addresses")).text()).not.toContain("7 Jan Smuts Ave");
    expect((await post(app, other, "/account/addresses", { intent: "delete", addressId: id })).status).toBe(404);
    expect(await (await get(app, b, "/account/addresses")).text()).toContain("7 Jan Smuts Ave");

    // Second device, then "sign out everywhere else" from the first.
    const phoneBrowser = newBrowser("203.0.113.22");
    await login(app, phoneBrowser, email, "keys and cupboards");
    expect(await (await get(app, b, "/account/security")).text()).toContain("1 other device");
    expect((await post(app, b, "/account/security", { intent: "sign-out-others" })).status).toBe(303);
    expect((await get(app, phoneBrowser, "/account")).status).toBe(302);
    expect((await get(app, b, "/account")).status).toBe(200);

    const wrong = await post(app, b, "/account/security", {
      intent: "password",
      currentPassword: "nope nope nope",
      newPassword: "fresh new phrase",
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("not your current password");
    const changed = await post(app, b, "/account/security", {
      intent: "password",
      currentPassword: "keys and cupboards",
      newPassword: "fresh new phrase",
    });
    expect(changed.status).toBe(303);
    expect((await login(app, newBrowser("203.0.113.23"), email, "keys and cupboards")).status).toBe(400);
    expect((await login(app, newBrowser("203.0.113.23"), email, "fresh new phrase")).status).toBe(303);
  });

  it("changing email takes effect only when the new address confirms it", async () => {
    const b = newBrowser("203.0.113.30");
    await signUpAndLogIn(app, b, { name: "Mover", email: "old-address@example.com", password: "moving house soon" });
    const res = await post(app, b, "/account", {
      intent: "email",
      newEmail: "new-address@example.com",
      currentPassword: "moving house soon",
    });
    expect(res.status).toBe(303);
    expect((await login(app, newBrowser("203.0.113.31"), "new-address@example.com", "moving house soon")).status).toBe(400);
    const mail = await lastEmail(app, "new-address@example.com", "verify-email");
    expect((await get(app, b, linkPath(mail!.payload.verifyUrl))).status).toBe(200);
    expect((await login(app, newBrowser("203.0.113.31"), "new-address@example.com", "moving house soon")).status).toBe(303);
    expect((await login(app, newBrowser("203.0.113.31"), "old-address@example.com", "moving house soon")).status).toBe(400);
  });

  it("expired session rows are cleaned up at the next sign-in", async () => {
    const [admin] = await app.ctx.db.select().from(users).where(eq(users.email, "admin@littleharvest.test"));
    await app.ctx.db
      .insert(sessions)
      .values({ id: "expired-row-for-test", userId: admin.id, expiresAt: new Date(Date.now() - 1000) });
    expect((await login(app, newBrowser("203.0.113.40"), "admin@littleharvest.test", "admin-password-123")).status).toBe(303);
    expect(await app.ctx.db.select().from(sessions).where(eq(sessions.id, "expired-row-for-test"))).toHaveLength(0);
  });
});
