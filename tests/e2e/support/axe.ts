import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { routerUp } from "./browser";

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** axe's findings on the page as it stands, once it is in the state the mode promises. */
export async function violationsOn(page: Page, scripts: boolean) {
  // With scripts, wait until the Remix router is up (the page is then hydrated, or about to be); without, make sure
  // it never came up, so this really is the server's HTML alone.
  if (scripts) await page.waitForFunction(routerUp);
  else expect(await page.evaluate(routerUp)).toBeFalsy();
  // The email preview's sandboxed frame runs no scripts, so axe cannot enter it (and would wait forever): the email
  // is a rendered sample, not part of the back office's own UI. Legacy mode runs axe once in the page itself instead
  // of in every frame and again in a new blank tab to merge them — the same rules, a third less time; no page here
  // has a frame from another origin that would need the other way.
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).exclude("iframe[sandbox]").setLegacyMode().analyze();
  return violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")} — ${n.failureSummary?.split("\n")[1] ?? ""}`),
  }));
}
