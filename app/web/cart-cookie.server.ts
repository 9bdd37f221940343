// The guest cart cookie (`lh_cart`): it holds only the carts.id of a guest cart. Signed-in shoppers' carts are found
// by user id, so the cookie is cleared at sign-in once its lines are merged.
import { mergeGuestCart, type CartOwner } from "~/domain/cart.server";
import type { Config } from "~/infra/config.server";
import type { AppLoadContext } from "~/infra/app-context";
import { readCookie } from "~/infra/session.server";
import { getUser } from "./guards.server";

export const CART_COOKIE = "lh_cart";
const GUEST_CART_DAYS = 30;

function readCartCookie(request: Request): string | undefined {
  return readCookie(request, CART_COOKIE);
}

export function cartCookie(config: Pick<Config, "isProduction">, cartId: string) {
  const parts = [`${CART_COOKIE}=${cartId}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${GUEST_CART_DAYS * 24 * 60 * 60}`];
  if (config.isProduction) parts.push("Secure");
  return parts.join("; ");
}

function clearedCartCookie(config: Pick<Config, "isProduction">) {
  const parts = [`${CART_COOKIE}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0"];
  if (config.isProduction) parts.push("Secure");
  return parts.join("; ");
}

/** Whose cart this request means: the signed-in user's, else the guest cart named by the cookie (if any). */
export function cartOwnerOf(request: Request, userId: number | null): CartOwner {
  return userId !== null ? { userId } : { guestCartId: readCartCookie(request) };
}

/** The cart a write changes: that of the user the request arrived with, else the cookie's guest cart. */
export async function cartOwnerOfWriter(request: Request, context: AppLoadContext): Promise<CartOwner> {
  return cartOwnerOf(request, (await getUser(request, context))?.id ?? null);
}

/**
 * At sign-in: moves this browser's guest cart into the user's cart and clears the cookie (a header on `headers`).
 * Never fails the sign-in — a cart that cannot be merged is logged and left as it was.
 */
export async function mergeGuestCartAtSignIn(request: Request, context: AppLoadContext, userId: number, headers: Headers) {
  const guestCartId = readCartCookie(request);
  if (guestCartId === undefined) return;
  try {
    await mergeGuestCart(context.db, guestCartId, userId);
    headers.append("Set-Cookie", clearedCartCookie(context.config));
  } catch (error) {
    context.log.error({ err: error, userId }, "guest cart merge failed");
  }
}
