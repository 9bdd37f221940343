// `npm run guide`: the staff guide's screenshots, taken from the real app. Starts the built server on a fresh,
// seeded data folder (with the card-provider stand-in), prepares a working morning's orders and walks the guide's
// steps (docs/guide/steps.json) in Debian's chromium, writing docs/guide/img/<step>.png. A step whose heading, field,
// button or link has gone stops the run, naming it — the guide's text needs the same change.
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startPeachStandIn } from "../tests/support/peach-stand-in";
import { launchBrowser } from "../tests/e2e/support/browser";
import { GUIDE_DIR, guideSteps, prepareGuideShop, walkStep } from "../tests/e2e/support/guide-tour";
import { startServer } from "../tests/e2e/support/server";

const imgDir = fileURLToPath(new URL("img/", GUIDE_DIR));
mkdirSync(imgDir, { recursive: true });
const peach = await startPeachStandIn({ autoWebhooks: true });
const server = await startServer(peach.env);
const browser = await launchBrowser();
try {
  const session = await prepareGuideShop(browser, server.url, peach);
  for (const step of guideSteps()) {
    await walkStep(step, session, async (page) => {
      if (step.screenshot === false) return;
      await page.screenshot({ path: `${imgDir}${step.id}.png` });
      console.log(`guide: img/${step.id}.png`);
    });
  }
} finally {
  await browser.close();
  await server.stop();
  await peach.close();
}
