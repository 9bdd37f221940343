import { redirect } from "@remix-run/node";
import type { AppLoadContext } from "./context.server";
import { findSessionUser, readSessionToken, type SessionUser } from "./session.server";

/** The signed-in user of this request, or null. */
export function getUser(request: Request, context: AppLoadContext): Promise<SessionUser | null> {
  return findSessionUser(context.db, context.clock, readSessionToken(request, context.config));
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

/** Only a same-site path is honoured — never an open redirect (`//evil.example`, `https://…`, `/\evil`). */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
