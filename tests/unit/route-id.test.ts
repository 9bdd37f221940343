// The route-id resolver (metrics and log labels) answers the same with its per-path cache, and the cache is bounded.
import type { ServerBuild } from "@remix-run/server-runtime";
import { describe, expect, it } from "vitest";
import { createRouteIdResolver, ROUTE_ID_CACHE_SIZE } from "~/infra/http/route-id.server";

const route = (id: string, parentId: string | undefined, extra: { path?: string; index?: boolean }) => ({
  id,
  parentId,
  ...extra,
  module: {},
});
const build = {
  routes: {
    root: route("root", undefined, { path: "" }),
    "routes/_index": route("routes/_index", "root", { index: true }),
    "routes/shop._index": route("routes/shop._index", "root", { path: "shop", index: true }),
    "routes/shop.$slug": route("routes/shop.$slug", "root", { path: "shop/:slug" }),
    "routes/$": route("routes/$", "root", { path: "*" }),
  },
} as unknown as ServerBuild;

describe("route id resolver", () => {
  it.each([
    ["/", "routes/_index"],
    ["/_root.data", "routes/_index"],
    ["/shop", "routes/shop._index"],
    ["/shop.data", "routes/shop._index"],
    ["/shop/chicken", "routes/shop.$slug"],
    ["/nope/at/all", "routes/$"],
  ])("%s → %s, the same when asked again", (p, id) => {
    const resolve = createRouteIdResolver(build);
    expect(resolve(new URL(p, "http://x"))).toBe(id);
    expect(resolve(new URL(p, "http://x"))).toBe(id);
  });

  it("stays right after more distinct paths than its cache holds", () => {
    const resolve = createRouteIdResolver(build);
    for (let i = 0; i < ROUTE_ID_CACHE_SIZE + 50; i++)
      expect(resolve(new URL(`/shop/m-${i}`, "http://x"))).toBe("routes/shop.$slug");
    expect(resolve(new URL("/shop", "http://x"))).toBe("routes/shop._index");
    expect(resolve(new URL("/shop/m-0", "http://x"))).toBe("routes/shop.$slug");
  });
});
