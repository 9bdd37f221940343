import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { earliestDeliveryDate } from "~/domain/delivery";
import { JS_MODES, newContext } from "./support/browser";
import { E2E_ADMIN } from "./support/server";
import { DEMO_PARENT, logIn, serverAndBrowserForFile } from "./support/suite";

// The back office end to end, JavaScript off and on: an admin confirms an order and takes it to delivered, cancels
// another (stock back, cancellation email in the outbox), edits a price the shop shows at once, and prints
// tomorrow's prep sheet with the right meal counts.

const e2e = serverAndBrowserForFile();

async function addToCart(page: Page, js: boolean, slug: string, portion: string, quantity: number) {
  await page.goto(`/shop/${slug}`);
  await page.getByRole("radio", { name: new RegExp(portion) }).check();
  await page.getByLabel("Quantity").fill(String(quantity));
  await understandAllergens(page);
  await page.getByRole("button", { name: "Add to cart" }).click();
  if (js) await page.getByRole("status").filter({ hasText: "Added" }).waitFor();
  else await page.waitForURL(/\/cart(\?|$)/);
}

/** The demo parent's child is allergic to milk: a meal or pack with milk asks "I understand…" before adding. */
async function understandAllergens(page: Page) {
  const confirm = page.getByRole("checkbox", { name: /^I understand this/ });
  if (await confirm.count()) await confirm.check();
}

/** Checks out the customer's cart for `date`; returns the order number. */
async function checkout(page: Page, date: string): Promise<string> {
  await page.goto("/checkout");
  await page.locator(`input[name="deliveryDate"][value="${date}"]`).check();
  await page.getByRole("radio", { name: /Cash on delivery/ }).check();
  await page.getByRole("button", { name: /Place order/ }).click();
  await page.waitForURL(/\/orders\/LH-\d{6}\?placed=1$/);
  return new URL(page.url()).pathname.split("/").pop()!;
}

async function openOrder(admin: Page, number: string) {
  await admin.goto(`/admin/orders?q=${number}`);
  await admin.getByRole("link", { name: number }).click();
  await admin.getByRole("heading", { name: `Order ${number}` }).waitFor();
}

async function mealCounts(admin: Page, date: string): Promise<Record<string, number>> {
  await admin.goto(`/admin/prep?date=${date}`);
  const rows = await admin
    .locator("tr[data-meal]")
    .evaluateAll((trs) =>
      trs.map((tr) => [tr.getAttribute("data-meal") ?? "", Number(tr.querySelector("td.num")?.textContent ?? 0)] as const),
    );
  return Object.fromEntries(rows);
}

async function stockOf(admin: Page, productName: string, portion: string): Promise<number> {
  await admin.goto(`/admin/products?q=${encodeURIComponent(productName)}`);
  await admin.getByRole("link", { name: productName, exact: true }).click();
  const row = admin.locator("tr", { has: admin.getByRole("rowheader", { name: portion }) });
  return Number(await row.locator(".stock-count strong").textContent());
}

