import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, it } from "vitest";
import { JS_MODES, launchBrowser } from "../e2e/support/browser";
import { freePort } from "../e2e/support/server";
import { shopperJourney } from "../e2e/support/shopper-journey";
import { startEdgeApp, type EdgeApp } from "./worker-harness";

// The browser suite's shopper journey once against the worker: Debian chromium → Miniflare's port → workerd.

let edge: EdgeApp;
let browser: Browser;
let url: string;
beforeAll(async () => {
  const port = await freePort();
  edge = await startEdgeApp({ listenPort: port });
  url = `http://127.0.0.1:${port}`;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await edge?.close();
});

describe.each(JS_MODES)("the shopper's journey on workerd with $name", ({ javaScriptEnabled }) => {
  it("browse → free from milk → two meals and a pack → cart totals → sign in → cash on delivery → order in history", async () => {
    await shopperJourney(browser, { baseURL: url, javaScriptEnabled, screenshotName: "edge-order" });
  }, 240_000); // a whole journey in a browser on a shared 2-core machine: generous, as in vitest.e2e.config.ts
});
