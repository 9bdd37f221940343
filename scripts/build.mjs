// Builds the Remix app (classic compiler), bundles the Node adapter beside it and writes the migrated PGlite snapshot
// the embedded first start loads, into $LH_BUILD_DIR (default build/).
// LH_REUSE_BUILD=1 (set by .ci/run after its one build step) keeps an existing build instead of rebuilding it.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { build } from "esbuild";
import { writePgliteSnapshot } from "./pglite-snapshot.mjs";
import { precompress } from "./precompress.mjs";

const dir = process.env.LH_BUILD_DIR || "build";
if (process.env.LH_REUSE_BUILD === "1" && existsSync(`${dir}/server.js`) && existsSync(`${dir}/index.js`)) {
  console.log(`build: reusing ${dir}/ (LH_REUSE_BUILD=1)`);
  process.exit(0);
}

// The Remix CLI directly (npx would first resolve it), in its own process: its esbuild work runs on other cores while
// this process bundles the adapter and makes the PGlite snapshot — none of the three reads what another writes.
function remixBuild() {
  const cli = createRequire(import.meta.url).resolve("@remix-run/dev/dist/cli.js");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "build"], { stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`remix build exited with ${code}`))));
  });
}

await Promise.all([
  remixBuild().then(() => precompress(`public/${dir}`)),
  // server-entry.ts sets NODE_ENV for React before server.ts (a chunk of its own) loads anything (see there).
  removeChunks(dir).then(() =>
    build({
      entryPoints: { server: "server-entry.ts" },
      bundle: true,
      splitting: true,
      platform: "node",
      format: "esm",
      packages: "external",
      target: "node20",
      outdir: dir,
      chunkNames: "node-[hash]",
      logLevel: "warning",
    }),
  ),
  writePgliteSnapshot(`${dir}/pglite-migrated.tar.gz`),
]);

/** The adapter's chunks of an earlier build (their names change with their content). */
async function removeChunks(dir) {
  const names = await readdir(dir).catch(() => []);
  await Promise.all(names.filter((n) => /^node-\w+\.js$/.test(n)).map((n) => rm(`${dir}/${n}`)));
}
