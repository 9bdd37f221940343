import type { R2Bucket } from "@cloudflare/workers-types";
import { copyUrlsOf } from "./responsive-images";
import { uploadKey, newUploadPath, type Storage } from "./storage.server";
import type { Middleware } from "./http/pipeline.server";

const TYPES: Record<string, string> = { png: "image/png", jpg: "image/jpeg", webp: "image/webp" };

/** workerd: uploads in an R2 bucket binding, under the same `/uploads/<folder>/<name>` URLs as on disk. */
export function createR2Storage(bucket: R2Bucket): Storage {
  return {
    async put(folder, bytes, ext) {
      const { key, url } = newUploadPath(folder, ext);
      await bucket.put(key, bytes, { httpMetadata: { contentType: TYPES[ext] ?? "application/octet-stream" } });
      return url;
    },
    // No decoder on workerd: a photo is stored as uploaded once checkImage has read its header and found it within the
    // pixel cap. Copies made by a Node server are removed with theirs.
    async remove(url) {
      const keys = [url, ...copyUrlsOf(url)].map(uploadKey).filter((k): k is string => k !== null);
      if (keys.length) await bucket.delete(keys);
    },
  };
}

/** Serves GET/HEAD /uploads/* from the bucket (names are random and never reused, so they may be cached long). */
export function r2Uploads(bucket: R2Bucket): Middleware {
  return async (request, state, next) => {
    if (request.method !== "GET" && request.method !== "HEAD") return next(request, state);
    const key = uploadKey(new URL(request.url).pathname);
    const object = key ? await bucket.get(key) : null;
    if (!object) return next(request, state);
    state.routeId = "static";
    const headers = new Headers({
      "content-type": object.httpMetadata?.contentType ?? "application/octet-stream",
      "content-length": String(object.size),
      "cache-control": "public, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
    });
    return new Response(request.method === "HEAD" ? null : (object.body as unknown as ReadableStream), { headers });
  };
}
