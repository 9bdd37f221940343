import { createReadStream, readdirSync, statSync } from "node:fs";
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

type FileInfo = { size: number; mtime: Date };

/** The compressed copies the build writes beside scripts and styles (scripts/precompress.mjs), best first. */
const COPIES = [
  { encoding: "br", suffix: ".br" },
  { encoding: "gzip", suffix: ".gz" },
];

/** The content codings an Accept-Encoding header allows (those with q=0 refused). */
function acceptedEncodings(header: string | null): Set<string> {
  const accepted = new Set<string>();
  for (const part of (header ?? "").split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  return accepted;
}

/**
 * Every file under `root` as URL path → size and mtime, read once at start: public/ only changes with a build (which
 * restarts the server), and looking a page's URL up here costs no filesystem call (issue 15: a `stat` per request).
 */
export function publicManifest(root: string): Map<string, FileInfo> {
  const files = new Map<string, FileInfo>();
  const walk = (dir: string, prefix: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // no public/ at all: nothing to serve
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full, `${prefix}${e.name}/`);
      else if (e.isFile()) {
        const { size, mtime } = statSync(full);
        files.set(`${prefix}${e.name}`, { size, mtime });
      }
    }
  };
  walk(root, "/");
  return files;
}

/**
 * Serves files under `root` for GET/HEAD, from the manifest made at start: any other path goes on to the app without
 * touching the disk. `extraRoots` (uploads, which change at run time) are looked up on disk, but only under their
 * prefix. Files under /build/ carry a content hash in their name, so browsers may keep them forever; anything else
 * gets a short cache.
 */
export function staticFiles(root: string, extraRoots: Array<{ prefix: string; dir: string }> = []): Middleware {
  const base = path.resolve(root);
  const manifest = publicManifest(base);
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
    let file: string;
    let info: FileInfo | null | undefined;
    if (mount) {
      const dir = path.resolve(mount.dir);
      file = path.join(dir, decoded.slice(mount.prefix.length));
      // Never step outside the served folder (../ or encoded variants).
      if (!file.startsWith(dir + path.sep) || decoded.includes("\0")) return next(request, state);
      const found = await stat(file).catch(() => null);
      info = found?.isFile() ? found : null;
    } else {
      // Only names found by walking the folder are in the manifest, so ../ cannot step outside it.
      info = manifest.get(decoded);
      file = path.join(base, decoded);
    }
    if (!info) return next(request, state);

    state.routeId = "static";
    const immutable = /^\/build(-[\w-]+)?\//.test(decoded);
    const headers = new Headers({
      "content-type": TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream",
      "cache-control": immutable ? "public, max-age=31536000, immutable" : "public, max-age=3600",
      "last-modified": info.mtime.toUTCString(),
      "x-content-type-options": "nosniff",
    });
    const copies = mount ? [] : COPIES.filter((c) => manifest.has(decoded + c.suffix));
    if (copies.length) {
      headers.set("vary", "Accept-Encoding");
      const accepted = acceptedEncodings(request.headers.get("accept-encoding"));
      const copy = copies.find((c) => accepted.has(c.encoding));
      if (copy) {
        headers.set("content-encoding", copy.encoding);
        info = manifest.get(decoded + copy.suffix)!;
        file += copy.suffix;
      }
    }
    headers.set("content-length", String(info.size));
    if (request.method === "HEAD") return new Response(null, { status: 200, headers });
    const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
    return new Response(body, { status: 200, headers });
  };
}
