import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
  useRouteLoaderData,
  useLocation,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { SiteFooter, SiteHeader } from "~/components/site-chrome";
import { useNonce } from "~/components/nonce";
import { siteHeaderOf } from "~/web/site-header.server";
import stylesheet from "~/styles/app.css";
import { ErrorPage, RateLimitedPage, useRateLimitRefusal } from "~/components/error-page";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Only what the header shows: the page cache serves a page to every visitor of the same role and cart count.
  return { ...(await siteHeaderOf(request, context)), requestId: context.requestId };
}

// What the root loads (who is signed in, the cart count) changes only through a form submission — adding to the cart,
// signing in or out — so moving between pages, or filtering the shop, does not ask the server again.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod !== undefined && formMethod !== "GET" ? defaultShouldRevalidate : false;

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  // Absent while rendering an error boundary above a failed root loader.
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <html lang="en-ZA">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#2f6b3a" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <SiteHeader user={data?.user ?? null} cartCount={data?.cartCount ?? 0} />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const location = useLocation();
  const requestId = useRouteLoaderData<typeof loader>("root")?.requestId;
  const refusal = useRateLimitRefusal();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  const status = isRouteErrorResponse(error) ? error.status : 500;
  // A 429 from the rate limiter (app/infra/http/rate-limit-refusal.server.ts).
  if (refusal) return <RateLimitedPage refusal={refusal} />;
  // The database is unreachable (restart, failover): app/infra/http/database-outage.server.ts answers 503.
  if (isRouteErrorResponse(error) && status === 503) {
    const message = (error.data as { message?: string } | null)?.message ?? "Please try again in a few seconds.";
    return (
      <ErrorPage status={503} title="We'll be back in a moment" documentTitle="Back in a moment · Little Harvest" alert>
        <p>{message}</p>
        <TryAgain href={location.pathname + location.search} />
      </ErrorPage>
    );
  }
  // Our own 4xx answers carry a message meant for the visitor; anything else says only what to do next.
  const message =
    isRouteErrorResponse(error) && status >= 400 && status < 500 && typeof error.data === "string" && !notFound
      ? error.data
      : null;
  return (
    <ErrorPage
      status={status}
      title={notFound ? "We couldn't find that page" : message ? "We couldn't do that" : "Something went wrong on our side"}
      documentTitle={notFound ? "Page not found · Little Harvest" : "Something went wrong · Little Harvest"}
    >
      <p>
        {notFound
          ? "It may have moved, or the link may have a typo. Our meals are still fresh in the shop."
          : (message ?? "Please try again in a moment. Nothing you already saved was lost.")}
      </p>
      <p>
        <a className="button" href="/shop">
          Browse the shop
        </a>
      </p>
      {requestId && !notFound ? (
        <p className="muted">
          Reference: <code>{requestId}</code>
        </p>
      ) : null}
    </ErrorPage>
  );
}

/** The way past a passing problem: load the same page again. */
function TryAgain({ href }: { href: string }) {
  return (
    <p>
      <a className="button" href={href}>
        Try again
      </a>
    </p>
  );
}
