// LH_BUILD_DIR lets several builds live side by side (parallel test runs); the default is build/ + public/build/.
const dir = process.env.LH_BUILD_DIR || "build";

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  serverBuildPath: `${dir}/index.js`,
  assetsBuildDirectory: `public/${dir}`,
  publicPath: `/${dir}/`,
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
