// The parents' help page: reachable from the footer and from checkout, readable without JavaScript, and its facts
// (days, cut-off, area, fees, ways to pay, contact) are the store's settings — change them and the page changes.
// (Axe checks it in all four modes in a11y.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPeachStandIn, type PeachStandIn } from "../support/peach-stand-in";
import { DESKTOP, JS_MODES, newContext, routerUp } from "./support/browser";
import { E2E_ADMIN } from "./support/server";
import { logIn, logInAsDemoParent, serverAndBrowserForFile } from "./support/suite";

// A card provider (the stand-in), so switching card payments on in settings really offers them.
let peach: PeachStandIn;
beforeAll(async () => {
  peach = await startPeachStandIn();
});
afterAll(() => peach?.close());
const e2e = serverAndBrowserForFile(() => peach.env);

describe.each(JS_MODES)("the help page with $name", ({ javaScriptEnabled }) => {
  it("is linked from the footer and from checkout, and answers with the shop's own facts", async () => {
    const context = await newContext(e2e.browser, { javaScriptEnabled, baseURL: e2e.server.url });
    const page = await logInAsDemoParent(context);
    await page.goto("/");
    await page.getByRole("contentinfo").getByRole("link", { name: "Help and delivery" }).click();
    await page.waitForURL("**/help");
    await page.getByRole("heading", { level: 1, name: "Help for parents" }).waitFor();
    for (const name of ["Delivery area and days", "Delivery fees", "Allergy and age warnings", "Paying", "Contact the kitchen"])
      await page.getByRole("heading", { level: 2, name }).waitFor();
    await page.getByRole("link", { name: "Storing, thawing and reheating" }).click();
    expect(new URL(page.url()).hash).toBe("#food-safety");

    await page.goto("/shop/turkey-rice-broccoli");
    if (javaScriptEnabled) await page.waitForFunction(routerUp);
    await page.getByRole("button", { name: "Add to cart" }).click();
    if (javaScriptEnabled) await page.getByRole("status").filter({ hasText: "Added" }).waitFor();
    else await page.waitForURL(/\/cart(\?|$)/);
    await page.goto("/checkout");
    await page.getByRole("link", { name: "Help with delivery, paying and cancelling" }).click();
    await page.waitForURL("**/help");
    await context.close();
  });
});

describe("the help page follows the store settings", () => {
  it("days, cut-off, fee, threshold, area, ways to pay and contact change when an admin saves new ones", async () => {
    const shopper = await newContext(e2e.browser, { javaScriptEnabled: false, baseURL: e2e.server.url });
    const page = await shopper.newPage();
    const facts = async () => {
      await page.goto("/help");
      const text = async (testId: string) => (await page.getByTestId(testId).textContent())!.replace(/\s+/g, " ");
      const [days, cutoff, fees, postal, pay, contact] = await Promise.all(
        ["days", "cutoff", "fees", "postal-codes", "payment-methods", "contact"].map((id) => text(`help-${id}`)),
      );
      return { days, cutoff, fees, postal, pay, contact };
    };
    const before = await facts();
    expect(before.pay).toContain("Cash on delivery");
    expect(before.pay).not.toContain("Card");

    const adminContext = await newContext(e2e.browser, { javaScriptEnabled: false, baseURL: e2e.server.url, viewport: DESKTOP });
    const admin = await logIn(adminContext, E2E_ADMIN);
    await admin.goto("/admin/settings");
    await admin.getByLabel("Delivery fee (rand)").fill("31.50");
    await admin.getByLabel("Free delivery from (rand)").fill("345");
    await admin.getByLabel("Order cut-off hour (the day before delivery)").selectOption("11");
    await admin.getByLabel("Postal codes we deliver to").fill("2193, 2196, 2000");
    for (const day of ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])
      await admin.getByRole("checkbox", { name: day }).setChecked(day === "Tuesday" || day === "Saturday");
    await admin.getByRole("textbox", { name: "Phone" }).fill("011 555 0142");
    await admin.getByRole("checkbox", { name: "Card" }).check();
    await admin.getByRole("button", { name: "Save settings" }).click();
    await admin.waitForURL(/saved=1/);

    const after = await facts();
    expect(after.days).toBe("We deliver on Tuesday and Saturday.");
    expect(after.cutoff).toContain("Order before 11:00");
    expect(after.fees).toContain("Delivery costs R31.50, and is free on orders of R345.00 or more.");
    expect(after.postal).toBe("2000, 2193, 2196");
    expect(after.contact).toContain("011 555 0142");
    expect(after.pay).toContain("Card: Pay securely online.");
    for (const key of Object.keys(before) as (keyof typeof before)[]) expect(after[key]).not.toBe(before[key]);
    await adminContext.close();
    await shopper.close();
  });
});
