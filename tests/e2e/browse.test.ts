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

describe("moving between pages with JavaScript on", () => {
  it("asks the server only for the new page's data, and the header's cart count follows an add to cart", async () => {
    const context = await newContext(e2e.browser, { javaScriptEnabled: true, baseURL: e2e.server.url });
    const page = await context.newPage();
    const dataRequests: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).pathname.endsWith(".data")) dataRequests.push(request.url());
    });
    await page.goto("/shop");
    await page.getByRole("link", { name: "Chicken Pasta Primavera" }).first().click();
    await page.getByRole("heading", { level: 1, name: "Chicken Pasta Primavera" }).waitFor();
    // The root (who is signed in, the cart count) is not loaded again: only the meal page's own loader runs.
    expect(dataRequests).toHaveLength(1);
    expect(new URL(dataRequests[0]).searchParams.get("_routes")).toBe("routes/shop.$slug");

    await expect(page.getByTestId("cart-count").textContent()).resolves.toBe("0");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.getByRole("status").filter({ hasText: "Added 1 × Chicken Pasta Primavera" }).waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="cart-count"]')?.textContent === "1");
    await page.getByRole("link", { name: "Stage packs" }).first().click();
    await page.waitForURL("**/packs");
    await expect(page.getByTestId("cart-count").textContent()).resolves.toBe("1");
    await context.close();
  });
});
