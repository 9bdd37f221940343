import { chromium, type Browser, type BrowserContext, type Locator } from "playwright-core";
import { expect } from "vitest";

// Debian's chromium, never a downloaded browser; background networking off because this machine has no internet.
// `selfSignedTls`: trust a test server's own certificate (the worker over HTTPS in Miniflare).
export function launchBrowser(opts: { selfSignedTls?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...(opts.selfSignedTls ? ["--ignore-certificate-errors"] : []),
    ],
  });
}

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

/** A fresh browser profile (own cookies) with JavaScript on or off; a phone's screen unless told otherwise. */
export function newContext(
  browser: Browser,
  opts: { javaScriptEnabled: boolean; baseURL: string; viewport?: { width: number; height: number } },
): Promise<BrowserContext> {
  return browser.newContext({
    javaScriptEnabled: opts.javaScriptEnabled,
    baseURL: opts.baseURL,
    viewport: opts.viewport ?? PHONE,
  });
}

/** Both ways every journey must work. */
export const JS_MODES = [
  { name: "JavaScript off", javaScriptEnabled: false },
  { name: "JavaScript on", javaScriptEnabled: true },
] as const;

/** For page.waitForFunction: the Remix router has hydrated, so a click is handled by the app, not a plain form post. */
export const routerUp = () =>
  (window as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized;

/** Wholly inside the first screen of a phone, without scrolling. */
export async function onFirstScreen(locator: Locator) {
  const box = await locator.boundingBox();
  expect(box, "element is rendered").not.toBeNull();
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height).toBeLessThanOrEqual(PHONE.height);
}
