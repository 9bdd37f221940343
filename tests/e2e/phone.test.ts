// Phone-first pages (390×844): what a parent needs is on the first screen, and small links are still easy to tap.
import { describe, expect, it } from "vitest";
import { DESKTOP, JS_MODES, newContext, onFirstScreen } from "./support/browser";
import { serverAndBrowserForFile } from "./support/suite";

const e2e = serverAndBrowserForFile();

describe.each(JS_MODES)("on a phone with $name", ({ javaScriptEnabled }) => {
  it("the shop shows its first meals on the first screen; the filters open from a button", async () => {
    const context = await newContext(e2e.browser, { javaScriptEnabled, baseURL: e2e.server.url });
    const page = await context.newPage();
    await page.goto("/shop");
    await onFirstScreen(page.locator(".card__title").first());
    await expect(page.getByLabel("Age group").isVisible()).resolves.toBe(false);
    await page.getByText("Filter meals", { exact: true }).click();
    await expect(page.getByLabel("Age group").isVisible()).resolves.toBe(true);
    await context.close();
  });

  it("a meal page shows its name, portions with prices and Add to cart on the first screen", async () => {
    const context = await newContext(e2e.browser, { javaScriptEnabled, baseURL: e2e.server.url });
    const page = await context.newPage();
    await page.goto("/shop/cottage-pie");
    await onFirstScreen(page.getByRole("heading", { level: 1, name: "Mini Cottage Pie" }));
    await onFirstScreen(page.locator(".portions"));
    await onFirstScreen(page.locator(".portion__price").first());
    await onFirstScreen(page.getByRole("button", { name: "Add to cart" }));
    await context.close();
  });

  it("card titles, breadcrumbs and back links are at least 24 px tall to tap", async () => {
    const context = await newContext(e2e.browser, { javaScriptEnabled, baseURL: e2e.server.url });
    const page = await context.newPage();
    await page.goto("/shop");
    const links = [page.locator(".card__title a").first()];
    await page.goto("/shop/cottage-pie");
    links.push(page.locator(".breadcrumbs a").first());
    for (const link of links.slice(1)) expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(24);
    await page.goto("/shop");
    expect((await links[0].boundingBox())!.height).toBeGreaterThanOrEqual(24);
    await context.close();
  });
});

describe("on a desktop screen", () => {
  it("the shop's filters stay open beside the meals", async () => {
    const context = await newContext(e2e.browser, { javaScriptEnabled: false, baseURL: e2e.server.url, viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto("/shop");
    await expect(page.getByLabel("Age group").isVisible()).resolves.toBe(true);
    await context.close();
  });
});
