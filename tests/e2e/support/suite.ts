import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchBrowser } from "./browser";
import { startServer, type RunningServer } from "./server";

/** One built server and one chromium for a whole test file, started before its tests and stopped after them. */
export function serverAndBrowserForFile(env: () => Record<string, string> = () => ({})) {
  const e2e = {} as { server: RunningServer; browser: Browser };
  beforeAll(async () => {
    e2e.server = await startServer(env());
    e2e.browser = await launchBrowser();
  });
  afterAll(async () => {
    await e2e.browser?.close();
    await e2e.server?.stop();
  });
  return e2e;
}

export const DEMO_PARENT = { email: "parent@example.com", password: "harvest-demo-2026" };

/** Signs `who` in on a new page of `context` and returns that page, wherever the login sent it. */
export async function logIn(context: BrowserContext, who: { email: string; password: string }): Promise<Page> {
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password", { exact: true }).fill(who.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  return page;
}

/** Signs the seeded demo parent in on a new page of `context`. */
export const logInAsDemoParent = (context: BrowserContext) => logIn(context, DEMO_PARENT);
