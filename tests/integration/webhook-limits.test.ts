// Issue 22, finding 3: one client cannot post webhooks without end, and forged posts cannot flood the log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "~/infra/config.server";
import { startTestApp, type TestApp } from "../support/app";
import { startPeachStandIn, type PeachStandIn } from "../support/peach-stand-in";

let peach: PeachStandIn;
let app: TestApp;
beforeAll(async () => {
  peach = await startPeachStandIn();
  // The default webhook budget, as a deployment runs it.
  app = await startTestApp({ env: { ...peach.env, RATE_LIMIT_WEBHOOKS: "" } });
});
afterAll(async () => {
  await app?.close();
  await peach?.close();
});

const forged = (i: number) =>
  new URLSearchParams({
    checkoutId: "a".repeat(32),
    merchantTransactionId: `LH000001X${String(i).padStart(7, "0")}`,
    "result.code": "000.100.110",
    timestamp: "2026-03-02T08:00:00Z",
    amount: "10.00",
    signature: (i % 16).toString(16).repeat(64),
  });

const postFrom = (ip: string, i: number) =>
  app.request("/webhooks/peach", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: forged(i),
    ip,
  });

const warnLines = () => app.logLines.filter((l) => (JSON.parse(l) as { level: number }).level >= 40);

describe("webhook posts per client", () => {
  it("the default budget is 120 a minute per client address", () => {
    expect(loadConfig({}).RATE_LIMIT_WEBHOOKS).toEqual({ limit: 120, windowMs: 60_000 });
  });

  it("past the budget one address gets 429 while another is still heard; 130 forged posts write at most two warnings", async () => {
    const before = warnLines().length;
    const statuses: number[] = [];
    for (let i = 0; i < 130; i++) statuses.push((await postFrom("198.51.100.20", i)).status);
    expect(statuses.slice(0, 120).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(120).every((s) => s === 429)).toBe(true);
    expect((await postFrom("198.51.100.21", 0)).status).toBe(401);
    // One line for the first bad signature, one for the first client over its budget: the rest are counted, not logged.
    expect(warnLines().length - before).toBeLessThanOrEqual(2);
  });
});
