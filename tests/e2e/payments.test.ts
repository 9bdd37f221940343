import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPeachStandIn, TEST_CARDS, type PeachStandIn } from "../support/peach-stand-in";
import { JS_MODES, launchBrowser, newContext } from "./support/browser";
import { E2E_ADMIN, startServer, type RunningServer } from "./support/server";
import { DEMO_PARENT, logIn } from "./support/suite";

// Paying by card in a real browser, JavaScript off and on, through the Peach stand-in (which sends its own signed
// webhooks to the server): pay, decline, abandon. The order page says "processing" until the verified outcome is in.

let server: RunningServer;
let peach: PeachStandIn;
let browser: Browser;
beforeAll(async () => {
  peach = await startPeachStandIn({ autoWebhooks: true });
  server = await startServer(peach.env);
  browser = await launchBrowser();
  const admin = await logIn(await browser.newContext({ baseURL: server.url }), E2E_ADMIN);
  await admin.goto("/admin/settings");
  await admin.getByRole("checkbox", { name: "Card" }).check();
  await admin.getByRole("button", { name: /Save/ }).click();
  await admin.waitForURL(/saved=1/);
  await admin.context().close();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await peach?.close();
});

/** Adds a meal, checks out by card and arrives on the stand-in's card form; returns the order number. */
async function checkOutByCard(page: Page, js: boolean): Promise<string> {
  await page.goto("/shop/chicken-sweet-potato-carrot");
  await page.getByLabel("Quantity").fill("2");
  await page.getByRole("button", { name: "Add to cart" }).click();
  if (js) await page.getByRole("link", { name: "View cart" }).waitFor();
  else await page.waitForLoadState("load");
  await page.goto("/checkout");
  await page.getByRole("radio", { name: /Card/ }).check();
  await page.getByRole("button", { name: /Place order/ }).click();
  await page.waitForURL(/\/orders\/LH-\d+\/pay$/, { waitUntil: "commit" });
  const number = new URL(page.url()).pathname.split("/")[2];
  if (!js) await page.getByRole("button", { name: /Continue to secure payment/ }).click();
  await page.waitForURL(`${peach.url}/checkout`);
  return number;
}

/** Back on the shop from the stand-in's outcome page (it submits itself with JavaScript; without, a button). */
async function returnToShop(page: Page, js: boolean, number: string) {
  if (!js) await page.getByRole("button", { name: "Return to the shop" }).click();
  await page.waitForURL(`${server.url}/orders/${number}`);
}

async function waitForText(page: Page, text: string | RegExp) {
  await page.getByText(text).first().waitFor({ timeout: 20_000 });
}

function outboxEmails(template: string, number: string) {
  if (!existsSync(server.outboxDir)) return [];
  return readdirSync(server.outboxDir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(path.join(server.outboxDir, f), "utf8")))
    .filter((m) => m.template === template && String(m.subject).includes(number));
}

async function waitForEmail(template: string, number: string) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && outboxEmails(template, number).length === 0) await new Promise((r) => setTimeout(r, 200));
  return outboxEmails(template, number);
}

describe.each(JS_MODES)("paying by card with $name", ({ javaScriptEnabled: js }) => {
  it("pays with the test card: the order turns paid, one payment-confirmation email, webhook replays change nothing", async () => {
    const context = await newContext(browser, { javaScriptEnabled: js, baseURL: server.url });
    const page = await logIn(context, DEMO_PARENT);
    const number = await checkOutByCard(page, js);
    await page.getByLabel("Card number").fill(TEST_CARDS.pays);
    await page.getByRole("button", { name: "Pay now" }).click();
    await returnToShop(page, js, number);
    await waitForText(page, "Card · Paid");
    await expect(page.getByText("Payment processing").count()).resolves.toBe(0);
    expect(await waitForEmail("payment-confirmation", number)).toHaveLength(1);

    const session = [...peach.sessions.values()].find((s) =>
      s.request.merchantTransactionId.startsWith(`LH${number.replace(/\D/g, "")}`),
    );
    expect(session?.state).toBe("successful");
    const sent = peach.webhooks.filter((w) => w.checkoutId === session!.checkoutId);
    expect(sent.map((w) => w.status)).not.toContain(401);
    for (const w of sent) expect(await peach.deliver(w.checkoutId, w.params)).toBe(200);
    await page.reload();
    await waitForText(page, "Card · Paid");
    await new Promise((r) => setTimeout(r, 2_500)); // one sender-loop round for a second email to have appeared
    expect(outboxEmails("payment-confirmation", number)).toHaveLength(1);
    await context.close();
  });

  it("a declined card cancels the order and says why", async () => {
    const context = await newContext(browser, { javaScriptEnabled: js, baseURL: server.url });
    const page = await logIn(context, DEMO_PARENT);
    const number = await checkOutByCard(page, js);
    await page.getByLabel("Card number").fill(TEST_CARDS.declined);
    await page.getByRole("button", { name: "Pay now" }).click();
    await returnToShop(page, js, number);
    await waitForText(page, "Payment failed");
    await waitForText(page, /did not go through/);
    expect(await waitForEmail("order-cancellation", number)).toHaveLength(1);
    await context.close();
  });

  it("abandoning at the payment page releases the order", async () => {
    const context = await newContext(browser, { javaScriptEnabled: js, baseURL: server.url });
    const page = await logIn(context, DEMO_PARENT);
    const number = await checkOutByCard(page, js);
    await page.getByRole("button", { name: "Cancel payment" }).click();
    await returnToShop(page, js, number);
    await waitForText(page, /Cancelled/);
    await context.close();
  });
});
