// Builds the Remix app (classic compiler), bundles the Node adapter beside it and writes the migrated PGlite snapshot
// the embedded first start loads, into $LH_BUILD_DIR (default build/).
// LH_REUSE_BUILD=1 (set by .ci/run after its one build step) keeps an existing build instead of rebuilding it.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { build } from "esbuild";
import { writePgliteSnapshot } from "./pglite-snapshot.mjs";

const dir = process.env.LH_BUILD_DIR || "build";
if (process.env.LH_REUSE_BUILD === "1" && existsSync(`${dir}/server.js`) && existsSync(`${dir}/index.js`)) {
  console.log(`build: reusing ${dir}/ (LH_REUSE_BUILD=1)`);
  process.exit(0);
}
execFileSync("npx", ["remix", "build"], { stdio: "inherit" });
await build({
  entryPoints: ["server.ts"],
  bundle: true,
  platform: "node",
  format: "esm",
  packages: "external",
  target: "node20",
  outfile: `${dir}/server.js`,
  logLevel: "warning",
});
await writePgliteSnapshot(`${dir}/pglite-migrated.tar.gz`);
