import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, it } from "vitest";
import { JS_MODES, launchBrowser } from "./support/browser";
import { shopperJourney } from "./support/shopper-journey";
import { startServer, type RunningServer } from "./support/server";

let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe.each(JS_MODES)("the shopper's journey with $name", ({ javaScriptEnabled }) => {
  it("browse → free from milk → two meals and a pack → cart totals → sign in → cash on delivery → order in history", async () => {
    await shopperJourney(browser, { baseURL: server.url, javaScriptEnabled, screenshotName: "order" });
  });
});
