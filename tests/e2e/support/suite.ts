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

/** Signs the seeded demo parent in on a new page of `context`. */
export async function logInAsDemoParent(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill("parent@example.com");
  await page.getByLabel("Password", { exact: true }).fill("harvest-demo-2026");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  return page;
}
