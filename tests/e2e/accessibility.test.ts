// WCAG 2.2 A/AA with axe-core on every page a shopper or an admin can reach, JavaScript on and off, phone and desktop.
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, JS_MODES, launchBrowser, newContext, PHONE } from "./support/browser";
import { E2E_ADMIN, startServer, type RunningServer } from "./support/server";

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];
const CUSTOMER = { email: "parent@example.com", password: "harvest-demo-2026" };

let server: RunningServer;
let browser: Browser;
/** Pages that need data made first: an order of the demo customer's, and the ids of seeded rows. */
let orderNumber: string;
let adminIds: { order: string; product: string; pack: string; customer: string; child: string };

async function logIn(context: BrowserContext, who: { email: string; password: string }) {
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password", { exact: true }).fill(who.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  return page;
}

/** The first link on `path` whose href matches, as the id or number it ends with. */
async function firstId(context: BrowserContext, path: string, href: RegExp) {
  const page = await context.newPage();
  await page.goto(path);
  const hrefs = await page.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  await page.close();
  const match = hrefs.map((h) => href.exec(h)).find(Boolean);
  if (!match) throw new Error(`no link matching ${href} on ${path}`);
  return match[1];
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // One order by the demo customer, placed the way a shopper does it.
  const context = await newContext(browser, { javaScriptEnabled: false, baseURL: server.url });
  const page = await logIn(context, CUSTOMER);
  await page.goto("/shop/cottage-pie");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await page.waitForURL("**/cart");
  await page.goto("/checkout");
  await page.getByRole("radio", { name: /Cash on delivery/ }).check();
  await page.getByRole("button", { name: /Place order/ }).click();
  await page.waitForURL(/\/orders\/LH-\d{6}/);
  orderNumber = (await page.getByTestId("order-number").textContent())!.trim();
  const child = await firstId(context, "/account/children", /^\/account\/children\/(\d+)$/);
  await context.close();

  const admin = await newContext(browser, { javaScriptEnabled: false, baseURL: server.url });
  await logIn(admin, E2E_ADMIN);
  adminIds = {
    order: await firstId(admin, "/admin/orders", /^\/admin\/orders\/(\d+)$/),
    product: await firstId(admin, "/admin/products", /^\/admin\/products\/(\d+)$/),
    pack: await firstId(admin, "/admin/packs", /^\/admin\/packs\/(\d+)$/),
    customer: await firstId(admin, "/admin/customers", /^\/admin\/customers\/(\d+)$/),
    child,
  };
  await admin.close();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Who looks at each page; `{name}` stands for an id or number found once the data exists. */
const PAGES: Array<["guest" | "customer" | "admin", string]> = [
  ...[
    "/",
    "/shop",
    "/shop?age=6-8m&free=milk",
    "/shop/cottage-pie",
    "/packs",
    "/packs/weekly-stage-pack-6-8m",
    "/cart",
    "/login",
    "/signup",
    "/forgot-password",
    "/reset-password?token=not-a-real-token",
    "/no-such-page",
    "/shop/no-such-meal",
  ].map((p) => ["guest", p] as ["guest", string]),
  ...[
    "/cart",
    "/checkout",
    "/orders/{orderNumber}",
    "/account",
    "/account/orders",
    "/account/addresses",
    "/account/children",
    "/account/children/new",
    "/account/children/{child}",
    "/account/security",
  ].map((p) => ["customer", p] as ["customer", string]),
  ...[
    "/admin",
    "/admin/orders",
    "/admin/orders/{order}",
    "/admin/prep",
    "/admin/products",
    "/admin/products/new",
    "/admin/products/{product}",
    "/admin/packs",
    "/admin/packs/new",
    "/admin/packs/{pack}",
    "/admin/customers",
    "/admin/customers/{customer}",
    "/admin/settings",
    "/admin/emails",
    "/admin/audit",
    "/admin/system",
  ].map((p) => ["admin", p] as ["admin", string]),
];

const SCREENS = [
  { screen: "phone", viewport: PHONE },
  { screen: "desktop", viewport: DESKTOP },
] as const;

const MODES = JS_MODES.flatMap((mode) => SCREENS.map((screen) => ({ ...mode, ...screen })));

describe.each(MODES)("axe (WCAG 2.2 AA), $name, $screen", ({ javaScriptEnabled, viewport }) => {
  const pages = {} as Record<"guest" | "customer" | "admin", Page>;
  beforeAll(async () => {
    const context = () => newContext(browser, { javaScriptEnabled, baseURL: server.url, viewport });
    pages.guest = await (await context()).newPage();
    pages.customer = await logIn(await context(), CUSTOMER);
    pages.admin = await logIn(await context(), E2E_ADMIN);
  });
  afterAll(async () => {
    await Promise.all(Object.values(pages).map((p) => p.context().close()));
  });

  it.each(PAGES)("%s: %s", async (who, template) => {
    const ids: Record<string, string> = { orderNumber, ...adminIds };
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => ids[name]);
    const page = pages[who];
    await page.goto(path);
    const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
    const found = violations.map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
    expect(found).toEqual([]);
  });
});
