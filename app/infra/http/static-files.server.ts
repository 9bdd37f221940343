import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import type { Middleware } from "./pipeline.server";

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
  ".json": "application/json",
};

/**
 * Serves files under `root` for GET/HEAD. Files under /build/ carry a content hash in their name, so browsers may keep
 * them forever; anything else gets a short cache.
 */
export function staticFiles(root: string, extraRoots: Array<{ prefix: string; dir: string }> = []): Middleware {
  const base = path.resolve(root);
  return async (request, state, next) => {
    if (request.method !== "GET" && request.method !== "HEAD") return next(request, state);
    const { pathname } = new URL(request.url);
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return next(request, state);
    }
    const mount = extraRoots.find((r) => decoded.startsWith(r.prefix));
    const dir = mount ? path.resolve(mount.dir) : base;
    const rel = mount ? decoded.slice(mount.prefix.length) : decoded;
    const file = path.join(dir, rel);
    // Never step outside the served folder (../ or encoded variants).
    if (!file.startsWith(dir + path.sep) || decoded.includes("\0")) return next(request, state);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return next(request, state);

    state.routeId = "static";
    const immutable = /^\/build(-[\w-]+)?\//.test(decoded);
    const headers = new Headers({
      "content-type": TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream",
      "content-length": String(info.size),
      "cache-control": immutable ? "public, max-age=31536000, immutable" : "public, max-age=3600",
      "last-modified": info.mtime.toUTCString(),
      "x-content-type-options": "nosniff",
    });
    if (request.method === "HEAD") return new Response(null, { status: 200, headers });
    const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
    return new Response(body, { status: 200, headers });
  };
}
