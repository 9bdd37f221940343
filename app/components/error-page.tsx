import { isRouteErrorResponse, useLocation, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";

/** In an ErrorBoundary: the HTTP status of what was thrown (a thrown Response's own, 500 for anything else). */
export function useErrorStatus(): number {
  const error = useRouteError();
  return isRouteErrorResponse(error) ? error.status : 500;
}

/**
 * In an ErrorBoundary: the rate limiter's refusal, when that is what was thrown — a 429 carrying
 * `{ title, message, retryAfter }` (app/infra/http/rate-limit-refusal.server.ts). Any boundary may meet one, since
 * every loader and action throws it for a request over its budget.
 */
export function useRateLimitRefusal(): { title: string; message: string } | null {
  const error = useRouteError();
  if (!isRouteErrorResponse(error) || error.status !== 429) return null;
  const data = error.data as { title?: unknown; message?: unknown } | null;
  return {
    title: typeof data?.title === "string" ? data.title : "Please slow down a little",
    message: typeof data?.message === "string" ? data.message : "Please wait a moment and try again.",
  };
}

/** The page an ErrorBoundary shows: the status above the heading (when given), then what to do next. */
export function ErrorPage({
  status,
  title,
  documentTitle,
  alert = false,
  children,
}: {
  status?: number;
  title: ReactNode;
  /** The browser tab's title, for the root boundary (which renders the whole document). */
  documentTitle?: string;
  /** Announce it at once: the page replaced a form the visitor just sent. */
  alert?: boolean;
  children: ReactNode;
}) {
  return (
    <section className="page narrow error-page" role={alert ? "alert" : undefined}>
      {documentTitle ? <title>{documentTitle}</title> : null}
      {status !== undefined ? <p className="eyebrow">{status}</p> : null}
      <h1>{title}</h1>
      {children}
    </section>
  );
}

/** What any ErrorBoundary shows for the rate limiter's refusal: what happened, how long to wait, the way back. */
export function RateLimitedPage({ refusal }: { refusal: { title: string; message: string } }) {
  const location = useLocation();
  return (
    <ErrorPage status={429} title={refusal.title} documentTitle={`${refusal.title} · Little Harvest`} alert>
      <p>{refusal.message}</p>
      <p>
        <a className="button" href={location.pathname}>
          Try again
        </a>
      </p>
    </ErrorPage>
  );
}
