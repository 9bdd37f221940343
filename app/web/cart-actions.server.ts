// The HTTP edge of "add to cart", shared by the product and pack pages: validate, call the domain once, and answer
// 400 with field errors, or 303 to the cart saying what was added (JavaScript off) / 200 with a message (a fetcher,
// which sends `_js`).
import { data, redirect } from "@remix-run/node";
import { addToCart, type AddItem } from "~/domain/cart.server";
import { addMealSchema, addPackSchema } from "~/web/forms/cart.server";
import { fieldErrors } from "~/domain/form-errors";
import { textFields } from "~/infra/form.server";
import { cartCookie, cartOwnerOfWriter } from "~/web/cart-cookie.server";
import { invalidForm, withDomainErrors } from "~/web/domain-errors.server";
import type { AppLoadContext } from "~/infra/app-context";

/** On a refusal, `values` echoes what was posted so the form (JavaScript off: a fresh page) keeps the shopper's choice. */
export type AddToCartResult =
  | { ok: true; message: string }
  | { ok: false; errors: Record<string, string>; values: { variantId?: string; quantity?: string } };

export async function addToCartAction(
  request: Request,
  context: AppLoadContext,
  form: FormData,
  target:
    | { kind: "meal"; productId: number; name: string; portions: { id: number; label: string }[] }
    | { kind: "pack"; packId: number; name: string },
) {
  const fields = textFields(form);
  const values = { variantId: fields.variantId, quantity: fields.quantity };
  const failed = { ok: false as const, values };
  const refuse = (errors: Record<string, string>) => invalidForm(errors, failed);
  let item: AddItem;
  let quantity: number;
  let what = target.name;
  if (target.kind === "meal") {
    const parsed = addMealSchema.safeParse(fields);
    if (!parsed.success) return refuse(fieldErrors(parsed.error));
    item = { variantId: parsed.data.variantId, productId: target.productId };
    quantity = parsed.data.quantity;
    const portion = target.portions.find((p) => p.id === parsed.data.variantId);
    if (portion) what = `${target.name} (${portion.label})`;
  } else {
    const parsed = addPackSchema.safeParse({ ...fields, packId: fields.packId ?? "" });
    if (!parsed.success) return refuse(fieldErrors(parsed.error));
    if (parsed.data.packId !== target.packId) {
      return refuse({ packId: "That pack is not available." });
    }
    item = { packId: parsed.data.packId };
    quantity = parsed.data.quantity;
  }

  const owner = await cartOwnerOfWriter(request, context);
  const allergyConfirmed = fields.allergyConfirm === "yes";
  return withDomainErrors(async () => {
    const { cartId } = await addToCart(context, owner, item, quantity, { allergyConfirmed });
    const headers = new Headers();
    if ("guestCartId" in owner) headers.append("Set-Cookie", cartCookie(context.config, cartId));
    if (fields._js === "1") {
      return data<AddToCartResult>({ ok: true, message: `Added ${quantity} × ${what} to your cart.` }, { headers });
    }
    // JavaScript off: the cart says what was just added (the line named by its meal or pack, never free text).
    const added = "variantId" in item ? `meal-${item.variantId}` : `pack-${item.packId}`;
    return redirect(`/cart?added=${added}&n=${quantity}`, { status: 303, headers });
  }, failed);
}
