import { chromium, type Browser, type BrowserContext } from "playwright-core";

// Debian's chromium, never a downloaded browser; background networking off because this machine has no internet.
export function launchBrowser(): Promise<Browser> {
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
    ],
  });
}

/** A fresh browser profile (own cookies) with JavaScript on or off. */
export function newContext(browser: Browser, opts: { javaScriptEnabled: boolean; baseURL: string }): Promise<BrowserContext> {
  return browser.newContext({
    javaScriptEnabled: opts.javaScriptEnabled,
    baseURL: opts.baseURL,
    viewport: { width: 390, height: 844 },
  });
}

/** Both ways every journey must work. */
export const JS_MODES = [
  { name: "JavaScript off", javaScriptEnabled: false },
  { name: "JavaScript on", javaScriptEnabled: true },
] as const;
