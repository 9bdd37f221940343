// The places a parent or a packer found harder than they should be (issue #26, items 1–10), each as they met it:
// phone first, JavaScript on and off, desktop where the layout differs.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DESKTOP, JS_MODES, PHONE, newContext, onFirstScreen, routerUp } from "./support/browser";
import { linkFromOutbox, sentEmails } from "./support/outbox";
import { E2E_ADMIN } from "./support/server";
import { logIn, logInAsDemoParent, serverAndBrowserForFile } from "./support/suite";

const e2e = serverAndBrowserForFile();

/** Adds a meal portion (or, without `portion`, a pack) the way the page's mode does it. */
async function add(page: Page, js: boolean, path: string, opts: { portion?: RegExp; quantity?: number } = {}) {
  await page.goto(path);
  if (js) await page.waitForFunction(routerUp);
  if (opts.portion) await page.getByRole("radio", { name: opts.portion }).check();
  if (opts.quantity) await page.getByLabel("Quantity").fill(String(opts.quantity));
  await page.getByRole("button", { name: opts.portion ? "Add to cart" : "Add pack to cart" }).click();
  if (js) await page.getByRole("status").filter({ hasText: "Added" }).waitFor();
  else await page.waitForURL(/\/cart(\?|$)/);
}

let signups = 0;
/** Signs a new parent up from wherever the page is (a sign-up form on screen); returns their address. */
async function signUpHere(page: Page, tag: string) {
  const email = `rough-${tag}-${++signups}@example.com`;
  await page.getByLabel("Your name").fill("Thandi Rough-Edges");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("mango lentils at noon");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/login\?signup=1/);
  return email;
}

describe.each(JS_MODES)("a parent on a phone with $name", ({ javaScriptEnabled: js }) => {
  const tag = js ? "js" : "nojs";
  const open = async (viewport = PHONE) => {
    const context = await newContext(e2e.browser, { javaScriptEnabled: js, baseURL: e2e.server.url, viewport });
    return { context, page: await context.newPage() };
  };
  /** Chooses an age group in the open filters; without JavaScript the parent then presses "Show meals". */
  const chooseAge = async (page: Page, age: string) => {
    await page.getByLabel("Age group").selectOption(age);
    if (!js) await page.getByRole("button", { name: "Show meals" }).click();
    await page.waitForURL(age ? new RegExp(`age=${age}`) : /age=(&|$)/);
  };

  it("1: setting Age group back to All ages leaves the filter panel open", async () => {
    const { context, page } = await open();
    await page.goto("/shop");
    if (js) await page.waitForFunction(routerUp);
    await page.getByText("Filter meals", { exact: true }).click();
    await chooseAge(page, "6-8m");
    await chooseAge(page, "");
    await page
      .getByText(/^\d+ meals$/)
      .first()
      .waitFor(); // the new page has rendered
    await expect(page.getByLabel("Age group").isVisible()).resolves.toBe(true);
    await context.close();
  });

  it("2: with the filters open, the result count is on screen after each change", async () => {
    const { context, page } = await open();
    await page.goto("/shop");
    if (js) await page.waitForFunction(routerUp);
    await page.getByText("Filter meals", { exact: true }).click();
    await chooseAge(page, "9-12m");
    const count = page.getByRole("status").filter({ hasText: /^\d+ meals? match your filters$/ });
    await count.waitFor();
    await onFirstScreen(count);
    await page.getByLabel("Age group").scrollIntoViewIfNeeded();
    await chooseAge(page, "12-24m");
    await page.getByRole("status").filter({ hasText: "match your filters" }).waitFor();
    await onFirstScreen(count);
    await context.close();
  });

  it("3: after sign-up the log-in form already has the address the parent typed", async () => {
    const { context, page } = await open();
    await page.goto("/signup");
    const email = await signUpHere(page, tag);
    await expect(page.getByLabel("Email").inputValue()).resolves.toBe(email);
    await context.close();
  });

  it("9: sign-up sends only 'Confirm your email'; the welcome comes once the address is confirmed", async () => {
    const { context, page } = await open();
    await page.goto("/signup");
    const email = await signUpHere(page, `${tag}-mail`);
    // The confirmation is written in the sign-up's own transaction and sent in order: once it is out, anything
    // queued with it is out too.
    const verifyUrl = await linkFromOutbox(e2e.server.outboxDir, email, "verify-email", "/verify-email?token=");
    const templatesTo = async () => (await sentEmails(e2e.server.outboxDir)).filter((m) => m.to === email).map((m) => m.template);
    await expect(templatesTo()).resolves.toEqual(["verify-email"]);
    await page.goto(verifyUrl);
    await page.getByRole("heading", { name: "Email confirmed" }).waitFor();
    await linkFromOutbox(e2e.server.outboxDir, email, "welcome", "/shop");
    await expect(templatesTo()).resolves.toEqual(["verify-email", "welcome"]);
    await context.close();
  });

  it("4: the confirmation link brings a parent who started at checkout back to it", async () => {
    const { context, page } = await open();
    await add(page, js, "/shop/turkey-rice-broccoli", { portion: /130 g/ });
    await page.goto("/cart");
    await page.getByRole("link", { name: "Log in and check out" }).click();
    await page.getByRole("link", { name: "Create an account" }).click();
    const email = await signUpHere(page, `${tag}-checkout`);
    const verifyUrl = await linkFromOutbox(e2e.server.outboxDir, email, "verify-email", "/verify-email?token=");
    await page.goto(verifyUrl);
    await page.getByRole("heading", { name: "Email confirmed" }).waitFor();
    await page.getByRole("link", { name: "Continue to checkout" }).click();
    await page.waitForURL(/\/login\?redirectTo=%2Fcheckout/);
    await page.getByLabel("Password", { exact: true }).fill("mango lentils at noon");
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL((url) => url.pathname === "/checkout");
    await context.close();
  });

  it("6: the cart's checkout button is on the first screen; the pack's title link is a 24 px target", async () => {
    const { context, page } = await open();
    await add(page, js, "/shop/turkey-rice-broccoli", { portion: /130 g/ });
    await add(page, js, "/shop/cottage-pie", { portion: /160 g/ });
    await add(page, js, "/packs/weekly-stage-pack-12-24m");
    await page.goto("/cart");
    const checkout = (await page.getByRole("link", { name: "Log in and check out" }).boundingBox())!;
    const packLink = page.locator(".cart-line__name").getByRole("link", { name: /Weekly Stage Pack/ });
    expect({
      checkoutOnFirstScreen: checkout.y >= 0 && checkout.y + checkout.height <= PHONE.height,
      packLinkTallEnough: (await packLink.boundingBox())!.height >= 24,
    }).toEqual({ checkoutOnFirstScreen: true, packLinkTallEnough: true });
    await context.close();
  });

  it.each([
    ["phone", PHONE],
    ["desktop", DESKTOP],
  ])("10: two portions of one meal have quantity boxes named by meal and portion (%s)", async (_screen, viewport) => {
    const { context, page } = await open(viewport);
    await add(page, js, "/shop/turkey-rice-broccoli", { portion: /130 g/ });
    await add(page, js, "/shop/turkey-rice-broccoli", { portion: /160 g/ });
    await page.goto("/cart");
    const small = page.getByRole("spinbutton", { name: "Quantity of Turkey, Rice & Broccoli 130 g", exact: true });
    const large = page.getByRole("spinbutton", { name: "Quantity of Turkey, Rice & Broccoli 160 g", exact: true });
    await expect(small.count()).resolves.toBe(1);
    await expect(large.count()).resolves.toBe(1);
    await context.close();
  });

  it("7: no back-office page scrolls sideways on a phone; wide tables scroll in their own box", async () => {
    const { context } = await open();
    const page = await logIn(context, E2E_ADMIN);
    const ids: string[] = [];
    for (const [list, link] of [
      ["/admin/products", /^\/admin\/products\/(\d+)$/],
      ["/admin/packs", /^\/admin\/packs\/(\d+)$/],
    ] as const) {
      await page.goto(list);
      const hrefs = await page.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
      ids.push(`${list}/${hrefs.map((h) => link.exec(h)?.[1]).find(Boolean)}`);
    }
    const pages = ["/admin/products", "/admin/packs", "/admin/emails", "/admin/system", "/admin/customers", ...ids];
    const wide: string[] = [];
    for (const path of pages) {
      await page.goto(path);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > PHONE.width) wide.push(`${path} is ${width} px wide`);
    }
    expect(wide).toEqual([]);
    await context.close();
  });
});

