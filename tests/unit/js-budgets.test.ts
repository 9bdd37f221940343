// Issue 27 goal 3: the JavaScript each page makes the browser load, read from the client build's module graph (Remix's
// manifest + esbuild metafile; scripts/budgets/client-bundles.mjs), against the budgets in scripts/budgets/limits.mjs.
// The first block checks the build `npm test` has just made; the second proves each check bites on synthetic graphs.
import { describe, expect, it } from "vitest";
import { BROWSER_VALIDATED_ROUTES } from "~/web/forms/browser-validated";
import {
  loadClientBuild,
  overBudget,
  pageBundles,
  serverOnlyInClient,
  validationOutsideAllowList,
} from "../../scripts/budgets/client-bundles.mjs";
import { PAGE_JS_BUDGET_KB } from "../../scripts/budgets/limits.mjs";

describe("the client build", () => {
  const dir = process.env.LH_BUILD_DIR || "build";
  const build = loadClientBuild({ buildDir: dir });
  const pages = pageBundles(build);

  it("knows the shop's pages (the graph was read)", () => {
    const ids = pages.map((p) => p.routeId);
    for (const id of ["routes/shop._index", "routes/cart", "routes/account._index", "routes/admin.orders._index"]) {
      expect(ids).toContain(id);
    }
    expect(ids).not.toContain("routes/api.hello"); // a resource route loads no page
  });

  it("keeps every page's JavaScript within its area's budget", () => {
    expect(overBudget(pages, PAGE_JS_BUDGET_KB)).toEqual([]);
  });

  it("has no server-only module in any client chunk", () => {
    expect(serverOnlyInClient(build.metafile)).toEqual([]);
  });

  it("loads a validation library only on pages that validate in the browser", () => {
    expect(validationOutsideAllowList(pages, build.metafile, BROWSER_VALIDATED_ROUTES)).toEqual([]);
  });
});

/** A tiny client build: an entry, a root, a shop page, an admin page, a resource route, and shared chunks. */
function syntheticBuild(extra: { shopImports?: string[]; chunks?: Record<string, string[]> } = {}) {
  const chunk = (inputs: string[], imports: string[] = []) => ({
    inputs: Object.fromEntries(inputs.map((i) => [i, { bytesInOutput: 100 }])),
    imports: imports.map((path) => ({ path, kind: "import-statement" })),
  });
  const outputs: Record<string, ReturnType<typeof chunk>> = {
    "b/entry.js": chunk(["app/entry.client.tsx"], ["b/react.js"]),
    "b/react.js": chunk(["node_modules/react-dom/index.js"]),
    "b/root.js": chunk(["app/root.tsx"], ["b/react.js"]),
    "b/shop.js": chunk(["app/routes/shop.tsx", "empty-module:~/web/shop-filters.server"], extra.shopImports ?? []),
    "b/admin.js": chunk(["app/routes/admin.tsx"], ["b/forms.js"]),
    "b/forms.js": chunk(["app/web/forms.ts"], ["b/zod.js"]),
    "b/zod.js": chunk(["node_modules/zod/lib/index.mjs"]),
    "b/api.js": { inputs: { "browser-route-module:routes/api.ts?browser": { bytesInOutput: 31 } }, imports: [] },
  };
  for (const [file, inputs] of Object.entries(extra.chunks ?? {})) outputs[file] = chunk(inputs);
  const route = (id: string, module: string, parentId?: string) => ({ id, parentId, module });
  const manifest = {
    entry: { module: "b/entry.js" },
    routes: {
      root: route("root", "b/root.js"),
      "routes/shop": route("routes/shop", "b/shop.js", "root"),
      "routes/admin.orders": route("routes/admin.orders", "b/admin.js", "root"),
      "routes/api": route("routes/api", "b/api.js", "root"),
    },
  };
  const sizes: Record<string, number> = { "b/react.js": 80 * 1024, "b/zod.js": 14 * 1024, "b/big.js": 40 * 1024 };
  return {
    metafile: { outputs },
    pages: pageBundles({
      manifest,
      metafile: { outputs },
      outputOf: (url: string) => url,
      gzipBytes: (file: string) => sizes[file] ?? 1024,
    }),
  };
}

describe("the JavaScript budget checks bite", () => {
  it("count the entry, the route chain and their imports, each chunk once", () => {
    const { pages } = syntheticBuild();
    expect(pages.map((p) => p.routeId)).toEqual(["routes/admin.orders", "routes/shop"]);
    const shop = pages.find((p) => p.routeId === "routes/shop")!;
    expect(shop.chunks).toEqual(["b/entry.js", "b/react.js", "b/root.js", "b/shop.js"]);
    expect(shop.gzipBytes).toBe(83 * 1024);
  });

  it("name the page and its figure when a page goes over its area's budget", () => {
    const { pages } = syntheticBuild({ shopImports: ["b/big.js"], chunks: { "b/big.js": ["node_modules/big/x.js"] } });
    expect(overBudget(pages, PAGE_JS_BUDGET_KB)).toEqual([
      "routes/shop (storefront) loads 123.0 KB of JavaScript (gzip), over its 110 KB budget",
    ]);
    expect(overBudget(pages, { ...PAGE_JS_BUDGET_KB, admin: 90 })).toEqual([
      "routes/admin.orders (admin) loads 98.0 KB of JavaScript (gzip), over its 90 KB budget",
      "routes/shop (storefront) loads 123.0 KB of JavaScript (gzip), over its 110 KB budget",
    ]);
  });

  it("name the module and the chunk when server-only code reaches the browser", () => {
    const { metafile } = syntheticBuild({
      chunks: {
        "b/leak.js": ["app/domain/orders.server.ts", "node_modules/drizzle-orm/index.js", "node_modules/pg/lib/index.js"],
      },
    });
    metafile.outputs["b/shop.js"].imports.push({ path: "node:fs", kind: "import-statement", external: true } as never);
    expect(serverOnlyInClient(metafile)).toEqual([
      "app/domain/orders.server.ts (a .server module) is in the client chunk b/leak.js",
      "node:fs (a Node builtin) is imported by the client chunk b/shop.js",
      "node_modules/drizzle-orm/index.js (the server-only package drizzle-orm) is in the client chunk b/leak.js",
      "node_modules/pg/lib/index.js (the server-only package pg) is in the client chunk b/leak.js",
    ]);
  });

  it("name the page, the library and the chunk when a page that does not validate in the browser loads zod", () => {
    const { pages, metafile } = syntheticBuild();
    expect(validationOutsideAllowList(pages, metafile, [])).toEqual([
      "routes/admin.orders loads zod (in b/zod.js) but is not in BROWSER_VALIDATED_ROUTES",
    ]);
    expect(validationOutsideAllowList(pages, metafile, ["routes/admin.orders"])).toEqual([]);
  });
});
