import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { JS_MODES, newContext } from "./support/browser";
import { E2E_ADMIN } from "./support/server";
import { DEMO_PARENT, logIn, serverAndBrowserForFile } from "./support/suite";

// Embedded mode end to end: an order placed through checkout drops a readable confirmation in $DATA_DIR/outbox/
// (the server's own sender loop writes it), and the back office shows it and previews every template.

const e2e = serverAndBrowserForFile();

/** The outbox files of the email whose subject mentions `needle`, once the sender loop has written them. */
async function waitForOutboxEmail(needle: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(e2e.server.outboxDir)) {
      for (const file of readdirSync(e2e.server.outboxDir).filter((f) => f.endsWith(".json"))) {
        const meta = JSON.parse(readFileSync(path.join(e2e.server.outboxDir, file), "utf8"));
        if (String(meta.subject).includes(needle)) {
          const base = path.join(e2e.server.outboxDir, String(meta.outboxId));
          return { meta, text: readFileSync(`${base}.txt`, "utf8"), html: readFileSync(`${base}.html`, "utf8") };
        }
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no outbox email mentioning ${needle} within ${timeoutMs} ms`);
}

describe.each(JS_MODES)("emails with $name", ({ javaScriptEnabled }) => {
  it("placing an order drops a readable confirmation email in the outbox folder", async () => {
    const context = await newContext(e2e.browser, { javaScriptEnabled, baseURL: e2e.server.url });
    const page = await logIn(context, DEMO_PARENT);
    await page.goto("/shop/chicken-sweet-potato-carrot");
    await page.getByLabel("Quantity").fill("2");
    await page.getByRole("button", { name: "Add to cart" }).click();
    if (javaScriptEnabled) await page.getByRole("link", { name: "View cart" }).waitFor();
    else await page.waitForLoadState("load");
    await page.goto("/checkout");
    await page.getByRole("button", { name: /Place order/ }).click();
    await page.waitForURL(/\/orders\/LH-\d+/);
    const number = new URL(page.url()).pathname.split("/").pop()!;

    const email = await waitForOutboxEmail(number);
    expect(email.meta).toMatchObject({
      template: "order-confirmation",
      to: "parent@example.com",
      subject: `Order ${number} confirmed`,
    });
    expect(email.text).toContain("Chicken, Sweet Potato & Carrot");
    expect(email.text).toMatch(/· 2 × R\d+\.\d{2}/);
    expect(email.text).toContain("Total");
    expect(email.text).toContain("Cash on delivery");
    expect(email.text).toContain(`/orders/${number}`);
    expect(email.html).toContain("<html");
    await context.close();
  });

  it("the back office lists the sent confirmation and previews a template in a sandboxed frame", async () => {
    const context = await newContext(e2e.browser, { javaScriptEnabled, baseURL: e2e.server.url });
    const page = await logIn(context, E2E_ADMIN);
    await page.goto("/admin/emails");
    await page.getByLabel("Status").selectOption("sent");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/status=sent/);
    const row = page.getByRole("row").filter({ hasText: "parent@example.com" }).first();
    await expect(row.textContent()).resolves.toContain("order-confirmation");

    await page.getByRole("link", { name: "order-confirmation" }).click();
    await page.waitForURL("**/admin/emails/preview/order-confirmation");
    // The email renders inside the frame despite the page's strict CSP, and its text version is on the page.
    const frame = page.frameLocator("iframe.email-preview__frame");
    await frame.getByText("Order number").waitFor();
    await expect(frame.getByText("LH-000123").count()).resolves.toBeGreaterThan(0);
    await expect(page.locator("pre.email-preview__text").textContent()).resolves.toContain("R784.00");
    await page.screenshot({ path: `tests/e2e/artifacts/email-preview-${javaScriptEnabled ? "js" : "nojs"}.png`, fullPage: true });
    await context.close();
  });
});
