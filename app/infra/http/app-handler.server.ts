import path from "node:path";
import type { ServerBuild } from "@remix-run/server-runtime";
import type { AppContext } from "../app-context";
import { createFetchHandler, type AppHandler } from "./fetch-handler.server";
import { staticFiles } from "./static-files.server";

/**
 * The application on Node: the shared fetch handler with `public/` and `$DATA_DIR/uploads` served from disk. The Node
 * adapter and the integration tests both drive exactly this.
 */
export function createAppHandler(build: ServerBuild, ctx: AppContext, opts: { publicDir?: string } = {}): AppHandler {
  return createFetchHandler(build, ctx, {
    files: staticFiles(opts.publicDir ?? path.resolve("public"), [
      { prefix: "/uploads/", dir: path.join(ctx.config.DATA_DIR, "uploads") },
    ]),
    requestsShareWork: true,
    visitorPages: true,
  });
}
