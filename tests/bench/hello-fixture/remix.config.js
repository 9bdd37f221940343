// The bare Remix 2 app issue 15 compares us with: one route rendering "hello" through React, default entries, the
// future flags of today's starter template (and of our app), built by the same @remix-run/dev. The output goes under
// the repository's build/ (gitignored) so the build's bare imports resolve to the root node_modules.
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const out = path.resolve(root, process.env.HELLO_BUILD_DIR || "build/hello-fixture");

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  appDirectory: "app",
  cacheDirectory: `${out}/.cache`,
  serverBuildPath: `${out}/index.js`,
  assetsBuildDirectory: `${out}/public/build`,
  publicPath: "/build/",
  serverModuleFormat: "esm",
  serverPlatform: "node",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
