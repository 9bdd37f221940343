// After sign-up the shopper is sent to log in; this short-lived cookie carries the address they just typed so the
// login form is filled in for them. HttpOnly, gone in ten minutes — and the address is one this browser itself sent
// (a taken address gets the same answer, so it tells nobody anything). Path=/ because with JavaScript on the login
// page's data comes from /login.data, which a cookie for /login does not reach.
import type { Config } from "~/infra/config.server";
import { readCookie } from "~/infra/session.server";

export const SIGNUP_EMAIL_COOKIE = "lh_signup_email";

export function signupEmailCookie(config: Pick<Config, "isProduction">, email: string) {
  const parts = [`${SIGNUP_EMAIL_COOKIE}=${encodeURIComponent(email)}`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=600"];
  if (config.isProduction) parts.push("Secure");
  return parts.join("; ");
}

/** The address from a sign-up a moment ago in this browser, or "". */
export const signupEmailOf = (request: Request): string => readCookie(request, SIGNUP_EMAIL_COOKIE) ?? "";
