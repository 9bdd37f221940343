import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";

/** In an ErrorBoundary: the HTTP status of what was thrown (a thrown Response's own, 500 for anything else). */
export function useErrorStatus(): number {
  const error = useRouteError();
  return isRouteErrorResponse(error) ? error.status : 500;
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
