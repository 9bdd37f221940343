// The meal and pack pages' add-to-cart form, JavaScript off: a refusal keeps what the parent chose, and a meal with a
// child's allergen says so plainly and asks for a confirmation before it goes in the cart.
import { describe, expect, it } from "vitest";
import { JS_MODES, newContext } from "./support/browser";
import { logInAsDemoParent, serverAndBrowserForFile } from "./support/suite";

const e2e = serverAndBrowserForFile();

describe("add to cart with JavaScript off", () => {
  it("a stock-limit refusal comes back with the chosen portion and quantity still selected", async () => {
    const context = await newContext(e2e.browser, { javaScriptEnabled: false, baseURL: e2e.server.url });
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
    await page.waitForURL(/\/cart(\?|$)/);
    await page.locator("li.cart-line", { hasText: "160 g" }).waitFor();
    await context.close();
  });
});

describe.each(JS_MODES)("a meal the child is allergic to, with $name", ({ javaScriptEnabled }) => {
  it("says so loudly beside Add to cart, naming the child, and adds only after 'I understand'", async () => {
    const context = await newContext(e2e.browser, { javaScriptEnabled, baseURL: e2e.server.url });
    const guestPage = await context.newPage();
    await guestPage.goto("/shop/cheesy-vegetable-risotto");
    const usualColour = await guestPage
      .getByRole("button", { name: "Add to cart" })
      .evaluate((b) => getComputedStyle(b).backgroundColor);
    await guestPage.close();

    const page = await logInAsDemoParent(context); // Lerato, allergic to milk
    await page.goto("/shop/cheesy-vegetable-risotto");
    const alert = page.getByTestId("allergy-alert");
    await expect(alert.textContent()).resolves.toContain("Contains milk — Lerato is allergic to milk");
    const button = page.getByRole("button", { name: "Add to cart" });
    // Right above the button, in larger type than the page's body text, and the button itself looks different.
    const [alertBox, buttonBox] = [(await alert.boundingBox())!, (await button.boundingBox())!];
    expect(alertBox.y + alertBox.height).toBeLessThanOrEqual(buttonBox.y);
    expect(buttonBox.y - (alertBox.y + alertBox.height)).toBeLessThan(80);
    const bodySize = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    expect(await alert.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThan(bodySize);
    expect(await button.evaluate((b) => getComputedStyle(b).backgroundColor)).not.toBe(usualColour);

    // Without the tick: refused, said on the form, focus on the checkbox, nothing added to the cart.
    const countBefore = await page.getByTestId("cart-count").textContent();
    await button.click();
    await page.getByRole("alert").filter({ hasText: "Tick “I understand this contains milk” to add it to your cart." }).waitFor();
    const confirm = page.getByRole("checkbox", { name: "I understand this contains milk" });
    // Focus moves to the error summary, which says the same.
    await page.waitForFunction(() => document.activeElement?.getAttribute("role") === "alert");
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toContain("Lerato is allergic to milk");
    await expect(page.getByTestId("cart-count").textContent()).resolves.toBe(countBefore);

    await confirm.check();
    await page.getByRole("button", { name: "Add to cart" }).click();
    if (javaScriptEnabled) await page.getByRole("status").filter({ hasText: "Added 1 × Cheesy Vegetable Risotto" }).waitFor();
    else await page.waitForURL(/\/cart(\?|$)/);
    await page.goto("/cart");
    await page.locator("li.cart-line", { hasText: "Cheesy Vegetable Risotto" }).waitFor();
    await context.close();
  });
});
