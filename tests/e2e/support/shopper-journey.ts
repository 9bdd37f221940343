import type { Browser, Page } from "playwright-core";
import { expect } from "vitest";
import { newContext } from "./browser";

const summary = async (page: Page) => ({
  subtotal: (await page.getByTestId("subtotal").textContent())?.trim(),
  delivery: (await page.getByTestId("delivery-fee").textContent())?.trim(),
  total: (await page.getByTestId("total").textContent())?.trim(),
});

/**
 * The shopper's journey, the same against the Node server and the worker: browse → free from milk → two meals and a
 * pack → cart totals → sign in → cash on delivery → order in history. `baseURL` must be a freshly seeded shop.
 */
export async function shopperJourney(
  browser: Browser,
  opts: { baseURL: string; javaScriptEnabled: boolean; screenshotName: string },
) {
  const { javaScriptEnabled } = opts;
  const context = await newContext(browser, { javaScriptEnabled, baseURL: opts.baseURL });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // Scripts and styles come straight from the build: anything but a 200 (a redirect, a miss) is a broken or slower page.
  page.on("response", (r) => {
    if (new URL(r.url()).pathname.startsWith("/build/") && r.status() !== 200) errors.push(`${r.status()} for ${r.url()}`);
  });
  page.on("console", (m) => {
    // Hydration mismatches and React warnings surface here; the deliberate 400 (postal code) is expected.
    if ((m.type() === "error" || m.type() === "warning") && !/status of 400/.test(m.text()))
      errors.push(`console ${m.type()}: ${m.text()}`);
  });

  // Browse and filter: free from milk.
  await page.goto("/");
  await page.getByRole("link", { name: "Shop meals" }).click();
  await page.waitForURL("**/shop");
  await page.locator("summary", { hasText: "Filter meals" }).click(); // the filters fold away on a phone
  await page.getByRole("checkbox", { name: "Milk" }).check();
  if (!javaScriptEnabled) await page.getByRole("button", { name: "Show meals" }).click();
  await page.waitForURL(/free=milk/);
  await page.getByRole("link", { name: "Cheesy Vegetable Risotto" }).waitFor({ state: "detached" });
  await page.getByRole("link", { name: "Turkey, Rice & Broccoli" }).waitFor();

  // First meal: 2 × Turkey, Rice & Broccoli 130 g (R45).
  await page.getByRole("link", { name: "Turkey, Rice & Broccoli" }).click();
  await page.waitForURL("**/shop/turkey-rice-broccoli");
  if (javaScriptEnabled) await page.evaluate(() => ((window as unknown as { __stillHere: boolean }).__stillHere = true));
  await page.getByRole("radio", { name: /130 g/ }).check();
  await page.getByLabel("Quantity").fill("2");
  await page.getByRole("button", { name: "Add to cart" }).click();
  if (javaScriptEnabled) {
    await page.getByRole("status").filter({ hasText: "Added 2 × Turkey, Rice & Broccoli (130 g)" }).waitFor();
    // No full page load: the marker set on this document survived, and the header count moved.
    await expect(page.evaluate(() => (window as unknown as { __stillHere?: boolean }).__stillHere)).resolves.toBe(true);
    await page.getByTestId("cart-count").filter({ hasText: "2" }).waitFor();
    expect(page.url()).toContain("/shop/turkey-rice-broccoli");
  } else {
    await page.waitForURL(/\/cart(\?|$)/);
  }

  // Second meal: 2 × Three-Bean Veggie Chilli 160 g (R55) → exactly R200.
  await page.goto("/shop?free=milk");
  await page.getByRole("link", { name: "Three-Bean Veggie Chilli with Rice" }).click();
  await page.waitForURL("**/shop/three-bean-veggie-chilli");
  await page.getByRole("radio", { name: /160 g/ }).check();
  await page.getByLabel("Quantity").fill("2");
  await page.getByRole("button", { name: "Add to cart" }).click();
  if (javaScriptEnabled) await page.getByRole("status").filter({ hasText: "Added 2 ×" }).waitFor();

  // The R200 edge: exactly R200 is free; one meal fewer pays R25.
  await page.goto("/cart");
  expect(await summary(page)).toEqual({ subtotal: "R200.00", delivery: "Free", total: "R200.00" });
  const turkey = page.locator("li.cart-line", { hasText: "Turkey, Rice & Broccoli" });
  await turkey.getByLabel("Quantity of Turkey, Rice & Broccoli 130 g", { exact: true }).fill("1");
  await turkey.getByRole("button", { name: /^Update quantity of Turkey/ }).click();
  await page.getByTestId("subtotal").filter({ hasText: "R155.00" }).waitFor();
  expect(await summary(page)).toEqual({ subtotal: "R155.00", delivery: "R25.00", total: "R180.00" });

  // A pack.
  await page.goto("/packs/weekly-stage-pack-12-24m");
  await page.getByRole("button", { name: "Add pack to cart" }).click();
  if (javaScriptEnabled) await page.getByRole("status").filter({ hasText: "Added 1 × Weekly Stage Pack" }).waitFor();
  else await page.waitForURL(/\/cart(\?|$)/);
  await page.goto("/cart");
  const packPrice = (await page
    .locator("li.cart-line", { hasText: "Weekly Stage Pack" })
    .locator(".cart-line__total")
    .textContent())!.trim();
  const packCents = Number(packPrice.replace(/[^0-9]/g, ""));
  const totalCents = 15_500 + packCents;
  const rand = (c: number) =>
    `R${String(Math.floor(c / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, " ")}.${String(c % 100).padStart(2, "0")}`;
  expect(await summary(page)).toEqual({ subtotal: rand(totalCents), delivery: "Free", total: rand(totalCents) });

  // Checkout as a guest → log in / sign up → back at checkout with the cart intact.
  await page.getByRole("link", { name: "Log in and check out" }).click();
  await page.waitForURL(/\/login\?redirectTo=%2Fcheckout/);
  if (!javaScriptEnabled) {
    await page.getByRole("link", { name: "Create an account" }).click();
    await page.getByLabel("Your name").fill("Naledi Journey");
    const email = `naledi-${Date.now()}@example.com`;
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password", { exact: true }).fill("purple-giraffe-sunset-42");
    await page.getByRole("button", { name: "Create account" }).click();
    // Sign-up answers "check your inbox, then log in" (the same for a taken address), keeping where we were going.
    await page.waitForURL(/\/login\?signup=1&redirectTo=%2Fcheckout/);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password", { exact: true }).fill("purple-giraffe-sunset-42");
    await page.getByRole("button", { name: "Log in" }).click();
  } else {
    await page.getByLabel("Email").fill("parent@example.com");
    await page.getByLabel("Password", { exact: true }).fill("harvest-demo-2026");
    await page.getByRole("button", { name: "Log in" }).click();
  }
  await page.waitForURL("**/checkout");
  await expect(page.getByRole("button", { name: /Place order/ }).textContent()).resolves.toContain(rand(totalCents));

  // A new account has no saved address: the form asks, and an address outside the area is refused beside the field.
  if (!javaScriptEnabled) {
    await page.getByLabel("Phone number").fill("082 555 0199");
    await page.getByLabel("Street address").fill("7 Jacaranda Street");
    await page.getByLabel("Suburb").fill("Parkhurst");
    await page.getByLabel("Postal code").fill("8001");
    await page.getByRole("button", { name: /Place order/ }).click();
    await page.getByRole("alert").filter({ hasText: "Sorry, we don't deliver to 8001 yet." }).waitFor();
    // Focus is on the error summary, which names the problem (and is announced: role=alert).
    await expect(page.evaluate(() => document.activeElement?.getAttribute("role"))).resolves.toBe("alert");
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toContain("we don't deliver to 8001");
    await page.getByLabel("Postal code").fill("2193");
  }
  await page.getByRole("radio", { name: /Cash on delivery/ }).check();
  await page.getByRole("button", { name: /Place order/ }).click();
  await page.waitForURL(/\/orders\/LH-\d{6}\?placed=1$/);
  const number = (await page.getByTestId("order-number").textContent())!.trim();
  expect(number).toMatch(/^LH-\d{6}$/);
  await expect(page.getByTestId("order-total").textContent()).resolves.toBe(rand(totalCents));

  await page.goto("/account/orders");
  await expect(page.getByRole("link", { name: number }).count()).resolves.toBe(1);
  await page.screenshot({ path: `tests/e2e/artifacts/${opts.screenshotName}-${javaScriptEnabled ? "js" : "nojs"}.png` });
  expect(errors).toEqual([]);
  await context.close();
}
