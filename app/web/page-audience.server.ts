// Whom a catalogue page is the same for (app/infra/http/html-cache.server.ts): beyond the nonce and the request id, a
// shop, meal, pack or home page shows its visitor only in the header (signed in or not, admin or not, how many items
// in the cart) — unless the visitor has child profiles, whose fit the page shows for each meal. So a parent with two
// items in the cart is served the page last rendered for any parent with two items, without rendering it again.
import { getCartCount } from "~/domain/cart.server";
import { getShopperSummary } from "~/domain/shopper-summary.server";
import type { AudienceOf } from "~/infra/http/html-cache.server";
import { readCookie, sessionCookieName, sessionIdOf } from "~/infra/session.server";
import { CART_COOKIE } from "./cart-cookie.server";
import { SIGNUP_EMAIL_COOKIE } from "./signup-email-cookie.server";

/**
 * Cookies besides the session that a catalogue page may meet: the guest cart (its count is part of the audience) and
 * the address the login form is filled in with after a sign-up (only the login page reads it).
 */
const KNOWN = new Set([CART_COOKIE, SIGNUP_EMAIL_COOKIE]);

export const pageAudience: AudienceOf = async (request, { config, db, clock }) => {
  const sessionCookie = sessionCookieName(config);
  // Any other cookie might change a page: such a page is rendered.
  if (cookieNames(request).some((name) => name !== sessionCookie && !KNOWN.has(name))) return null;
  const token = readCookie(request, sessionCookie);
  if (token === undefined) {
    const items = await getCartCount(db, { guestCartId: readCookie(request, CART_COOKIE) });
    return { key: items === 0 ? "" : `guest:${items}`, ownWords: [] };
  }
  const session = sessionIdOf(token);
  const shopper = session === null ? null : await getShopperSummary(db, clock, session);
  if (!shopper || shopper.hasChildren) return null;
  const ownWords = [shopper.email, ...shopper.name.split(/[^\p{L}\p{N}]+/u)].filter((word) => word.length >= 3);
  return { key: `${shopper.role}:${shopper.cartItems}`, ownWords };
};

function cookieNames(request: Request): string[] {
  return (request.headers.get("cookie") ?? "")
    .split(";")
    .map((part) => (part.includes("=") ? part.slice(0, part.indexOf("=")) : part).trim())
    .filter(Boolean);
}
