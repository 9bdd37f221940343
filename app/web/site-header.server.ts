// What the site header shows on every page, read by the root loader: one statement for a signed-in shopper (shared
// with the page's own loader, see getShopper), the guest cart's count otherwise.
import { getCartCount } from "~/domain/cart.server";
import type { AppLoadContext } from "~/infra/app-context";
import { cartOwnerOf } from "./cart-cookie.server";
import { getShopper } from "./guards.server";

export async function siteHeaderOf(request: Request, context: AppLoadContext) {
  const shopper = await getShopper(request, context);
  if (shopper) return { user: { role: shopper.user.role }, cartCount: shopper.cartItems };
  return { user: null, cartCount: await getCartCount(context.db, cartOwnerOf(request, null)) };
}
