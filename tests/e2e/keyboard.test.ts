// Keyboard only (Tab, Shift+Tab, Enter, Space, and typing into fields): a parent browses, adds a meal, logs in,
// checks out and sees the order; an admin finds that order in the Orders list and confirms it. Every stop shows a visible focus ring.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DESKTOP, newContext } from "./support/browser";
import { E2E_ADMIN } from "./support/server";
import { serverAndBrowserForFile } from "./support/suite";

const e2e = serverAndBrowserForFile();

/** What the focused element is called (its label, aria-label or text) and whether its focus can be seen. */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { name: "", ring: false, tag: "" };
    const input = el as HTMLInputElement;
    const name = (el.getAttribute("aria-label") ?? input.labels?.[0]?.textContent ?? el.textContent ?? "").trim();
    const ringOf = (node: Element) => {
      const cs = getComputedStyle(node);
      return (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2) || cs.boxShadow !== "none";
    };
    // A radio's ring may be drawn on the label card around it.
    const tag = `${el.tagName.toLowerCase()}${input.type ? `[${input.type}]` : ""}`;
    return { name, tag, ring: ringOf(el) || Boolean(input.labels?.[0] && ringOf(input.labels[0])) };
  });
}

/** Presses Tab (or Shift+Tab) until the focused element's name matches; each stop on the way must show its focus. */
async function tabTo(page: Page, name: RegExp, { back = false, limit = 150 } = {}) {
  const seen: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    let f = await focused(page);
    // Focus styles can settle a frame or two after the key press.
    for (let frame = 0; frame < 10 && f.name && !f.ring; frame++) {
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
      f = await focused(page);
    }
    if (f.name) expect(f.ring, `visible focus on "${f.name}" (${f.tag}) at ${page.url()}`).toBe(true);
    if (name.test(f.name)) return;
    seen.push(f.name);
  }
  throw new Error(`never reached ${name} by keyboard; focus went through: ${seen.join(" | ")}`);
}

async function logInByKeyboard(page: Page, who: { email: string; password: string }) {
  await tabTo(page, /^Email$/);
  await page.keyboard.type(who.email);
  await tabTo(page, /^Password$/);
  await page.keyboard.type(who.password);
  await tabTo(page, /^Log in$/);
  await page.keyboard.press("Enter");
}

describe("keyboard only, JavaScript on, desktop", () => {
  it("a parent browses, adds to cart, logs in, checks out; an admin confirms the order", async () => {
    const context = await newContext(e2e.browser, { javaScriptEnabled: true, baseURL: e2e.server.url, viewport: DESKTOP });
    const page = await context.newPage();
    await page.bringToFront(); // the focused window, as a person's would be (else :focus never matches)
    await page.goto("/");
    await page.waitForFunction(() => "__remixRouter" in window);

    await tabTo(page, /^Shop meals$/);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/shop$/);
    await tabTo(page, /^Turkey, Rice & Broccoli$/);
    await page.keyboard.press("Enter");
    await page.waitForURL("**/shop/turkey-rice-broccoli");

    await tabTo(page, /^130 g/); // the checked portion; Space keeps it chosen
    await page.keyboard.press("Space");
    await tabTo(page, /^Add to cart$/);
    await page.keyboard.press("Enter");
    await page.getByRole("status").filter({ hasText: "Added 1 × Turkey, Rice & Broccoli (130 g)" }).waitFor();
    await tabTo(page, /^View cart$/);
    await page.keyboard.press("Enter");
    await page.waitForURL("**/cart");

    await tabTo(page, /^Log in and check out$/);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/login\?redirectTo=%2Fcheckout/);
    await logInByKeyboard(page, { email: "parent@example.com", password: "harvest-demo-2026" });
    await page.waitForURL("**/checkout");

    await tabTo(page, /Cash on delivery/);
    await page.keyboard.press("Space");
    await tabTo(page, /^Place order/);
    // Back one stop and forward again: Shift+Tab works too.
    await tabTo(page, /./, { back: true });
    await tabTo(page, /^Place order/);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/orders\/LH-\d{6}\?placed=1$/);
    await page.getByText("Thank you — your order is in").waitFor();
    const number = (await page.getByTestId("order-number").textContent())!.trim();
    await context.close();

    // The admin: log in, find the new order in the Orders list and confirm it.
    const adminContext = await newContext(e2e.browser, { javaScriptEnabled: true, baseURL: e2e.server.url, viewport: DESKTOP });
    const admin = await adminContext.newPage();
    await admin.bringToFront();
    await admin.goto("/login?redirectTo=/admin");
    await admin.waitForFunction(() => "__remixRouter" in window);
    await logInByKeyboard(admin, E2E_ADMIN);
    await admin.waitForURL((url) => url.pathname === "/admin");
    // Through the Orders list, as staff work: past its search and filter fields (the date field's parts included).
    await tabTo(admin, /^Orders$/);
    await admin.keyboard.press("Enter");
    await admin.waitForURL((url) => url.pathname === "/admin/orders");
    await tabTo(admin, new RegExp(`^${number}$`));
    await admin.keyboard.press("Enter");
    await admin.getByRole("heading", { level: 1, name: `Order ${number}` }).waitFor();
    await tabTo(admin, /^Confirm order$/);
    await admin.keyboard.press("Enter");
    await admin.getByRole("button", { name: "Start preparing" }).waitFor();
    await adminContext.close();
  });
});
