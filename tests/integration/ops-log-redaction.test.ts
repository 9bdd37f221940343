import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmailSender } from "~/domain/email-sender.server";
import { lastEmail, linkPath, login, newBrowser, post as formPost, get as browserGet } from "../support/accounts";
import { startTestApp, type TestApp } from "../support/app";
import { addMeal, checkoutFields, get, post, signedInCustomer, variant } from "../support/storefront";

// What reaches the log sink during the sensitive journeys — sign-in, password reset, checkout (with a phone number
// and an address), and the emails they queue being sent — must carry no password, token, cookie, email address or
// phone number. The journeys run through the real handler; the log is the app's own pino logger at "info".

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const PHONE_FORMS = ["082 555 0123", "0825550123", "082-555-0123", "+27825550123"];

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
}, 180_000); // PGlite boot + seed on a busy 2-core machine
afterAll(() => app?.close());

describe(`log redaction (${process.env.LH_TEST_DB ?? "pglite"}/${process.env.LH_TEST_KV ?? "memory"})`, () => {
  it("a login, a password reset and a checkout leave no secrets or personal data in the log", async () => {
    const secrets: string[] = [];
    const from = app.logLines.length;

    // 1. Sign in with the demo customer (and a wrong password first).
    const b = newBrowser("203.0.113.77");
    const wrong = await login(app, b, "parent@example.com", "wrong-password-guess");
    expect(wrong.status).toBe(400);
    const ok = await login(app, b, "parent@example.com", "harvest-demo-2026");
    expect(ok.status).toBe(303);
    const session = b.cookies.get("lh_session");
    expect(session).toBeTruthy();
    secrets.push("wrong-password-guess", "harvest-demo-2026", session!);
    expect((await browserGet(app, b, "/account")).status).toBe(200);

    // 2. Password reset through the emailed link.
    await formPost(app, newBrowser("203.0.113.78"), "/forgot-password", { email: "parent@example.com" });
    const mail = await lastEmail(app, "parent@example.com", "password-reset");
    expect(mail).toBeTruthy();
    const link = linkPath(mail!.payload.resetUrl);
    const token = new URL(link, "http://x").searchParams.get("token")!;
    secrets.push(token);
    expect((await browserGet(app, newBrowser("203.0.113.79"), link)).status).toBe(200);
    const reset = await formPost(app, newBrowser("203.0.113.79"), "/reset-password", {
      token,
      password: "a brand new garden phrase",
    });
    expect(reset.status).toBe(303);
    secrets.push("a brand new garden phrase");

    // 3. Checkout with a phone number and an address, by a signed-in customer.
    const shopper = await signedInCustomer(app);
    secrets.push(shopper.email!, [...shopper.cookies.values()][0]);
    const meal = await variant(app, "chicken-sweet-potato-carrot", 130);
    expect((await addMeal(app, shopper, "chicken-sweet-potato-carrot", meal.id, 2)).status).toBeLessThan(400);
    const checkoutPage = await (await get(app, shopper, "/checkout")).text();
    const checkoutToken = /name="checkoutToken" value="([^"]+)"/.exec(checkoutPage)![1];
    const placed = await post(app, shopper, "/checkout", await checkoutFields(app, { checkoutToken }));
    expect(placed.status).toBe(303);
    secrets.push(checkoutToken);

    // 4. The queued emails (reset, order confirmation) go out through the configured mailer.
    const sender = createEmailSender({ ...app.ctx, appUrl: app.ctx.config.appUrl });
    const round = await sender.runOnce();
    expect(round.sent).toBeGreaterThan(0);

    // 5. A request carrying credentials in headers.
    await app.request("/api/metrics-full", {
      headers: { authorization: "Bearer header-secret-token-123", cookie: "lh_session=cookie-secret-value" },
    });
    secrets.push("header-secret-token-123", "cookie-secret-value");

    const lines = app.logLines.slice(from);
    // The journeys were logged (one access line per request, with route ids), so the checks below are not vacuous.
    const access = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === "request");
    for (const route of [
      "routes/login",
      "routes/forgot-password",
      "routes/reset-password",
      "routes/checkout",
      "routes/shop.$slug",
    ]) {
      expect(
        access.some((l) => l.route === route),
        route,
      ).toBe(true);
    }
    expect(access.every((l) => typeof l.requestId === "string")).toBe(true);

    const text = lines.join("\n");
    for (const s of secrets) expect(text, `log contains ${s.slice(0, 6)}…`).not.toContain(s);
    for (const p of PHONE_FORMS) expect(text).not.toContain(p);
    expect(text).not.toMatch(EMAIL);
    expect(text).not.toContain("14 Oxford Road");
    expect(text.toLowerCase()).not.toContain("set-cookie");
  });
});
