// The staff guide's tour (docs/guide/steps.json): a shop with something in it, then every page the guide shows,
// checking each heading, field, button and link it names. `npm run guide` (scripts/guide.ts) photographs each step;
// tests/e2e/guide.test.ts fails when one has gone, so the guide cannot quietly go stale.
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { TEST_CARDS, type PeachStandIn } from "../../support/peach-stand-in";
import { E2E_ADMIN } from "./server";
import { DEMO_PARENT, logIn } from "./suite";

type Role = Parameters<Page["getByRole"]>[0];
export type GuideStep = {
  id: string;
  as?: "admin" | "customer";
  path?: string;
  expect: [Role, string, boolean?][];
  show?: [Role, string];
  click?: [Role, string];
  screenshot?: boolean;
};

export const GUIDE_DIR = new URL("../../../docs/guide/", import.meta.url);
export const GUIDE_VIEWPORT = { width: 1100, height: 820 };

export function guideSteps(): GuideStep[] {
  return JSON.parse(readFileSync(new URL("steps.json", GUIDE_DIR), "utf8")).steps;
}

/** What the {placeholders} in the steps stand for in this shop. */
export type GuideFacts = Record<string, string>;
export type GuideSession = { admin: Page; customer: Page; facts: GuideFacts };

/**
 * A freshly seeded shop as staff meet it on a working morning: card payments on, the demo parent's cash order waiting
 * to be confirmed and a paid card order (the one a refund is shown on). Plain form posts (JavaScript off), so each
 * step is one page load.
 */
export async function prepareGuideShop(browser: Browser, baseURL: string, peach: PeachStandIn): Promise<GuideSession> {
  const session = async (who: { email: string; password: string }) => {
    const context = await browser.newContext({ baseURL, viewport: GUIDE_VIEWPORT, javaScriptEnabled: false });
    return logIn(context, who);
  };
  const admin = await session(E2E_ADMIN);
  await admin.goto("/admin/settings");
  await admin.getByRole("checkbox", { name: "Card" }).check();
  await admin.getByRole("button", { name: "Save settings" }).click();
  await admin.waitForURL(/saved=1/);

  const customer = await session(DEMO_PARENT);
  const placeOrder = async (payment: RegExp) => {
    await customer.goto("/shop/turkey-rice-broccoli");
    await customer.getByLabel("Quantity").fill("3");
    await customer.getByRole("button", { name: "Add to cart" }).click();
    await customer.waitForURL(/\/cart(\?|$)/);
    await customer.goto("/checkout");
    await customer.getByRole("radio", { name: payment }).check();
    await customer.getByRole("button", { name: /Place order/ }).click();
    await customer.waitForURL(/\/orders\/LH-\d{6}/);
    return new URL(customer.url()).pathname.split("/")[2];
  };
  const cashOrder = await placeOrder(/Cash on delivery/);
  const cardOrder = await placeOrder(/Card/);
  await customer.getByRole("button", { name: /Continue to secure payment/ }).click();
  await customer.waitForURL(`${peach.url}/checkout`);
  await customer.getByLabel("Card number").fill(TEST_CARDS.pays);
  await customer.getByRole("button", { name: "Pay now" }).click();
  await customer.getByRole("button", { name: "Return to the shop" }).click();
  await customer.waitForURL(`${baseURL}/orders/${cardOrder}`);
  await customer.getByText("Card · Paid").first().waitFor();

  const idOf = async (path: string, linkName: string, href: RegExp) => {
    await admin.goto(path);
    const link = admin.getByRole("link", { name: linkName, exact: true }).first();
    return href.exec((await link.getAttribute("href")) ?? "")![1];
  };
  const facts: GuideFacts = {
    cashOrder,
    cashOrderId: await idOf("/admin/orders", cashOrder, /\/admin\/orders\/(\d+)$/),
    cardOrderId: await idOf("/admin/orders", cardOrder, /\/admin\/orders\/(\d+)$/),
    productId: await idOf("/admin/products", "Mini Cottage Pie", /\/admin\/products\/(\d+)$/),
    customerName: "Thandi Demo",
  };
  facts.customerId = await idOf("/admin/customers", facts.customerName, /\/admin\/customers\/(\d+)$/);
  return { admin, customer, facts };
}

const fill = (text: string, facts: GuideFacts) => text.replace(/\{(\w+)\}/g, (_, key: string) => facts[key] ?? `{${key}}`);

/**
 * Goes to the step's page (if it names one) and waits for everything it names; throws, naming the step and the
 * missing element, when one is not there. Then `atPage` (the screenshot) and the step's `click`, if any.
 */
export async function walkStep(step: GuideStep, session: GuideSession, atPage?: (page: Page) => Promise<unknown>) {
  const page = step.as === "customer" ? session.customer : session.admin;
  if (step.path) await page.goto(fill(step.path, session.facts));
  for (const [role, name, exact = true] of step.expect) {
    const wanted = fill(name, session.facts);
    try {
      await page.getByRole(role, { name: wanted, exact }).first().waitFor({ state: "visible" });
    } catch {
      throw new Error(`guide step "${step.id}": no ${role} named "${wanted}" on ${new URL(page.url()).pathname}`);
    }
  }
  if (step.show) {
    const [role, name] = step.show;
    await page
      .getByRole(role, { name, exact: true })
      .first()
      .evaluate((el) => el.scrollIntoView({ block: "center" }));
  }
  await atPage?.(page);
  if (step.click) {
    const [role, name] = step.click;
    const before = page.url();
    await page.getByRole(role, { name: fill(name, session.facts), exact: true }).click();
    await page.waitForURL((url) => url.href !== before);
  }
}
