import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, it } from "vitest";
import { JS_MODES, launchBrowser } from "../e2e/support/browser";
import { shopperJourney } from "../e2e/support/shopper-journey";
import { startEdgeApp, type EdgeApp } from "./worker-harness";

// The browser suite's shopper journey once against the worker as Cloudflare serves it: Debian chromium → HTTPS →
// workerd in production mode (Secure `__Host-` cookies, the production CSP with upgrade-insecure-requests, default
// rate limits). The journey fails on any client module that does not answer 200 as the browser asks for it.

let edge: EdgeApp;
let browser: Browser;
beforeAll(async () => {
  edge = await startEdgeApp();
  browser = await launchBrowser({ selfSignedTls: true });
});
afterAll(async () => {
  await browser?.close();
  await edge?.close();
});

describe.each(JS_MODES)("the shopper's journey on workerd with $name", ({ javaScriptEnabled }) => {
  it("browse → free from milk → two meals and a pack → cart totals → sign in → cash on delivery → order in history", async () => {
    await shopperJourney(browser, { baseURL: edge.origin, javaScriptEnabled, screenshotName: "edge-order" });
  }, 240_000); // a whole journey in a browser on a shared 2-core machine: generous, as in vitest.e2e.config.ts
});
