// The client build's module graph, per page (issue 27 goal 3): what JavaScript each page makes the browser load, and
// the budget checks on it. Reads Remix's own outputs — the assets manifest (route tree, each route's module) and the
// esbuild metafile of the client build (`<build dir>/metafile.js.json`: every chunk, its static imports and the
// source modules inside it) — so the figures are exact and the same on every run. Pure functions on that data plus
// one loader, so tests can feed synthetic graphs (tests/unit/js-budgets.test.ts).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

/**
 * Packages that must never reach the browser: database drivers and ORM, KV clients, hashing, logging, metrics, mail,
 * Node adapters. (`*.server.*` modules and `node:` builtins are caught by name, see `serverOnlyReason`.)
 */
export const SERVER_ONLY_PACKAGES = [
  "drizzle-orm",
  "pg",
  "pg-pool",
  "@neondatabase/serverless",
  "@electric-sql/pglite",
  "@node-rs/argon2",
  "argon2id",
  "ioredis",
  "@upstash/redis",
  "@upstash/ratelimit",
  "pino",
  "pino-pretty",
  "prom-client",
  "resend",
  "sharp",
  "ws",
  "dotenv",
  "oauth4webapi",
  "remix-auth",
  "remix-auth-form",
  "@remix-run/node",
  "@remix-run/node-fetch-server",
  "@sentry/remix",
  "@sentry/cloudflare",
  "@react-email/render",
];

/** Validation libraries: allowed only on pages that validate in the browser (BROWSER_VALIDATED_ROUTES). */
export const VALIDATION_PACKAGES = ["zod", "@conform-to/zod"];

const NODE_BUILTINS = new Set([
  "assert", "async_hooks", "buffer", "child_process", "cluster", "crypto", "dgram", "diagnostics_channel", "dns",
  "events", "fs", "fs/promises", "http", "http2", "https", "module", "net", "os", "path", "perf_hooks", "process",
  "readline", "stream", "string_decoder", "timers", "tls", "tty", "url", "util", "v8", "vm", "worker_threads", "zlib",
]); // prettier-ignore

/** The npm package a metafile input belongs to (`node_modules/@scope/name/...` → `@scope/name`), or null. */
export function packageOf(input) {
  const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  return m ? m[1] : null;
}

