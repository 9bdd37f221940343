// The worker bundle's size as Cloudflare counts it: every script and WebAssembly module wrangler writes, gzipped.
// Used by `npm run build:edge` (scripts/build-edge.mjs) and the edge suite (tests/edge/worker-bundle.test.ts).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

/** The files of the bundle in `dir` (build-edge/worker) and their gzipped size in bytes, all together. */
export function workerBundle(dir) {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".js") || f.endsWith(".wasm"))
    .sort();
  const gzipBytes = files.reduce((sum, f) => sum + gzipSync(readFileSync(path.join(dir, f))).length, 0);
  return { files, gzipBytes };
}

/** The message when the bundle is over `budgetKb` (KB of 1024 bytes), or null. */
export function workerBundleOverBudget(gzipBytes, budgetKb) {
  return gzipBytes > budgetKb * 1024
    ? `the worker bundle is ${(gzipBytes / 1024).toFixed(1)} KB gzipped, over its ${budgetKb} KB budget (WORKER_BUNDLE_BUDGET_KB)`
    : null;
}
