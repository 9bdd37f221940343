import { afterAll, beforeAll, expect, it } from "vitest";
import { freePort } from "../e2e/support/server";
import { failedRows, runSmokeCommand } from "../support/smoke-cli";
import { startEdgeApp, type EdgeApp } from "./worker-harness";

// `npm run smoke` against the built worker in workerd, listening on a port as a deployment would (staging: NOINDEX).
let edge: EdgeApp;
let url: string;
beforeAll(async () => {
  const port = await freePort();
  edge = await startEdgeApp({
    listenPort: port,
    env: { NOINDEX: "true", METRICS_TOKEN: "edge-smoke-metrics-token-0123456789abcdef" },
  });
  url = `http://127.0.0.1:${port}`;
});
afterAll(() => edge?.close());

it("npm run smoke passes against the worker", async () => {
  const { status, rows, output } = await runSmokeCommand(url, ["--expect-noindex"]);
  expect(failedRows(rows), output).toEqual([]);
  expect(status).toBe(0);
});