/** Why a source module must not be in a client chunk, or null when it may. */
export function serverOnlyReason(input) {
  // Remix replaces a `.server` import in the browser build with an empty module: that is the rule working.
  if (input.startsWith("empty-module:")) return null;
  if (input.startsWith("node:") || NODE_BUILTINS.has(input)) return "a Node builtin";
  if (/(^|\/)[^/]*\.server(\.[cm]?[jt]sx?)?$/.test(input) || /(^|\/)[^/]+\.server\//.test(input)) return "a .server module";
  const pkg = packageOf(input);
  if (pkg && SERVER_ONLY_PACKAGES.includes(pkg)) return `the server-only package ${pkg}`;
  return null;
}

/** The budget area of a route: admin pages, account pages, everything else is the storefront. */
export function areaOf(routeId) {
  if (/^routes\/admin(\.|$)/.test(routeId)) return "admin";
  if (/^routes\/account(\.|$)/.test(routeId)) return "account";
  return "storefront";
}

/**
 * Every page with the chunks the browser loads for it: the client entry, each route from the root down to it, and
 * everything those import statically. A page is a route whose browser module holds its source file (Remix gives a
 * resource route's browser module only an empty stub) and that is no other page's layout (layouts count inside
 * their pages).
 * `gzipBytes(outputPath)` gives one chunk's size. Dynamic imports are left out: the page does not load them itself.
 */
export function pageBundles({ manifest, metafile, outputOf, gzipBytes }) {
  const outputs = metafile.outputs;
  const closure = (roots) => {
    const seen = new Set();
    const stack = [...roots];
    while (stack.length) {
      const file = stack.pop();
      if (seen.has(file)) continue;
      if (!outputs[file]) throw new Error(`the client build has no chunk ${file} (stale manifest or metafile?)`);
      seen.add(file);
      for (const imp of outputs[file].imports ?? []) {
        if (imp.kind === "import-statement" && !imp.external) stack.push(imp.path);
      }
    }
    return [...seen].sort();
  };
  const entry = outputOf(manifest.entry.module);
  const hasSource = (route) =>
    Object.entries(outputs[outputOf(route.module)]?.inputs ?? {}).some(
      ([input, { bytesInOutput }]) => input.startsWith("app/") && bytesInOutput > 0,
    );
  const withSource = Object.values(manifest.routes).filter(hasSource);
  const layouts = new Set(withSource.map((r) => r.parentId));
  const pages = [];
  for (const route of withSource.sort((a, b) => a.id.localeCompare(b.id))) {
    if (layouts.has(route.id)) continue;
    const chain = [];
    for (let r = route; r; r = r.parentId ? manifest.routes[r.parentId] : undefined) chain.push(outputOf(r.module));
    const chunks = closure([entry, ...chain]);
    const bytes = chunks.reduce((sum, file) => sum + gzipBytes(file), 0);
    pages.push({ routeId: route.id, area: areaOf(route.id), chunks, gzipBytes: bytes });
  }
  return pages;
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/** One message per page over its area's budget, naming the page and the figure. */
export function overBudget(pages, budgetsKb) {
  return pages
    .filter((p) => p.gzipBytes > budgetsKb[p.area] * 1024)
    .map(
      (p) => `${p.routeId} (${p.area}) loads ${kb(p.gzipBytes)} of JavaScript (gzip), over its ${budgetsKb[p.area]} KB budget`,
    );
}

/** One message per server-only module found in any client chunk, naming the module and the chunk. */
export function serverOnlyInClient(metafile) {
  const found = [];
  for (const [chunk, output] of Object.entries(metafile.outputs)) {
    if (!/\.[cm]?js$/.test(chunk)) continue;
    for (const input of Object.keys(output.inputs ?? {})) {
      const why = serverOnlyReason(input);
      if (why) found.push(`${input} (${why}) is in the client chunk ${chunk}`);
    }
    for (const imp of output.imports ?? []) {
      const why = imp.external ? serverOnlyReason(imp.path) : null;
      if (why) found.push(`${imp.path} (${why}) is imported by the client chunk ${chunk}`);
    }
  }
  return found.sort();
}

/**
 * One message per page that loads a validation library without being on the allow list of pages that validate in
 * the browser, naming the page, the library and the chunk that carries it.
 */
export function validationOutsideAllowList(pages, metafile, allowedRouteIds) {
  const allowed = new Set(allowedRouteIds);
  const found = [];
  for (const page of pages) {
    if (allowed.has(page.routeId)) continue;
    for (const chunk of page.chunks) {
      const libs = new Set(
        Object.keys(metafile.outputs[chunk].inputs ?? {})
          .map(packageOf)
          .filter((pkg) => pkg && VALIDATION_PACKAGES.includes(pkg)),
      );
      for (const lib of libs) {
        found.push(`${page.routeId} loads ${lib} (in ${chunk}) but is not in BROWSER_VALIDATED_ROUTES`);
      }
    }
  }
  return found;
}

/**
 * The real client build in `buildDir` (server build: index.js + metafile.js.json) and `assetsDir` (public/build),
 * with chunk sizes from the build's gzip copies (made with gzip level 9 by scripts/precompress.mjs) when present.
 */
export function loadClientBuild({ root = process.cwd(), buildDir = "build", assetsDir = `public/${buildDir}` } = {}) {
  const metafilePath = path.join(root, buildDir, "metafile.js.json");
  if (!existsSync(metafilePath)) throw new Error(`${metafilePath} missing: build first (node scripts/build.mjs)`);
  const metafile = JSON.parse(readFileSync(metafilePath, "utf8"));
  // The manifest this build's server names (an older one may still lie beside it).
  const server = readFileSync(path.join(root, buildDir, "index.js"), "utf8");
  const named = /manifest-[A-Z0-9]+\.js/.exec(server)?.[0];
  const manifestFile = named ?? readdirSync(path.join(root, assetsDir)).find((f) => /^manifest-.*\.js$/.test(f));
  const text = readFileSync(path.join(root, assetsDir, manifestFile), "utf8");
  const manifest = JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1));
  const publicPath = manifest.entry.module.slice(0, manifest.entry.module.indexOf("/", 1) + 1); // "/build/"
  const outputOf = (url) => path.posix.join(assetsDir, url.slice(publicPath.length));
  const gzipBytes = (file) => {
    const abs = path.join(root, file);
    return existsSync(`${abs}.gz`) ? readFileSync(`${abs}.gz`).length : gzipSync(readFileSync(abs), { level: 9 }).length;
  };
  return { manifest, metafile, outputOf, gzipBytes };
}
