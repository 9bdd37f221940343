// The shop's own page for requests the middleware answers before Remix runs (403, 405, 413, 415, 500): styled,
// naming what to do next and the request id to quote — never a stack or an internal message.

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export type ErrorPage = { status: number; title: string; message: string; headers?: Record<string, string> };

/** The methods this app answers; anything else is a 405 carrying this as `Allow`. */
export const ALLOWED_METHODS = ["GET", "HEAD", "POST"];

/** Requests refused before any route runs, and what their visitor is told. */
export const REFUSED = {
  400: { status: 400, title: "That address doesn't look right", message: "Check the link, or start again from the shop." },
  404: { status: 404, title: "We couldn't find that page", message: "It may have moved, or the link may have a typo." },
  405: {
    status: 405,
    title: "That isn't something this page does",
    message: "Use the links and forms on our pages.",
    headers: { allow: ALLOWED_METHODS.join(", ") },
  },
  413: {
    status: 413,
    title: "That was too much to send",
    message: "The form was larger than we accept. Shorten it and try again.",
  },
  415: { status: 415, title: "We couldn't read that form", message: "Send it from the form on our page." },
} satisfies Record<number, ErrorPage>;

export function errorPageResponse(page: ErrorPage, opts: { requestId: string; nonce: string }): Response {
  const html = `<!doctype html>
<html lang="en-ZA"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(page.title)} · Little Harvest</title>
<style nonce="${escapeHtml(opts.nonce)}">body{font-family:system-ui,sans-serif;background:#fbf8f1;color:#2d3a2e;margin:0}
header{background:#2f6b3b;color:#fff;padding:1rem 1.5rem;font-weight:700}main{max-width:36rem;margin:3rem auto;padding:0 1.5rem}
.eyebrow{color:#7a6a4f;font-weight:600}a.button{display:inline-block;background:#2f6b3b;color:#fff;padding:.6rem 1.2rem;border-radius:.4rem;text-decoration:none}
.ref{color:#7a6a4f;font-size:.9rem}</style></head>
<body><header>Little Harvest</header><main role="alert">
<p class="eyebrow">${page.status}</p><h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.message)}</p>
<p><a class="button" href="/">Back to the shop</a></p>
<p class="ref">Reference: <code>${escapeHtml(opts.requestId)}</code></p>
</main></body></html>`;
  return new Response(html, {
    status: page.status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", ...page.headers },
  });
}
