import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import type { ServerBuild } from "@remix-run/server-runtime";

type RouteNode = AgnosticRouteObject & { id: string };

/** Maps a URL to the id of the Remix route that will answer it, so metrics and logs use route ids, not paths. */
export function createRouteIdResolver(build: ServerBuild): (url: URL) => string {
  const routes = Object.values(build.routes);
  const childrenOf = (parentId: string | undefined): RouteNode[] =>
    routes
      .filter((r) => r.parentId === parentId)
      .map(
        (r) =>
          ({ id: r.id, path: r.path, index: r.index, caseSensitive: r.caseSensitive, children: childrenOf(r.id) }) as RouteNode,
      );
  const tree = childrenOf(undefined);

  const resolve = (pathname: string) => {
    // single fetch data requests: /shop.data, /_root.data
    if (pathname.endsWith(".data")) pathname = pathname === "/_root.data" ? "/" : pathname.slice(0, -".data".length);
    const matches = matchRoutes(tree, pathname);
    if (!matches) return "unmatched";
    const last = matches[matches.length - 1].route as RouteNode;
    // A splat catch-all (the 404 page) must not turn every unknown URL into its own series either way.
    return last.id;
  };

  // matchRoutes flattens and ranks the whole route tree on every call (issue 15's profile: compilePath, flattenRoute,
  // computeScore); the table is fixed for the life of a build, so an answer per path is reused. Bounded, oldest
  // first out, so a crawl of made-up URLs cannot grow it.
  const cache = new Map<string, string>();
  return (url) => {
    const hit = cache.get(url.pathname);
    if (hit !== undefined) return hit;
    const id = resolve(url.pathname);
    if (cache.size >= ROUTE_ID_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(url.pathname, id);
    return id;
  };
}

export const ROUTE_ID_CACHE_SIZE = 1_000;
