// WCAG 2.2 A/AA with axe-core on every page a shopper or an admin can reach, and on the 500 page: JavaScript on and
// off, phone and desktop.
// "JavaScript off" is the server's HTML with the app's scripts blocked: axe itself needs JavaScript to run in the page
// (a context with javaScriptEnabled:false made AxeBuilder hang), so the context keeps JavaScript and aborts the bundle.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPeachStandIn, type PeachStandIn } from "../support/peach-stand-in";
import { violationsOn } from "./support/axe";
import { DESKTOP, PHONE, launchBrowser, routerUp } from "./support/browser";
import { E2E_ADMIN, startServer, type RunningServer } from "./support/server";
import { DEMO_PARENT, logIn } from "./support/suite";

type Who = "guest" | "customer" | "admin";

let server: RunningServer;
let browser: Browser;
let peach: PeachStandIn;
/** Pages that need data made first: the demo customer's two orders (one at the pay-by-card step), seeded rows' ids. */
const ids: Record<string, string> = {};

/**
 * A context as the given mode sees the site; with `scripts: false` the Remix client bundle never loads. The card
 * provider answers 204, so the pay-by-card page, which submits itself to it, stays on screen to be checked.
 */
async function context(viewport: { width: number; height: number }, scripts: boolean, baseURL = server.url) {
  const ctx = await browser.newContext({ baseURL, viewport });
  if (!scripts) await ctx.route("**/build/**/*.js", (route) => route.abort());
  if (peach) await ctx.route(`${peach.url}/**`, (route) => route.fulfill({ status: 204 }));
  return ctx;
}

/** Something in the cart, so the cart and checkout pages show their full forms. */
async function fillCart(page: Page, scripts: boolean) {
  await page.goto("/shop/turkey-rice-broccoli");
  // With scripts, click only once hydrated: a click before that is a plain form post (no "Added" status appears).
  if (scripts) await page.waitForFunction(routerUp);
  await page.getByRole("button", { name: "Add to cart" }).click();
  if (scripts) await page.getByRole("status").filter({ hasText: "Added" }).waitFor();
  else await page.waitForURL(/\/cart(\?|$)/);
}

/** The first link on `path` whose href matches, as the id or number it ends with. */
async function firstId(page: Page, path: string, href: RegExp) {
  await page.goto(path);
  const hrefs = await page.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  const match = hrefs.map((h) => href.exec(h)).find(Boolean);
  if (!match) throw new Error(`no link matching ${href} on ${path}`);
  return match[1];
}

/** Places an order the way a shopper does without scripts (plain form posts); returns the page it lands on. */
async function placeOrder(page: Page, payment: RegExp) {
  await fillCart(page, false);
  await page.goto("/checkout");
  await page.getByRole("radio", { name: payment }).check();
  await page.getByRole("button", { name: /Place order/ }).click();
  await page.waitForURL(/\/orders\/LH-\d{6}/);
  return new URL(page.url()).pathname;
}

beforeAll(async () => {
  peach = await startPeachStandIn();
  server = await startServer(peach.env);
  browser = await launchBrowser();
  const admin = await context(DESKTOP, false);
  const adminPage = await logIn(admin, E2E_ADMIN);
  await adminPage.goto("/admin/settings");
  await adminPage.getByRole("checkbox", { name: "Card" }).check();
  await adminPage.getByRole("button", { name: /Save/ }).click();
  await adminPage.waitForURL(/saved=1/);

  // Two orders by the demo customer: one paid on delivery, one left at the pay-by-card step.
  const shopper = await context(DESKTOP, false);
  const page = await logIn(shopper, DEMO_PARENT);
  await placeOrder(page, /Cash on delivery/);
  ids.orderNumber = (await page.getByTestId("order-number").textContent())!.trim();
  ids.payPage = await placeOrder(page, /Card/);
  expect(ids.payPage).toMatch(/\/pay$/);
  ids.child = await firstId(page, "/account/children", /^\/account\/children\/(\d+)$/);
  await shopper.close();

  ids.order = await firstId(adminPage, "/admin/orders", /^\/admin\/orders\/(\d+)$/);
  ids.product = await firstId(adminPage, "/admin/products", /^\/admin\/products\/(\d+)$/);
  ids.pack = await firstId(adminPage, "/admin/packs", /^\/admin\/packs\/(\d+)$/);
  ids.customer = await firstId(adminPage, "/admin/customers", /^\/admin\/customers\/(\d+)$/);
  await admin.close();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await peach?.close();
});

