import { afterAll, beforeAll, expect, it } from "vitest";
import { failedRows, runSmokeCommand } from "../support/smoke-cli";
import { startEdgeApp, type EdgeApp } from "./worker-harness";

// `npm run smoke` against the built worker in workerd, over HTTPS as a deployment serves it (staging: NOINDEX). The
// worker's certificate is Miniflare's own, so this one command is told to accept it.
let edge: EdgeApp;
beforeAll(async () => {
  edge = await startEdgeApp({ env: { NOINDEX: "true" } });
});
afterAll(() => edge?.close());

it("npm run smoke passes against the worker", async () => {
  const { status, rows, output } = await runSmokeCommand(edge.origin, ["--expect-noindex"], {
    env: { NODE_TLS_REJECT_UNAUTHORIZED: "0", NODE_NO_WARNINGS: "1" },
  });
  expect(failedRows(rows), output).toEqual([]);
  expect(status).toBe(0);
});
