// The staff guide (docs/guide/) against the real app: every heading, field, button and link its steps name is still
// on its page, in order, on a freshly seeded shop — the same walk `npm run guide` photographs. And the guide's text
// names each of them, and shows each step's picture.
import { existsSync, readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPeachStandIn, type PeachStandIn } from "../support/peach-stand-in";
import { launchBrowser } from "./support/browser";
import { GUIDE_DIR, guideSteps, prepareGuideShop, walkStep } from "./support/guide-tour";
import { startServer, type RunningServer } from "./support/server";

const steps = guideSteps();
const guide = readFileSync(new URL("README.md", GUIDE_DIR), "utf8");

describe("the staff guide's text", () => {
  it("names in bold every step it checks, and shows every picture the tour takes", () => {
    const named = steps.flatMap((s) => s.expect.map(([, name]) => name)).filter((name) => !name.includes("{"));
    expect(named.filter((name) => !guide.includes(`**${name}`))).toEqual([]);
    const pictures = steps.filter((s) => s.screenshot !== false).map((s) => `img/${s.id}.png`);
    expect(pictures.filter((img) => !guide.includes(`](${img})`))).toEqual([]);
    expect(pictures.filter((img) => !existsSync(new URL(img, GUIDE_DIR)))).toEqual([]);
  });
});

describe("the staff guide's steps in the app", () => {
  let peach: PeachStandIn;
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    peach = await startPeachStandIn({ autoWebhooks: true });
    server = await startServer(peach.env);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await peach?.close();
  });

  it("every page, heading, field, button and link the guide names is there", async () => {
    const session = await prepareGuideShop(browser, server.url, peach);
    for (const step of steps) await walkStep(step, session);
  }, 300_000);
});
