import type { ActionFunctionArgs, LoaderFunctionArgs, ServerBuild } from "@remix-run/server-runtime";

type DataFunctionArgs = LoaderFunctionArgs | ActionFunctionArgs;
type DataFunction = (args: DataFunctionArgs) => unknown;

/**
 * The build with every route's loader and action passed through `wrap`: how the fetch handler puts one rule in front
 * of (or around) all route code while leaving the answer's form to Remix (database outages, rate-limit refusals).
 */
export function wrapRouteFunctions(build: ServerBuild, wrap: (fn: DataFunction) => DataFunction): ServerBuild {
  const wrapped = <F>(fn: F): F => wrap(fn as unknown as DataFunction) as unknown as F;
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const { loader, action } = route.module;
    routes[id] = {
      ...route,
      module: {
        ...route.module,
        ...(loader && { loader: wrapped(loader) }),
        ...(action && { action: wrapped(action) }),
      },
    };
  }
  return { ...build, routes };
}
