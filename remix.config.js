// LH_BUILD_DIR lets several builds live side by side (parallel test runs); the default is build/ + public/build/.
const dir = process.env.LH_BUILD_DIR || "build";

// LH_TARGET=edge (scripts/build-edge.mjs): the same app for workerd. Packages stay external and wrangler bundles them
// with the worker conditions; client assets go where Workers Static Assets serves them.
const edge = process.env.LH_TARGET === "edge";
const target = edge
  ? {
      serverPlatform: "neutral",
      serverConditions: ["workerd", "worker", "browser"],
      serverMainFields: ["browser", "module", "main"],
      serverDependenciesToBundle: [],
      serverBuildPath: "build-edge/remix/index.js",
      assetsBuildDirectory: "build-edge/assets/build",
      publicPath: "/build/",
    }
  : {
      serverPlatform: "node",
      serverBuildPath: `${dir}/index.js`,
      assetsBuildDirectory: `public/${dir}`,
      publicPath: `/${dir}/`,
    };

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  serverModuleFormat: "esm",
  ...target,
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
