import { redirect } from "@remix-run/node";
import type { AppLoadContext } from "~/infra/app-context";
import { findSessionShopper, type SessionShopper } from "~/domain/shopper-summary.server";
import { readSessionToken, sessionIdOf, type SessionUser } from "~/infra/session.server";

// Loaders share one lookup per request: the root's and the route's ask in parallel (the load context is made per
// request), and it brings the cart count the header shows. An action gets the user the request arrived with, already
// looked up for the rate limiter; the loaders that run after an action (which may sign in, sign out or rename the
// user) get GET requests and look up afresh.
// eslint-disable-next-line no-restricted-syntax -- keyed by one request's load context: it never outlives the request
const loaderShoppers = new WeakMap<AppLoadContext, Promise<SessionShopper | null>>();

/** The signed-in shopper of this GET request (user, cart count, child profiles or not), or null. */
export function getShopper(request: Request, context: AppLoadContext): Promise<SessionShopper | null> {
  let shopper = loaderShoppers.get(context);
  if (!shopper) {
    const session = sessionIdOf(readSessionToken(request, context.config));
    shopper = session === null ? Promise.resolve(null) : findSessionShopper(context.db, context.clock, session);
    loaderShoppers.set(context, shopper);
  }
  return shopper;
}

/** The signed-in user of this request, or null. */
export function getUser(request: Request, context: AppLoadContext): Promise<SessionUser | null> {
  if (request.method !== "GET" && request.method !== "HEAD") return context.arrivingUser();
  return getShopper(request, context).then((shopper) => shopper?.user ?? null);
}

/** Anonymous visitors go to /login and come back to where they were. */
export async function requireUser(request: Request, context: AppLoadContext): Promise<SessionUser> {
  const user = await getUser(request, context);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

/** Customers get a 403; anonymous visitors are sent to log in. */
export async function requireAdmin(request: Request, context: AppLoadContext): Promise<SessionUser> {
  const user = await requireUser(request, context);
  if (user.role !== "admin") throw new Response("Admins only", { status: 403 });
  return user;
}

/**
 * Only a path on this site is honoured — never an open redirect. The value must parse back to our own origin
 * (`new URL(value, origin)`) and carry no control characters (browsers drop TAB/CR/LF, so `/\t/evil.example` would
 * become `//evil.example`), nor anything a Location header cannot hold. Anything else gives `fallback`.
 * The resolved path is checked too: dot segments collapse (`/..//evil.example`, `/%2e%2e//…`, `/a/..//…`, `/.//…`) into
 * a path that starts `//`, which a browser reads as another host.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || to.length > 2048 || !to.startsWith("/") || /[\x00-\x20\x7f-\uffff\\]/.test(to)) return fallback;
  const base = "http://safe-redirect.invalid";
  try {
    const url = new URL(to, base);
    const path = url.pathname + url.search + url.hash;
    return url.origin === base && !path.startsWith("//") ? path : fallback;
  } catch {
    return fallback;
  }
}
