// The HTTP edge of "add to cart", shared by the product and pack pages: validate, call the domain once, and answer
// 400 with field errors, or 303 to the cart saying what was added (JavaScript off) / 200 with a message (a fetcher,
// which sends `_js`).
import { data, redirect } from "@remix-run/node";
import { addToCart, type AddItem } from "~/domain/cart.server";
import { addMealSchema, addPackSchema } from "~/web/forms/cart.server";
import type { ZodTypeAny } from "zod";
import { parseSubmission, refuse, runSubmission, type Submission } from "~/web/forms/submission.server";
import { cartCookie, cartOwnerOfWriter } from "~/web/cart-cookie.server";
import type { AppLoadContext } from "~/infra/app-context";

export async function addToCartAction(
  request: Request,
  context: AppLoadContext,
  form: FormData,
  target:
    | { kind: "meal"; productId: number; name: string; portions: { id: number; label: string }[] }
    | { kind: "pack"; packId: number; name: string },
) {
  /** The one domain call, once the form said what to add. */
  const add = <S extends ZodTypeAny>(submission: Submission<S>, item: AddItem, quantity: number, what: string) =>
    runSubmission(submission, async () => {
      const owner = await cartOwnerOfWriter(request, context);
      const allergyConfirmed = form.get("allergyConfirm") === "yes";
      const { cartId } = await addToCart(context, owner, item, quantity, { allergyConfirmed });
      const headers = new Headers();
      if ("guestCartId" in owner) headers.append("Set-Cookie", cartCookie(context.config, cartId));
      if (form.get("_js") === "1") {
        return data({ ...submission.reply(), added: `Added ${quantity} × ${what} to your cart.` }, { headers });
      }
      // JavaScript off: the cart says what was just added (the line named by its meal or pack, never free text).
      const line = "variantId" in item ? `meal-${item.variantId}` : `pack-${item.packId}`;
      return redirect(`/cart?added=${line}&n=${quantity}`, { status: 303, headers });
    });

  if (target.kind === "meal") {
    const submission = parseSubmission(form, addMealSchema);
    if (submission.status !== "success") return refuse(submission);
    const { variantId, quantity } = submission.value;
    const portion = target.portions.find((p) => p.id === variantId);
    const what = portion ? `${target.name} (${portion.label})` : target.name;
    return add(submission, { variantId, productId: target.productId }, quantity, what);
  }
  const submission = parseSubmission(form, addPackSchema);
  if (submission.status !== "success") return refuse(submission);
  const { packId, quantity } = submission.value;
  if (packId !== target.packId) return refuse(submission, { errors: { packId: "That pack is not available." } });
  return add(submission, { packId }, quantity, target.name);
}
