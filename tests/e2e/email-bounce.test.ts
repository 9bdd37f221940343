import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newWebhookSecret, startResendStandIn, type ResendStandIn } from "../support/resend-stand-in";
import { violationsOn } from "./support/axe";
import { DESKTOP, PHONE } from "./support/browser";
import { E2E_ADMIN } from "./support/server";
import { DEMO_PARENT, logIn, serverAndBrowserForFile } from "./support/suite";

// A bounced order confirmation, end to end (issue #24): the server sends through the Resend stand-in, which bounces
// the demo parent's address and posts the signed webhook back to the running server. Staff see the flag on the order
// page, the parent sees the notice on their account page — each checked with axe, JavaScript on and off.

let resend: ResendStandIn;
const secret = newWebhookSecret();
beforeAll(async () => {
  resend = await startResendStandIn();
});
const e2e = serverAndBrowserForFile(() => ({
  RESEND_API_KEY: resend.apiKey,
  RESEND_BASE_URL: resend.url,
  RESEND_WEBHOOK_SECRET: secret,
}));
afterAll(() => resend?.close());

let orderNumber = "";

/** Waits (generously: a loaded machine is slow, not broken) until the server's sender loop has handed `subject` over. */
async function accepted(subject: string) {
  const deadline = Date.now() + 60_000;
  while (!resend.delivered.some((m) => m.subject.includes(subject))) {
    if (Date.now() > deadline) throw new Error(`the server did not send "${subject}"`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  resend.sendWebhooksTo(`${e2e.server.url}/webhooks/resend`, secret);
  resend.bounce(DEMO_PARENT.email);
  const context = await e2e.browser.newContext({ baseURL: e2e.server.url });
  const page = await logIn(context, DEMO_PARENT);
  await page.goto("/shop/chicken-sweet-potato-carrot");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await page.getByRole("link", { name: "View cart" }).waitFor();
  await page.goto("/checkout");
  await page.getByRole("button", { name: /Place order/ }).click();
  await page.waitForURL(/\/orders\/LH-\d+/);
  orderNumber = new URL(page.url()).pathname.split("/").pop()!;
  await context.close();
  await accepted(orderNumber);
  const posted = await resend.flushWebhooks();
  expect(posted.map((p) => [p.type, p.status])).toContainEqual(["email.bounced", 200]);
});

const MODES = [
  { name: "JavaScript on, desktop", scripts: true, viewport: DESKTOP },
  { name: "JavaScript off, phone", scripts: false, viewport: PHONE },
];

async function pageAs(who: { email: string; password: string }, scripts: boolean, viewport: typeof DESKTOP): Promise<Page> {
  const context = await e2e.browser.newContext({ baseURL: e2e.server.url, viewport });
  if (!scripts) await context.route("**/build/**/*.js", (route) => route.abort());
  return logIn(context, who);
}

describe.each(MODES)("a bounced order confirmation, $name", ({ scripts, viewport }) => {
  it("the admin order page flags it (and shows the email bounced), axe clean", async () => {
    const page = await pageAs(E2E_ADMIN, scripts, viewport);
    await page.goto(`/admin/orders?q=${orderNumber}`);
    await page.getByRole("link", { name: orderNumber }).first().click();
    await page.waitForURL(/\/admin\/orders\/\d+$/);
    // With scripts the address changes before the new page is drawn: wait for the flag rather than look once.
    await page.getByRole("note").filter({ hasText: "Call the parent: their email bounced" }).waitFor();
    await expect(page.locator(".order-emails").textContent()).resolves.toMatch(/order-confirmation\s*Bounced/);
    expect(await violationsOn(page, scripts)).toEqual([]);
    await page.context().close();
  });

  it("the parent's account page says their emails are not arriving and how to fix it, axe clean", async () => {
    const page = await pageAs(DEMO_PARENT, scripts, viewport);
    await page.goto("/account");
    const notice = page.getByRole("note").filter({ hasText: "are not arriving" });
    await expect(notice.textContent()).resolves.toContain(`Our emails to ${DEMO_PARENT.email} are not arriving`);
    await expect(notice.getByRole("link", { name: "Change your email address below" }).getAttribute("href")).resolves.toBe(
      "#f-newEmail",
    );
    expect(await violationsOn(page, scripts)).toEqual([]);
    await page.context().close();
  });
});
