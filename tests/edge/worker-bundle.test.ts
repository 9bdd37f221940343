// Issue 27 goal 3: the worker bundle `npm run build:edge` made stays within WORKER_BUNDLE_BUDGET_KB (build:edge
// itself fails over it too); the check's message names the figure.
import { describe, expect, it } from "vitest";
import { WORKER_BUNDLE_BUDGET_KB } from "../../scripts/budgets/limits.mjs";
import { workerBundle, workerBundleOverBudget } from "../../scripts/budgets/worker-bundle.mjs";

describe("the worker bundle", () => {
  it("stays within its budget", () => {
    const bundle = workerBundle("build-edge/worker");
    expect(bundle.files).toContain("index.js");
    expect(workerBundleOverBudget(bundle.gzipBytes, WORKER_BUNDLE_BUDGET_KB)).toBeNull();
  });

  it("fails naming the size when it grows past the budget", () => {
    expect(workerBundleOverBudget((WORKER_BUNDLE_BUDGET_KB + 10) * 1024, WORKER_BUNDLE_BUDGET_KB)).toBe(
      `the worker bundle is ${WORKER_BUNDLE_BUDGET_KB + 10}.0 KB gzipped, over its ${WORKER_BUNDLE_BUDGET_KB} KB budget (WORKER_BUNDLE_BUDGET_KB)`,
    );
  });
});
