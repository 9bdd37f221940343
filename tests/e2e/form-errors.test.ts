// A failed submit is announced: focus moves to an error summary (role=alert) naming every problem — JavaScript on
// (an effect) and off (autofocus in the server's HTML, with the bundle blocked) — and the page passes axe with it.
import { AxeBuilder } from "@axe-core/playwright";
import type { BrowserContext } from "playwright-core";
import { describe, expect, it } from "vitest";
import { PHONE } from "./support/browser";
import { logInAsDemoParent, serverAndBrowserForFile } from "./support/suite";

const e2e = serverAndBrowserForFile();

/** JavaScript off as in the axe suite: the page keeps JavaScript (axe needs it) but the app's bundle never loads. */
async function context(scripts: boolean): Promise<BrowserContext> {
  const ctx = await e2e.browser.newContext({ baseURL: e2e.server.url, viewport: PHONE });
  if (!scripts) await ctx.route("**/build/**/*.js", (route) => route.abort());
  return ctx;
}

describe.each([
  { name: "JavaScript on", scripts: true },
  { name: "JavaScript off", scripts: false },
])("form errors with $name", ({ scripts }) => {
  it("an empty child profile: focus lands on a summary that lists each problem", async () => {
    const ctx = await context(scripts);
    const page = await logInAsDemoParent(ctx);
    await page.goto("/account/children/new");
    if (scripts) await page.waitForFunction(() => "__remixRouter" in window);
    await page.getByRole("button", { name: "Save child" }).click();
    await page.waitForFunction(() => document.activeElement?.getAttribute("role") === "alert");
    const summary = await page.evaluate(() => document.activeElement!.textContent ?? "");
    const fieldMessages = await page.locator(".field-error").allTextContents();
    expect(fieldMessages.length).toBeGreaterThan(0);
    for (const message of fieldMessages) expect(summary).toContain(message);
    const { violations } = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
      .analyze();
    expect(violations.map((v) => v.id)).toEqual([]);
    await ctx.close();
  });
});
