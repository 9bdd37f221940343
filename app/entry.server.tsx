import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/server-runtime";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
// The Web-streams renderer: the same code on Node and on workerd (which has no renderToPipeableStream).
import { renderToReadableStream } from "react-dom/server.browser";
import { NonceProvider } from "~/components/nonce";
import { reportError } from "~/infra/report-error.server";

// Whom a catalogue page is the same for: the page cache (app/infra/http/html-cache.server.ts) reads it from the build.
export { pageAudience } from "~/web/page-audience.server";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.nonce;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ABORT_DELAY + 1_000);
  let shellRendered = false;
  const body = await renderToReadableStream(
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
    </NonceProvider>,
    {
      nonce,
      signal: controller.signal,
      onError(error: unknown) {
        responseStatusCode = 500;
        // Before the shell, the rejection reaches Remix, which calls handleError itself.
        if (shellRendered) handleError(error, { request, params: {}, context: loadContext });
      },
    },
  );
  shellRendered = true;
  body.allReady.then(
    () => clearTimeout(timer),
    () => clearTimeout(timer),
  );
  // Crawlers get the whole document at once; people get it streamed.
  if (isbot(request.headers.get("user-agent") ?? "")) await body.allReady;
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  return new Response(body, { headers: responseHeaders, status: responseStatusCode });
}

/**
 * Every unexpected error of a loader, action or render (docs/architecture.md §10): one redacted log line with the request and route
 * ids, a metric, the error tracker when configured. A client that went away mid-request is not an error. Independent
 * of the render function above, so the rendering can change without touching this.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  const ctx = context as AppLoadContext;
  if (request.signal.aborted) {
    ctx.log?.info({ route: ctx.routeId }, "client disconnected before the response was complete");
    return;
  }
  reportError(ctx, error, ctx);
};
