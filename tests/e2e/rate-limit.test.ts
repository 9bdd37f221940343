// The 429 a visitor meets when a form is sent too often (docs/decisions/034-rate-limit-through-remix.md): with
// JavaScript off it is the shop's error page; with it on, Remix's client decodes the refusal and shows the same page
// in place — never a "failed to decode" crash or a blank screen.
import { describe, expect, it } from "vitest";
import { DESKTOP, JS_MODES, routerUp } from "./support/browser";
import { serverAndBrowserForFile } from "./support/suite";

// One sign-in post an hour per client; each mode comes from its own address (through a trusted proxy's header).
const e2e = serverAndBrowserForFile(() => ({ RATE_LIMIT_AUTH: "1/1h", TRUST_PROXY: "true" }));

describe.each(JS_MODES)("a sign-in over its budget with $name", ({ javaScriptEnabled: js }) => {
  it("shows the shop's 429 page: what happened, how long to wait, a way back to the form", async () => {
    const context = await e2e.browser.newContext({
      javaScriptEnabled: js,
      baseURL: e2e.server.url,
      viewport: DESKTOP,
      extraHTTPHeaders: { "x-forwarded-for": js ? "198.51.100.31" : "198.51.100.32" },
    });
    const page = await context.newPage();
    const tryOnce = async (password: string) => {
      await page.goto("/login");
      if (js) await page.waitForFunction(routerUp);
      await page.getByLabel("Email").fill("nobody@example.com");
      await page.getByLabel("Password", { exact: true }).fill(password);
      await page.getByRole("button", { name: "Log in" }).click();
    };
    await tryOnce("first wrong guess");
    await page.getByText("That email and password don't match an account.", { exact: false }).waitFor();
    await tryOnce("second wrong guess");
    const refused = page.getByRole("alert").filter({ has: page.getByRole("heading", { name: "Too many attempts" }) });
    await refused.waitFor();
    await expect(refused.textContent()).resolves.toMatch(/Please wait \d+ seconds and try again\./);
    await expect(refused.getByRole("link", { name: "Try again" }).getAttribute("href")).resolves.toBe("/login");
    await context.close();
  });
});
