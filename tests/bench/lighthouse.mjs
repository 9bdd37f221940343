#!/usr/bin/env node
// Issue 15, goal 6: Lighthouse 12.2.3 (mobile preset, its simulated slow-4G phone) on home, /shop and a meal page, in
// Debian chromium, against our production build in embedded mode on a fresh DATA_DIR. Prints the performance score,
// CLS, LCP, TBT and the JavaScript each page transfers (gzip, as sent), then the same as one JSON line; asserts nothing. Run by `npm run bench` when
// chromium is installed (BENCH_LIGHTHOUSE=0 skips); `npx` fetches lighthouse from the npm registry on first use.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startShopServer } from "./process.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BUILD_DIR = path.resolve(ROOT, process.env.LH_BUILD_DIR || "build");
const CHROME = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const PAGES = ["/", "/shop", "/shop/chicken-sweet-potato-carrot"];

const server = await startShopServer(BUILD_DIR);

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const rows = [];
try {
  console.log("page | performance | CLS | LCP | TBT | JS transferred (gzip)");
  for (const page of PAGES) {
    const run = spawnSync(
      "npx",
      [
        "--yes",
        "lighthouse@12.2.3",
        server.url + page,
        "--only-categories=performance",
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking",
      ],
      { cwd: ROOT, env: { ...process.env, CHROME_PATH: CHROME }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    );
    if (run.status !== 0) throw new Error(`lighthouse failed on ${page}:\n${run.stderr.slice(-2000)}`);
    const report = JSON.parse(run.stdout);
    const audit = (id) => report.audits[id];
    const scripts = audit("resource-summary").details.items.find((i) => i.resourceType === "script");
    const row = {
      page,
      score: Math.round(report.categories.performance.score * 100),
      cls: Number(audit("cumulative-layout-shift").numericValue.toFixed(3)),
      lcpMs: Math.round(audit("largest-contentful-paint").numericValue),
      tbtMs: Math.round(audit("total-blocking-time").numericValue),
      jsTransferredKb: Number(((scripts?.transferSize ?? 0) / 1024).toFixed(1)),
    };
    rows.push(row);
    console.log(
      [row.page, row.score, row.cls.toFixed(3), `${row.lcpMs} ms`, `${row.tbtMs} ms`, kb(scripts?.transferSize ?? 0)].join(" | "),
    );
  }
  // For `npm run bench -- --json` (tests/bench/run.mjs reads the last JSON line).
  console.log(JSON.stringify({ lighthouse: rows }));
} finally {
  await server.stop();
}
