// Builds the worker: the Remix app for workerd (LH_TARGET=edge, see remix.config.js), the Static Assets folder, then
// wrangler's own bundle (`wrangler deploy --dry-run`, nothing is uploaded) into build-edge/worker/. Fails when a
// Node-only package or node:fs reaches the bundle; prints the gzipped size, which must stay under Cloudflare's 3 MB.
import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

const OUT = "build-edge";
const LIMIT_BYTES = 3 * 1024 * 1024;
// Packages that only work on Node (native addons, TCP sockets, the filesystem) or that are Node's half of an interface.
const NODE_ONLY = ["pg", "pg-pool", "ioredis", "@electric-sql/pglite", "@node-rs/argon2", "ws", "pino", "pino-pretty", "sonic-boom", "thread-stream", "dotenv", "@remix-run/node", "@remix-run/node-fetch-server"];
const NODE_ONLY_BUILTINS = /^(node:|node-built-in-modules:)?(fs|fs\/promises|child_process|net|http|https|worker_threads)$/;
// Imported but never called on workerd: prom-client's Node process collectors (createMetrics({ defaultMetrics: false }))
// and its push gateway.
const ALLOWED_IMPORTERS = /^node_modules\/prom-client\/lib\/(metrics\/|pushgateway\.js)/;

rmSync(OUT, { recursive: true, force: true });
execFileSync("npx", ["remix", "build"], { stdio: "inherit", env: { ...process.env, LH_TARGET: "edge" } });

// Static Assets: public/ (minus Node builds) plus the client build; hashed files may be cached forever.
for (const entry of readdirSync("public")) {
  if (!/^build(-|$)/.test(entry)) cpSync(path.join("public", entry), path.join(OUT, "assets", entry), { recursive: true });
}
writeFileSync(path.join(OUT, "assets", "_headers"), "/build/*\n  Cache-Control: public, max-age=31536000, immutable\n");

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
    if (NODE_ONLY_BUILTINS.test(imp.path) && !ALLOWED_IMPORTERS.test(file) && !file.startsWith("node-built-in-modules:"))
      offenders.add(`${imp.path} imported by ${file}`);
  }
}
if (offenders.size > 0) {
  console.error(`\nbuild:edge: Node-only code reached the worker bundle:\n  ${[...offenders].join("\n  ")}`);
  process.exit(1);
}

const files = readdirSync(`${OUT}/worker`).filter((f) => f.endsWith(".js") || f.endsWith(".wasm"));
const gzipped = files.reduce((sum, f) => sum + gzipSync(readFileSync(path.join(OUT, "worker", f))).length, 0);
console.log(`build:edge: worker bundle ${files.join(", ")} — ${(gzipped / 1024 / 1024).toFixed(2)} MB gzipped (limit 3 MB)`);
if (gzipped > LIMIT_BYTES) process.exit(1);
