import { BODY_LIMITS, type BodyLimit } from "~/domain/body-limits";
import { trustedHeaders } from "./client-address.server";
import { errorPageResponse, type ErrorPage } from "./error-page.server";
import type { Middleware } from "./pipeline.server";

const ALLOWED_METHODS = ["GET", "HEAD", "POST"];
const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];
/** Callers that are servers and bring their own body format (payment webhooks verify signatures over it). */
const RAW_BODY_PREFIXES = ["/webhooks/"];

const CONTROL_CHARS = /[\u0000-\u001F\u007F]/;

const REFUSED: Record<400 | 404 | 405 | 413 | 415, Omit<ErrorPage, "headers">> = {
  400: { status: 400, title: "That address doesn't look right", message: "Check the link, or start again from the shop." },
  404: { status: 404, title: "We couldn't find that page", message: "It may have moved, or the link may have a typo." },
  405: { status: 405, title: "That isn't something this page does", message: "Use the links and forms on our pages." },
  413: { status: 413, title: "That was too much to send", message: "The form was larger than we accept. Shorten it and try again." },
  415: { status: 415, title: "We couldn't read that form", message: "Send it from the form on our page." },
};

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

/** The body, read once and at most `limit` bytes; null as soon as it grows past the limit (the rest is never read). */
async function readBodyWithin(request: Request, limit: number): Promise<Blob | null> {
  const declared = request.headers.get("content-length");
  if (declared !== null && !(Number(declared) <= limit)) return null;
  if (!request.body) return new Blob([]);
  const reader = request.body.getReader();
  const chunks: BlobPart[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
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
export function requestGuard(opts: { bodyLimitOf: (routeId: string) => BodyLimit; trustProxyHops: number }): Middleware {
  return async (request, state, next) => {
    const refuse = (status: keyof typeof REFUSED, headers?: Record<string, string>) =>
      errorPageResponse({ ...REFUSED[status], headers }, state);
    if (!ALLOWED_METHODS.includes(request.method)) return refuse(405, { allow: ALLOWED_METHODS.join(", ") });
    const bad = badAddress(new URL(request.url));
    if (bad) return refuse(bad);
    const headers = trustedHeaders(request, opts.trustProxyHops);
    if (request.method !== "POST") return next(new Request(request.url, { method: request.method, headers, signal: request.signal }), state);

    if (RAW_BODY_PREFIXES.some((p) => new URL(request.url).pathname.startsWith(p))) return next(request, state);
    const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
    if (!FORM_TYPES.includes(type)) return refuse(415);
    const body = await readBodyWithin(request, BODY_LIMITS[opts.bodyLimitOf(state.routeId)]);
    if (body === null) {
      state.log.warn({ route: state.routeId }, "request body over the route's limit refused");
      return refuse(413, { connection: "close" });
    }
    return next(new Request(request.url, { method: "POST", headers, body, signal: request.signal }), state);
  };
}
