// Builds the Remix app (classic compiler) and bundles the Node adapter beside it, into $LH_BUILD_DIR (default build/).
import { execFileSync } from "node:child_process";
import { build } from "esbuild";

const dir = process.env.LH_BUILD_DIR || "build";
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
