import { BODY_LIMITS, type BodyLimit } from "~/infra/http/body-limits";
import { trustedHeaders } from "./client-address.server";
import { ALLOWED_METHODS, errorPageResponse, REFUSED } from "./error-page.server";
import type { Middleware } from "./pipeline.server";

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];
/** Callers that are servers and bring their own body format (payment webhooks verify signatures over it). */
const RAW_BODY_PREFIXES = ["/webhooks/"];

const CONTROL_CHARS = /[\u0000-\u001F\u007F]/;

/** 404 for a path no route of ours can have (bad escapes, control characters); 400 for such a query string. */
function badAddress(url: URL): 400 | 404 | null {
  try {
    if (CONTROL_CHARS.test(decodeURIComponent(url.pathname))) return 404;
  } catch {
    return 404;
  }
  for (const [key, value] of url.searchParams) if (CONTROL_CHARS.test(key) || CONTROL_CHARS.test(value)) return 400;
  return null;
}

/** How much of a refused body is still read off the wire (and thrown away) so the client sees the 413 instead of a
 * reset connection; beyond this the connection is dropped. */
const DISCARD_LIMIT = 64 * 1024 * 1024;

/** Reads and drops what remains of a refused body, in the background, up to DISCARD_LIMIT. */
function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>, alreadyRead: number) {
  void (async () => {
    let size = alreadyRead;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      size += value.byteLength;
      if (size > DISCARD_LIMIT) return reader.cancel();
    }
  })().catch(() => {});
}

/** The body, read once and at most `limit` bytes; null as soon as it grows past the limit (the rest is discarded). */
async function readBodyWithin(request: Request, limit: number): Promise<Blob | null> {
  if (!request.body) return new Blob([]);
  const reader = request.body.getReader();
  const declared = request.headers.get("content-length");
  if (declared !== null && !(Number(declared) <= limit)) {
    discardRest(reader, 0);
    return null;
  }
  const chunks: BlobPart[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      discardRest(reader, size);
      return null;
    }
    chunks.push(value);
  }
  return new Blob(chunks);
}

/**
 * Before any route code: methods other than GET/HEAD/POST get 405; a URL carrying control characters 404/400; a form post must be urlencoded or multipart (415)
 * and within its route's limit (413, decided from Content-Length or while streaming, before anything is parsed). The
 * body is read here once and handed on in memory, with forwarded headers only a trusted proxy may set.
 */
export function requestGuard(opts: { bodyLimitOf: (routeId: string) => BodyLimit }): Middleware {
  return async (request, state, next) => {
    const refuse = (status: keyof typeof REFUSED) => errorPageResponse(REFUSED[status], state);
    if (!ALLOWED_METHODS.includes(request.method)) return refuse(405);
    const bad = badAddress(new URL(request.url));
    if (bad) return refuse(bad);
    const headers = trustedHeaders(request, state.proxied);
    if (request.method !== "POST")
      return next(new Request(request.url, { method: request.method, headers, signal: request.signal }), state);

    // Webhooks verify their raw body themselves, whatever its type; they still get a size limit and trusted headers.
    const raw = RAW_BODY_PREFIXES.some((p) => new URL(request.url).pathname.startsWith(p));
    const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
    if (!raw && !FORM_TYPES.includes(type)) return refuse(415);
    const body = await readBodyWithin(request, BODY_LIMITS[raw ? "form" : opts.bodyLimitOf(state.routeId)]);
    if (body === null) {
      state.log.warn({ route: state.routeId }, "request body over the route's limit refused");
      return refuse(413);
    }
    return next(new Request(request.url, { method: "POST", headers, body, signal: request.signal }), state);
  };
}
