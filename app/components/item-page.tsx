// Pieces the meal page (shop.$slug) and the pack page (packs.$slug) share: the allergen list and the add-to-cart
// form's plumbing. Presentational only: no data fetching here.
import { Link, useActionData, useFetcher } from "@remix-run/react";
import { useRef } from "react";
import { allergenLabel } from "~/domain/allergens";
import { allergyConfirmLabel, allergyWarningText, type AllergyWarning } from "~/domain/allergy-warnings";
import type { addToCartAction } from "~/web/cart-actions.server";
import { TextField, initialValues, useFocusFirstError, useHydrated, useSubmissionForm } from "./form";

/** What a successful add said ("Added 2 × Cottage Pie (130 g) to your cart."). */
type AddToCartResult = { ok: true; message: string };

export function AllergenList({ contains, mayContain }: { contains: string[]; mayContain: string[] }) {
  return (
    <dl className="allergens">
      <dt>Contains</dt>
      <dd>{contains.length ? contains.map(allergenLabel).join(", ") : "None of the common allergens"}</dd>
      {mayContain.length > 0 && (
        <>
          <dt>May contain</dt>
          <dd>{mayContain.map(allergenLabel).join(", ")}</dd>
        </>
      )}
    </dl>
  );
}

/**
 * The add-to-cart form's state: the answer from the fetcher (JavaScript on) or the page action (off), its field
 * errors, and focus moved to the first of them.
 */
export function useAddToCart() {
  const actionData = useActionData<typeof addToCartAction>();
  const fetcher = useFetcher<typeof addToCartAction>();
  const hydrated = useHydrated();
  const formRef = useRef<HTMLFormElement>(null);
  const reply = fetcher.data ?? actionData;
  const { form, errors } = useSubmissionForm(reply, { id: "add-to-cart" });
  const { text } = initialValues(form, reply);
  // A refused add keeps what the shopper chose (JavaScript off renders a fresh form).
  const values = reply?.status === "error" ? { variantId: text("variantId"), quantity: text("quantity") } : undefined;
  const added = reply && "added" in reply && typeof reply.added === "string" ? reply.added : undefined;
  const result: AddToCartResult | undefined = added ? { ok: true, message: added } : undefined;
  useFocusFirstError(formRef, errors);
  return { fetcher, hydrated, formRef, form, result, errors: reply?.status === "error" ? errors : undefined, values };
}

/** `value`: what the shopper last posted, so a refused add keeps it (JavaScript off renders a fresh form). */
export function QuantityField({ error, autoFocus, value }: { error?: string; autoFocus: boolean; value?: string }) {
  return (
    <TextField
      label="Quantity"
      name="quantity"
      type="number"
      inputMode="numeric"
      min={1}
      max={50}
      defaultValue={value ?? "1"}
      error={error}
      autoFocus={autoFocus}
      className="quantity-input"
    />
  );
}

/** "Added … View cart", announced once the fetcher is idle again. */
export function AddedMessage({ result, idle }: { result: AddToCartResult | undefined; idle: boolean }) {
  return (
    <p role="status" className="added-message">
      {result?.ok && idle ? (
        <>
          {result.message} <Link to="/cart">View cart</Link>
        </>
      ) : null}
    </p>
  );
}

/**
 * A child's allergen, said where the shopper is about to click: a bold warning naming the child, and the checkbox the
 * server insists on before adding (it refuses without it, so this holds with JavaScript off too).
 */
export function AllergyConfirm({ fits, error }: { fits: AllergyWarning[]; error?: string }) {
  const warnings = fits.filter((f) => f.contains.length > 0 || f.mayContain.length > 0);
  if (warnings.length === 0) return null;
  return (
    <div className="allergy-alert" data-testid="allergy-alert">
      <p className="allergy-alert__title">
        <span aria-hidden="true">⚠ </span>Allergy warning
      </p>
      <ul>
        {warnings.map((w) => (
          <li key={w.name}>{allergyWarningText(w)}</li>
        ))}
      </ul>
      <label className="allergy-alert__confirm">
        <input
          type="checkbox"
          name="allergyConfirm"
          value="yes"
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "allergy-confirm-error" : undefined}
          autoFocus={Boolean(error)}
        />{" "}
        {allergyConfirmLabel(warnings)}
      </label>
      {error && (
        <p className="field-error" id="allergy-confirm-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** Add to cart looks different when a child is allergic to the item: a warning colour, not the usual green. */
export function buttonClass(fits: AllergyWarning[]) {
  return fits.some((f) => f.contains.length > 0 || f.mayContain.length > 0) ? "button button--warning" : "button";
}