async function waitForOutboxEmail(needle: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(e2e.server.outboxDir)) {
      for (const file of readdirSync(e2e.server.outboxDir).filter((f) => f.endsWith(".json"))) {
        const meta = JSON.parse(readFileSync(path.join(e2e.server.outboxDir, file), "utf8"));
        if (String(meta.subject).includes(needle)) return meta as { template: string; to: string; subject: string };
      }
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no outbox email mentioning ${needle} within ${timeoutMs} ms`);
}

describe.each(JS_MODES)("the back office with $name", ({ javaScriptEnabled: js }) => {
  it("runs a day: settings, orders through to delivered, a cancellation, a price change and tomorrow's prep sheet", async () => {
    const adminContext = await newContext(e2e.browser, { javaScriptEnabled: js, baseURL: e2e.server.url });
    const customerContext = await newContext(e2e.browser, { javaScriptEnabled: js, baseURL: e2e.server.url });
    const errors: string[] = [];
    const admin = await logIn(adminContext, E2E_ADMIN);
    admin.on("pageerror", (e) => errors.push(e.message));

    // Settings: deliver every day with a late cut-off, so tomorrow is open for the orders below.
    await admin.goto("/admin");
    await admin.getByRole("heading", { name: "Dashboard" }).waitFor();
    await admin.getByRole("complementary", { name: "Back office" }).getByRole("link", { name: "Settings" }).click();
    await admin.getByRole("heading", { name: "Settings" }).waitFor();
    for (const day of ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])
      await admin.getByLabel(day).check();
    await admin.getByLabel(/cut-off hour/).selectOption("23");
    await admin.getByRole("button", { name: "Save settings" }).click();
    await admin.getByText("Settings saved.").waitFor();

    // Tomorrow, unless the 23:00 cut-off has already passed in Johannesburg; then the day after.
    const tomorrow = earliestDeliveryDate(new Date(), { cutoffHour: 23 });
    const before = await mealCounts(admin, tomorrow);

    // The customer places two orders for tomorrow.
    const customer = await logIn(customerContext, DEMO_PARENT);
    await addToCart(customer, js, "cottage-pie", "220 g", 2);
    await customer.goto("/packs/weekly-stage-pack-12-24m");
    await understandAllergens(customer);
    await customer.getByRole("button", { name: "Add pack to cart" }).click();
    if (js) await customer.getByRole("status").filter({ hasText: "Added 1 × Weekly Stage Pack" }).waitFor();
    else await customer.waitForURL(/\/cart(\?|$)/);
    const first = await checkout(customer, tomorrow);
    const turkeyBefore = await stockOf(admin, "Turkey, Rice & Broccoli", "130 g");
    await addToCart(customer, js, "turkey-rice-broccoli", "130 g", 3);
    const second = await checkout(customer, tomorrow);
    expect(await stockOf(admin, "Turkey, Rice & Broccoli", "130 g")).toBe(turkeyBefore - 3);

    // Confirm the first order and move it through to delivered.
    await openOrder(admin, first);
    for (const [button, done] of [
      ["Confirm order", "Order confirmed."],
      ["Start preparing", "The kitchen is preparing this order."],
      ["Out for delivery", "Out for delivery"],
      ["Mark delivered", "Marked delivered."],
    ]) {
      await admin.getByRole("button", { name: button }).click();
      await admin.getByRole("status").filter({ hasText: done }).waitFor();
    }
    await expect(admin.locator(".admin-heading .badge").textContent()).resolves.toBe("Delivered");
    await expect(admin.getByRole("button", { name: "Confirm order" }).count()).resolves.toBe(0);
    await expect(admin.locator(".history").textContent()).resolves.toContain(E2E_ADMIN.email);

    // Cancel the second with a reason: the stock comes back and the customer is emailed.
    await openOrder(admin, second);
    await admin.getByRole("button", { name: "Cancel order" }).click();
    await admin.getByText("Give the customer a reason for the cancellation").waitFor();
    await admin.getByLabel(/Reason for cancelling/).fill("Our kitchen is closed for a power cut");
    await admin.getByRole("button", { name: "Cancel order" }).click();
    await admin.getByRole("status").filter({ hasText: "Order cancelled" }).waitFor();
    expect(await stockOf(admin, "Turkey, Rice & Broccoli", "130 g")).toBe(turkeyBefore);
    const mail = await waitForOutboxEmail(`Order ${second} cancelled`);
    expect(mail).toMatchObject({ template: "order-cancellation", to: "parent@example.com" });

    // Edit a price; the shop shows it on the next request.
    const price = js ? "42.50" : "41.50";
    await admin.goto("/admin/products?q=Primavera");
    await admin.getByRole("link", { name: "Chicken Pasta Primavera", exact: true }).click();
    await admin.getByLabel("Price for 130 g (rand)").fill(price);
    await admin
      .locator("tr", { has: admin.getByRole("rowheader", { name: "130 g" }) })
      .getByRole("button", { name: "Set price" })
      .click();
    await admin.getByRole("status").filter({ hasText: "Price updated." }).waitFor();
    await customer.goto("/shop?q=primavera");
    await expect(customer.locator("li", { hasText: "Chicken Pasta Primavera" }).first().textContent()).resolves.toContain(
      `from R${price}`,
    );

    // Tomorrow's prep sheet counts the delivered order (packs expanded), not the cancelled one.
    const after = await mealCounts(admin, tomorrow);
    const grew = (meal: string) => (after[meal] ?? 0) - (before[meal] ?? 0);
    expect(grew("Mini Cottage Pie 220 g")).toBe(2);
    expect(grew("Beef Stew with Mixed Vegetables 220 g")).toBe(3);
    expect(grew("Chicken Pasta Primavera 220 g")).toBe(2);
    expect(grew("Veggie Frittata Bites 220 g")).toBe(2);
    expect(grew("Turkey, Rice & Broccoli 130 g")).toBe(0);
    await expect(admin.locator(".prep__run").textContent()).resolves.toContain(first);
    await expect(admin.locator(".prep__run").textContent()).resolves.not.toContain(second);
    // Printed: the back-office navigation and the controls stay off the paper.
    await admin.emulateMedia({ media: "print" });
    await expect(admin.locator(".admin__nav").isVisible()).resolves.toBe(false);
    await expect(admin.locator(".prep .admin-filters").isVisible()).resolves.toBe(false);
    await expect(admin.locator(".prep__meals table").isVisible()).resolves.toBe(true);
    await admin.screenshot({ path: `tests/e2e/artifacts/prep-print-${js ? "js" : "nojs"}.png`, fullPage: true });
    await admin.emulateMedia({ media: "screen" });

    expect(errors).toEqual([]);
    await adminContext.close();
    await customerContext.close();
  });
});