describe("a parent without JavaScript", () => {
  it("5: Add to cart lands on the cart with an 'Added …' confirmation", async () => {
    const context = await newContext(e2e.browser, { javaScriptEnabled: false, baseURL: e2e.server.url });
    const page = await context.newPage();
    await add(page, false, "/shop/turkey-rice-broccoli", { portion: /130 g/, quantity: 2 });
    await page.getByRole("status").filter({ hasText: "Added 2 × Turkey, Rice & Broccoli (130 g) to your cart." }).waitFor();
    await add(page, false, "/packs/weekly-stage-pack-6-8m");
    await page
      .getByRole("status")
      .filter({ hasText: /^Added 1 × Weekly Stage Pack/ })
      .waitFor();
    await context.close();
  });
});

describe("order numbers", () => {
  it("8: a checkout that was refused leaves no gap: the next order takes the next number", async () => {
    const context = await newContext(e2e.browser, { javaScriptEnabled: false, baseURL: e2e.server.url, viewport: DESKTOP });
    const page = await logInAsDemoParent(context);
    const placeOrder = async (postalCode: string) => {
      await page.goto("/checkout");
      await page.getByLabel("Postal code").fill(postalCode);
      await page.getByRole("radio", { name: /Cash on delivery/ }).check();
      await page.getByRole("button", { name: /Place order/ }).click();
    };
    const numberOnPage = async () => {
      await page.waitForURL(/\/orders\/LH-\d{6}\?placed=1$/);
      return Number((await page.getByTestId("order-number").textContent())!.replace(/\D/g, ""));
    };
    await add(page, false, "/shop/turkey-rice-broccoli", { portion: /130 g/ });
    await placeOrder("2193");
    const first = await numberOnPage();
    await add(page, false, "/shop/turkey-rice-broccoli", { portion: /130 g/ });
    await placeOrder("8001");
    await page.getByRole("alert").filter({ hasText: "we don't deliver to 8001" }).waitFor();
    await placeOrder("2193");
    await expect(numberOnPage()).resolves.toBe(first + 1);
    await context.close();
  });
});