/** Who looks at each page; `{name}` stands for an id or number found once the data exists. */
const PAGES: Array<[Who, string]> = [
  ...[
    "/",
    "/shop",
    "/shop?age=6-8m&free=milk",
    "/shop/cottage-pie",
    "/packs",
    "/packs/weekly-stage-pack-6-8m",
    "/help",
    "/cart",
    "/login",
    "/signup",
    "/forgot-password",
    "/reset-password?token=not-a-real-token",
    "/no-such-page",
    "/shop/no-such-meal",
  ].map((p): [Who, string] => ["guest", p]),
  ...[
    "/shop/cheesy-vegetable-risotto", // with the allergy warning for the demo customer's child
    "/cart",
    "/checkout",
    "/orders/{orderNumber}",
    "{payPage}",
    "/account",
    "/account/orders",
    "/account/addresses",
    "/account/children",
    "/account/children/new",
    "/account/children/{child}",
    "/account/security",
  ].map((p): [Who, string] => ["customer", p]),
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
    "/admin/emails/preview/order-confirmation",
    "/admin/audit",
    "/admin/system",
  ].map((p): [Who, string] => ["admin", p]),
];

const MODES = [
  { name: "JavaScript on", scripts: true, screen: "desktop", viewport: DESKTOP },
  { name: "JavaScript off", scripts: false, screen: "phone", viewport: PHONE },
  { name: "JavaScript on", scripts: true, screen: "phone", viewport: PHONE },
  { name: "JavaScript off", scripts: false, screen: "desktop", viewport: DESKTOP },
];

describe.each(MODES)("axe (WCAG 2.2 AA), $name, $screen", ({ scripts, viewport }) => {
  const pages = {} as Record<Who, Page>;
  beforeAll(async () => {
    pages.guest = await (await context(viewport, scripts)).newPage();
    await fillCart(pages.guest, scripts);
    pages.customer = await logIn(await context(viewport, scripts), DEMO_PARENT);
    await fillCart(pages.customer, scripts);
    pages.admin = await logIn(await context(viewport, scripts), E2E_ADMIN);
  });
  afterAll(async () => {
    await Promise.all(Object.values(pages).map((p) => p.context().close()));
  });

  it.each(PAGES)("%s: %s", async (who, template) => {
    const page = pages[who];
    await page.goto(template.replace(/\{(\w+)\}/g, (_, name: string) => ids[name]));
    expect(await violationsOn(page, scripts)).toEqual([]);
  });
});

describe("axe (WCAG 2.2 AA) on the 500 page", () => {
  let broken: RunningServer;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "lh-e2e-500-"));
    await (await startServer({}, { dataDir })).stop();
    // A table lost the way a bad deploy loses one: the meal page's query fails and the shop answers with its 500 page.
    const db = await PGlite.create({ dataDir: path.join(dataDir, "pglite") });
    await db.exec("alter table product_variants rename to product_variants_away");
    await db.close();
    broken = await startServer({}, { dataDir });
  });
  afterAll(async () => {
    await broken?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(MODES)("$name, $screen", async ({ scripts, viewport }) => {
    const ctx = await context(viewport, scripts, broken.url);
    const page = await ctx.newPage();
    const res = await page.goto("/shop/cottage-pie");
    expect(res?.status()).toBe(500);
    expect(await page.locator("h1").textContent()).toMatch(/went wrong/i);
    expect(await violationsOn(page, scripts)).toEqual([]);
    await ctx.close();
  });
});
