// The meal and pack pages' add-to-cart form, JavaScript off: a refusal keeps what the parent chose, and a meal with a
// child's allergen says so plainly and asks for a confirmation before it goes in the cart.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newContext } from "./support/browser";
import { startServer, type RunningServer } from "./support/server";

let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function logInAsDemoParent(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill("parent@example.com");
  await page.getByLabel("Password", { exact: true }).fill("harvest-demo-2026");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  return page;
}

describe("add to cart with JavaScript off", () => {
  it("a stock-limit refusal comes back with the chosen portion and quantity still selected", async () => {
    const context = await newContext(browser, { javaScriptEnabled: false, baseURL: server.url });
    const page = await context.newPage();
    await page.goto("/shop/lamb-mash-potato-peas");
    await page.getByRole("radio", { name: /160 g/ }).check();
    await page.getByLabel("Quantity").fill("5");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page
      .getByText(/Only 2 left/, { exact: false })
      .first()
      .waitFor();
    expect(new URL(page.url()).pathname).toBe("/shop/lamb-mash-potato-peas");
    await expect(page.getByRole("radio", { name: /160 g/ }).isChecked()).resolves.toBe(true);
    await expect(page.getByRole("radio", { name: /130 g/ }).isChecked()).resolves.toBe(false);
    await expect(page.getByLabel("Quantity").inputValue()).resolves.toBe("5");
    // Correcting only the quantity now adds the right portion.
    await page.getByLabel("Quantity").fill("2");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.waitForURL("**/cart");
    await page.locator("li.cart-line", { hasText: "160 g" }).waitFor();
    await context.close();
  });
});
