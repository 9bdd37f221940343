import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOidcProvider } from "../support/oidc";
import { JS_MODES, launchBrowser, newContext } from "./support/browser";
import { linkFromOutbox as linkFromOutboxOf } from "./support/outbox";
import { startServer, type RunningServer } from "./support/server";

let server: RunningServer;
let browser: Browser;
let idp: Awaited<ReturnType<typeof startOidcProvider>>;
beforeAll(async () => {
  idp = await startOidcProvider({ sub: "g-0", email: "nobody@example.com", email_verified: true, name: "Nobody" });
  server = await startServer({
    GOOGLE_CLIENT_ID: "lh-e2e-client",
    GOOGLE_CLIENT_SECRET: "lh-e2e-secret",
    GOOGLE_ISSUER: idp.issuer,
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await idp?.stop();
});

const linkFromOutbox = (to: string, template: string, pathPrefix: string) =>
  linkFromOutboxOf(server.outboxDir, to, template, pathPrefix);

/** Console errors and warnings that would mean a CSP violation or a hydration mismatch. */
function watchConsole(page: Page) {
  const problems: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") problems.push(msg.text());
  });
  page.on("pageerror", (err) => problems.push(err.message));
  return problems;
}

async function submit(page: Page, button: string, waitFor: string | RegExp | ((url: URL) => boolean)) {
  try {
    await Promise.all([page.waitForURL(waitFor, { timeout: 15_000 }), page.getByRole("button", { name: button }).click()]);
  } catch (error) {
    throw new Error(
      `after "${button}" the page stayed at ${page.url()}:\n${(
        await page
          .locator("body")
          .innerText({ timeout: 2_000 })
          .catch(() => "")
      ).slice(0, 800)}\n${error}`,
    );
  }
}

describe.each(JS_MODES)("accounts with $name", ({ javaScriptEnabled }) => {
  const tag = javaScriptEnabled ? "js" : "nojs";

  it("signs up, confirms the email from the outbox, logs out, resets the password and logs in with the new one", async () => {
    const context = await newContext(browser, { javaScriptEnabled, baseURL: server.url });
    const page = await context.newPage();
    const problems = watchConsole(page);
    const email = `parent-${tag}@example.com`;

    await page.goto("/signup");
    await page.getByLabel("Your name").fill("Ayanda Khumalo");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password", { exact: true }).fill("pumpkin soup on sundays");
    if (javaScriptEnabled)
      await expect(page.getByTestId("password-strength").textContent({ timeout: 10_000 })).resolves.toContain(
        "Password strength",
      );
    await submit(page, "Create account", /\/login\?signup=1$/);
    await page.getByText("check your inbox").waitFor();
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("pumpkin soup on sundays");
    await submit(page, "Log in", /\/account$/);
    await page.getByText("Please confirm your email address").waitFor();

    const verifyUrl = await linkFromOutbox(email, "verify-email", "/verify-email?token=");
    expect(verifyUrl.startsWith(server.url)).toBe(true);
    await page.goto(verifyUrl);
    await page.getByRole("heading", { name: "Email confirmed" }).waitFor();
    await page.getByRole("link", { name: "Go to my account" }).click();
    await page.waitForURL(/\/account$/);
    await expect(page.getByText("Please confirm your email address").count()).resolves.toBe(0);

    await submit(page, "Log out", (url) => url.pathname === "/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Log in" }).waitFor();

    await page.goto("/login");
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.waitForURL(/\/forgot-password$/);
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Email me a reset link" }).click();
    await expect(page.getByText("If an account exists for that address").waitFor()).resolves.toBeUndefined();

    const resetUrl = await linkFromOutbox(email, "password-reset", "/reset-password?token=");
    await page.goto(resetUrl);
    await page.getByLabel("New password").fill("carrots at midnight");
    await submit(page, "Set new password", /\/login\?reset=1$/);
    await page.getByText("Your password was changed").waitFor();

    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("pumpkin soup on sundays");
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByText("don't match an account").waitFor()).resolves.toBeUndefined();
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("carrots at midnight");
    await submit(page, "Log in", /\/account$/);
    await page.getByRole("heading", { name: "My account" }).waitFor();
    await page.screenshot({ path: `tests/e2e/artifacts/account-${tag}.png` });

    expect(
      problems.filter((p) =>
        /Content Security Policy|hydrat|did not match|Refused to|Minified React error #(418|423|425)/i.test(p),
      ),
    ).toEqual([]);
    await context.close();
  });

  it("signs in with Google through the local provider", async () => {
    idp.setIdentity({ sub: `g-${tag}`, email: `google-${tag}@example.com`, email_verified: true, name: "Sipho Google" });
    const context = await newContext(browser, { javaScriptEnabled, baseURL: server.url });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto("/login");
    await Promise.all([
      page.waitForURL(/\/account\?welcome=1$/),
      page.getByRole("link", { name: "Continue with Google" }).click(),
    ]);
    await expect(page.getByText(`google-${tag}@example.com`).count()).resolves.toBeGreaterThan(0);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Account" }).count()).resolves.toBe(1);
    expect(
      problems.filter((p) =>
        /Content Security Policy|hydrat|did not match|Refused to|Minified React error #(418|423|425)/i.test(p),
      ),
    ).toEqual([]);
    await context.close();
  });

  it("a redirectTo whose dots collapse to //evil.example keeps the browser on the site, logging in and signed in", async () => {
    const context = await newContext(browser, { javaScriptEnabled, baseURL: server.url });
    // evil.example never resolves (a reserved name): a browser sent there fails the navigation, and the test with it.
    const page = await context.newPage();
    const ours = new URL(server.url).origin;
    await page.goto("/login?redirectTo=%2F..%2F%2Fevil.example");
    await page.getByLabel("Email").fill("parent@example.com");
    await page.getByLabel("Password").fill("harvest-demo-2026");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    expect(new URL(page.url()).origin).toBe(ours);
    for (const target of ["/..//evil.example", "/%2e%2e//evil.example", "/a/..//evil.example", "/.//evil.example"]) {
      await page.goto(`/signup?redirectTo=${target}`);
      expect(new URL(page.url()).origin, target).toBe(ours);
      await page.goto(`/login?redirectTo=${target}`);
      expect(new URL(page.url()).origin, target).toBe(ours);
    }
    await context.close();
  });
});
