// Builds the worker: the Remix app for workerd (LH_TARGET=edge, see remix.config.js), the Static Assets folder, then
// wrangler's own bundle (`wrangler deploy --dry-run`, nothing is uploaded) into build-edge/worker/. Fails when a
// Node-only package or node:fs reaches the bundle; prints the gzipped size against Cloudflare's limits (Free 3 MB, Paid
// 10 MB, gzipped); over 3 MB fails, so the worker deploys on either plan, and so does going over our own budget
// (WORKER_BUNDLE_BUDGET_KB in scripts/budgets/limits.mjs, issue 27).
import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { WORKER_BUNDLE_BUDGET_KB } from "./budgets/limits.mjs";
import { workerBundle, workerBundleOverBudget } from "./budgets/worker-bundle.mjs";

const OUT = "build-edge";
const LIMIT_BYTES = 3 * 1024 * 1024;
// Packages that only work on Node (native addons, TCP sockets, the filesystem) or that are Node's half of an interface.
const NODE_ONLY = ["pg", "pg-pool", "ioredis", "@electric-sql/pglite", "@node-rs/argon2", "ws", "pino", "pino-pretty", "sonic-boom", "thread-stream", "@remix-run/node", "@remix-run/node-fetch-server"];
const NODE_ONLY_BUILTINS = /^(node:|node-built-in-modules:)?(fs|fs\/promises|child_process|net|http|https|worker_threads)$/;

rmSync(OUT, { recursive: true, force: true });
execFileSync("npx", ["remix", "build"], { stdio: "inherit", env: { ...process.env, LH_TARGET: "edge" } });

renameUnservableModules(path.join(OUT, "assets", "build"), [path.join(OUT, "remix")]);

// Static Assets: public/ (minus Node builds) plus the client build, with the headers and caching of _headers.
for (const entry of readdirSync("public")) {
  if (!/^build(-|$)/.test(entry)) cpSync(path.join("public", entry), path.join(OUT, "assets", entry), { recursive: true });
}
cpSync("worker/_headers", path.join(OUT, "assets", "_headers"));
// The common-password list as a static asset, one a line: the worker reads it through ASSETS when a password is chosen
// instead of carrying 380 KB in its bundle (docs/decisions/043-worker-bundle-and-start-up.md).
const { dictionary } = await import("@zxcvbn-ts/language-common");
writeFileSync(path.join(OUT, "assets", "common-passwords.txt"), dictionary.passwords.join("\n") + "\n");

execFileSync(
  "npx",
  ["wrangler", "deploy", "--dry-run", "--outdir", `${OUT}/worker`, "--metafile", `${OUT}/worker/meta.json`],
  { stdio: "inherit", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
);

const meta = JSON.parse(readFileSync(`${OUT}/worker/meta.json`, "utf8"));
const offenders = new Set();
for (const [file, input] of Object.entries(meta.inputs)) {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1];
  if (pkg && NODE_ONLY.includes(pkg)) offenders.add(`${pkg} (${file})`);
  for (const imp of input.imports ?? []) {
    if (NODE_ONLY_BUILTINS.test(imp.path) && !file.startsWith("node-built-in-modules:"))
      offenders.add(`${imp.path} imported by ${file}`);
  }
}
if (offenders.size > 0) {
  console.error(`\nbuild:edge: Node-only code reached the worker bundle:\n  ${[...offenders].join("\n  ")}`);
  process.exit(1);
}

const { files, gzipBytes: gzipped } = workerBundle(`${OUT}/worker`);
console.log(
  `build:edge: worker bundle ${files.join(", ")} — ${(gzipped / 1024 / 1024).toFixed(2)} MB gzipped (Cloudflare's limits: Free 3 MB, Paid 10 MB; ours ${WORKER_BUNDLE_BUDGET_KB} KB)`,
);
if (gzipped > LIMIT_BYTES) process.exit(1);
const overBudget = workerBundleOverBudget(gzipped, WORKER_BUNDLE_BUDGET_KB);
if (overBudget) {
  console.error(`build:edge: ${overBudget}`);
  process.exit(1);
}

/**
 * Workers Static Assets answers a path with `$`, `[` or `]` (route modules such as `routes/shop.$slug-HASH.js`) with a
 * 307 to its percent-encoded twin: a wasted round trip, and under `upgrade-insecure-requests` over plain HTTP a failed
 * dynamic import. Such files get plain names, and every build file that names them (the client manifest, the server
 * build's copy of it, chunks and source maps) names the new ones.
 */
function renameUnservableModules(assetsDir, otherDirs) {
  const files = (dir) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name));
  const renames = [];
  for (const file of files(assetsDir)) {
    const name = path.basename(file);
    if (!/[$[\]]/.test(name)) continue;
    const safe = name.replace(/[$[\]]/g, "_");
    renameSync(file, path.join(path.dirname(file), safe));
    renames.push([path.relative(assetsDir, file), path.relative(assetsDir, path.join(path.dirname(file), safe))]);
  }
  for (const file of [assetsDir, ...otherDirs].flatMap(files).filter((f) => /\.(js|json|map)$/.test(f))) {
    const text = readFileSync(file, "utf8");
    const renamed = renames.reduce((t, [from, to]) => t.split(from).join(to), text);
    if (renamed !== text) writeFileSync(file, renamed);
  }
  console.log(`build:edge: ${renames.length} client modules renamed to plain file names`);
}
