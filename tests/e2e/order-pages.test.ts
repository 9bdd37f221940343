// Checkout and the order page as a parent sees them: payment choices that read cleanly on a phone and a desktop, and
// a "thank you" only on arrival right after placing the order — not when it is reopened from the order history.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DESKTOP, JS_MODES, newContext, PHONE } from "./support/browser";
import { logInAsDemoParent, serverAndBrowserForFile } from "./support/suite";

const e2e = serverAndBrowserForFile();

async function addTurkey(page: Page, js: boolean) {
  await page.goto("/shop/turkey-rice-broccoli");
  await page.getByRole("button", { name: "Add to cart" }).click();
  if (js) await page.getByRole("status").filter({ hasText: "Added" }).waitFor();
  else await page.waitForURL(/\/cart(\?|$)/);
}

/**
 * For each payment choice: how many lines its name takes, and whether the radio sits on the name's first line.
 * Measured on the rendered text, as a reader sees it.
 */
function paymentLayout(page: Page) {
  return page.evaluate(() => {
    const group = [...document.querySelectorAll("fieldset")].find((f) => f.querySelector("legend")?.textContent === "Payment");
    return [...group!.querySelectorAll("label")].map((label) => {
      const radio = label.querySelector("input")!.getBoundingClientRect();
      const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
      let name: Text | null = null;
      while (walker.nextNode()) {
        const text = walker.currentNode as Text;
        if (text.data.trim()) {
          name = text;
          break;
        }
      }
      const range = document.createRange();
      range.selectNodeContents(name!);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0);
      const lines = new Set(rects.map((r) => Math.round(r.top))).size;
      const first = rects[0];
      const radioMiddle = radio.top + radio.height / 2;
      return {
        name: name!.data.trim(),
        lines,
        radioBesideName: radio.right <= first.left && radioMiddle >= first.top - 4 && radioMiddle <= first.bottom + 4,
      };
    });
  });
}

describe("checkout's payment choices", () => {
  it.each([
    ["phone", PHONE],
    ["desktop", DESKTOP],
  ])("each name sits on one line with its radio beside it (%s)", async (_screen, viewport) => {
    const context = await newContext(e2e.browser, { javaScriptEnabled: false, baseURL: e2e.server.url, viewport });
    const page = await logInAsDemoParent(context);
    await addTurkey(page, false);
    await page.goto("/checkout");
    const layout = await paymentLayout(page);
    expect(layout.length).toBeGreaterThan(0);
    for (const choice of layout) expect(choice, choice.name).toMatchObject({ lines: 1, radioBesideName: true });
    await context.close();
  });
});

describe.each(JS_MODES)("the order page with $name", ({ javaScriptEnabled }) => {
  it("thanks the parent right after placing the order, not when it is reopened from the order history", async () => {
    const context = await newContext(e2e.browser, { javaScriptEnabled, baseURL: e2e.server.url });
    const page = await logInAsDemoParent(context);
    await addTurkey(page, javaScriptEnabled);
    await page.goto("/checkout");
    await page.getByRole("radio", { name: /Cash on delivery/ }).check();
    await page.getByRole("button", { name: /Place order/ }).click();
    await page.waitForURL(/\/orders\/LH-\d{6}/);
    const number = (await page.getByTestId("order-number").textContent())!.trim();
    await page.getByText("Thank you — your order is in").waitFor();

    await page.goto("/account/orders");
    await page.getByRole("link", { name: number }).click();
    await page.waitForURL(`**/orders/${number}`);
    await page.getByRole("heading", { level: 1, name: `Order ${number}` }).waitFor();
    await expect(page.getByText("Thank you — your order is in").count()).resolves.toBe(0);
    await context.close();
  });
});
