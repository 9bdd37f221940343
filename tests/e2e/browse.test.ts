import { describe, expect, it } from "vitest";
import { JS_MODES, newContext } from "./support/browser";
import { serverAndBrowserForFile } from "./support/suite";

const e2e = serverAndBrowserForFile();

describe.each(JS_MODES)("browsing with $name", ({ javaScriptEnabled }) => {
  it("goes from the home page to the shop and filters by age group", async () => {
    const context = await newContext(e2e.browser, { javaScriptEnabled, baseURL: e2e.server.url });
    const page = await context.newPage();
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain("Real food for little ones");
    await page.getByRole("link", { name: "Shop meals" }).click();
    await page.waitForURL("**/shop");
    await expect(page.getByText("Chicken Pasta Primavera").count()).resolves.toBeGreaterThan(0);

    // On a phone the filters are folded away until asked for.
    await page.getByText("Filter meals", { exact: true }).click();
    await page.getByLabel("Age group").selectOption("6-8m");
    if (!javaScriptEnabled) await page.getByRole("button", { name: "Show meals" }).click();
    await page.waitForURL(/age=6-8m/);
    // With JS on the list re-renders just after the URL changes; wait for the older meals to leave.
    await page.getByRole("link", { name: "Chicken Pasta Primavera" }).waitFor({ state: "detached" });
    await expect(page.getByRole("link", { name: "Fish & Vegetable Medley" }).count()).resolves.toBe(1);
    await expect(page.getByRole("link", { name: "Chicken Pasta Primavera" }).count()).resolves.toBe(0);
    await page.screenshot({ path: `tests/e2e/artifacts/shop-${javaScriptEnabled ? "js" : "nojs"}.png`, fullPage: false });
    await context.close();
  });
});
