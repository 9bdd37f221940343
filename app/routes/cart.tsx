import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { ShopLinks } from "~/components/shop-links";
import { useRef } from "react";
import { getInputProps, type SubmissionResult } from "@conform-to/react";
import {
  FormError,
  Notice,
  SubmitButton,
  formProps,
  replyFor,
  useFocusFirstError,
  useHydrated,
  useSubmissionForm,
} from "~/components/form";
import { getCart, removeLine, setLineQuantity, type CartLineView } from "~/domain/cart.server";
import { cartLineSchema, updateLineSchema } from "~/web/forms/cart.server";
import { formatRand } from "~/domain/money";
import { cartOwnerOf, cartOwnerOfWriter } from "~/web/cart-cookie.server";
import { withViewer } from "~/web/viewer.server";
import { parseSubmission, runSubmission, unknownIntent } from "~/web/forms/submission.server";
import { readForm } from "~/infra/form.server";
import { CatalogImage } from "~/components/catalog-image";

export const meta: MetaFunction = () => [
  { title: "Your cart · Little Harvest" },
  { name: "description", content: "The meals in your cart, with delivery and total." },
  { name: "robots", content: "noindex" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [user, cart] = await withViewer(request, context, (userId) => getCart(context, cartOwnerOf(request, userId)));
  return { cart, signedIn: Boolean(user), added: addedMessage(new URL(request.url).searchParams, cart.lines) };
}

/** "Added 2 × Cottage Pie (130 g) to your cart." after a form post without JavaScript (`?added=meal-12&n=2`). */
function addedMessage(params: URLSearchParams, lines: CartLineView[]): string | null {
  const [kind, id] = (params.get("added") ?? "").split("-");
  const n = Number(params.get("n"));
  const line = lines.find((l) => (kind === "meal" ? l.variantId : kind === "pack" ? l.packId : NaN) === Number(id));
  if (!line || !Number.isInteger(n) || n < 1 || n > 50) return null;
  return `Added ${n} × ${line.name}${line.portionLabel ? ` (${line.portionLabel})` : ""} to your cart.`;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const owner = await cartOwnerOfWriter(request, context);
  // A fetcher (`_js`) stays on the page and reads the reply; a plain post goes back to the cart.
  const done = <R,>(reply: () => R) => (form.get("_js") === "1" ? reply() : redirect("/cart", { status: 303 }));
  switch (form.get("intent")) {
    case "update": {
      const submission = parseSubmission(form, updateLineSchema);
      return runSubmission(submission, async ({ lineId, quantity }) => {
        await setLineQuantity(context, owner, lineId, quantity);
        return done(() => submission.reply());
      });
    }
    case "remove": {
      const submission = parseSubmission(form, cartLineSchema);
      return runSubmission(submission, async ({ lineId }) => {
        await removeLine(context, owner, lineId);
        return done(() => submission.reply());
      });
    }
    default:
      return unknownIntent(form);
  }
}

export default function CartPage() {
  const { cart, signedIn, added } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const lines = cart.lines;

  if (lines.length === 0) {
    return (
      <section className="page narrow cart">
        <h1>Your cart</h1>
        <p>Your cart is empty.</p>
        <ShopLinks mealsLabel="Browse meals" />
      </section>
    );
  }

  return (
    <section className="page cart">
      <h1>Your cart</h1>
      <Notice>{added}</Notice>
      <div className="cart__layout">
        {/* First, so a phone shows the total and the way to checkout without scrolling; beside the lines when wide. */}
        <aside className="cart-summary" aria-labelledby="summary-heading">
          <h2 id="summary-heading">Summary</h2>
          <dl>
            <div>
              <dt>Subtotal</dt>
              <dd data-testid="subtotal">{formatRand(cart.subtotalCents)}</dd>
            </div>
            <div>
              <dt>Delivery</dt>
              <dd data-testid="delivery-fee">{cart.deliveryFeeCents === 0 ? "Free" : formatRand(cart.deliveryFeeCents)}</dd>
            </div>
            <div className="total">
              <dt>Total</dt>
              <dd data-testid="total">{formatRand(cart.totalCents)}</dd>
            </div>
          </dl>
          <p className="muted" data-testid="delivery-note">
            {cart.freeDeliveryRemainingCents > 0
              ? `Delivery is ${formatRand(cart.standardDeliveryFeeCents)}. Spend ${formatRand(cart.freeDeliveryRemainingCents)} more for free delivery (free from ${formatRand(cart.freeDeliveryThresholdCents)}).`
              : `You get free delivery (free from ${formatRand(cart.freeDeliveryThresholdCents)}).`}
          </p>
          {cart.hasProblems ? (
            <p className="form-error" role="alert">
              Please fix the items marked in your cart before checking out.
            </p>
          ) : (
            <Link className="button checkout-button" to="/checkout">
              {signedIn ? "Go to checkout" : "Log in and check out"}
            </Link>
          )}
          <p>
            <Link to="/shop">Keep shopping</Link>
          </p>
        </aside>
        <ul className="cart-lines" aria-label="Items in your cart">
          {lines.map((line) => (
            <CartLine key={line.id} line={line} serverResult={replyFor(actionData, line.id, "lineId")} />
          ))}
        </ul>
      </div>
    </section>
  );
}

/** A line's accessible name: two portions of one meal must not share "Remove Cottage Pie" or "Quantity". */
const lineName = (line: CartLineView) => (line.portionLabel ? `${line.name} ${line.portionLabel}` : line.name);

function CartLine({ line, serverResult }: { line: CartLineView; serverResult?: SubmissionResult<string[]> }) {
  const update = useFetcher<typeof action>();
  const remove = useFetcher<typeof action>();
  const hydrated = useHydrated();
  const formRef = useRef<HTMLFormElement>(null);
  const { form, fields, errors } = useSubmissionForm(update.data ?? serverResult, {
    id: `line-${line.id}`,
    defaultValue: { quantity: String(line.quantity) },
  });
  useFocusFirstError(formRef, errors);
  // Optimistic: a line being removed disappears at once; a quantity being changed shows its new total.
  if (remove.state !== "idle") return null;
  const pendingQty = update.formData ? Number(update.formData.get("quantity")) : NaN;
  const shownQty = Number.isInteger(pendingQty) && pendingQty >= 1 && pendingQty <= 50 ? pendingQty : line.quantity;

  return (
    <li className="cart-line">
      <CatalogImage url={line.imageUrl} sizes="6rem" width={96} height={72} />
      <div className="cart-line__info">
        <h2 className="cart-line__name">
          <Link to={line.href}>{line.name}</Link>
        </h2>
        <p className="muted">
          {line.portionLabel ?? `Pack of ${line.components?.reduce((n, c) => n + c.quantity, 0) ?? 0} meals`} ·{" "}
          {formatRand(line.unitPriceCents)} each
        </p>
        {line.problem && <p className="warning">{line.problem}</p>}
        <update.Form method="post" className="cart-line__qty" ref={formRef} {...formProps(form)}>
          {hydrated && <input type="hidden" name="_js" value="1" />}
          <input type="hidden" name="lineId" value={line.id} />
          <FormError id={form.errorId} message={errors.lineId ?? errors.form} />
          <label htmlFor={fields.quantity.id}>
            Quantity<span className="visually-hidden"> of {lineName(line)}</span>
          </label>
          <input
            {...getInputProps(fields.quantity, { type: "number" })}
            inputMode="numeric"
            min={1}
            max={50}
            key={line.quantity}
            autoFocus={Boolean(serverResult && errors.quantity)}
            className="quantity-input"
          />
          <SubmitButton
            intent="update"
            className="button secondary small"
            pending={update.state !== "idle"}
            pendingLabel="Updating…"
            aria-label={`Update quantity of ${lineName(line)}`}
          >
            Update
          </SubmitButton>
          {errors.quantity && (
            <p className="field-error" id={fields.quantity.errorId}>
              {errors.quantity}
            </p>
          )}
        </update.Form>
      </div>
      <div className="cart-line__end">
        <p className="cart-line__total">{formatRand(line.unitPriceCents * shownQty)}</p>
        <remove.Form method="post">
          {hydrated && <input type="hidden" name="_js" value="1" />}
          <input type="hidden" name="lineId" value={line.id} />
          <SubmitButton
            intent="remove"
            className="link-button"
            pending={remove.state !== "idle"}
            pendingLabel="Removing…"
            aria-label={`Remove ${lineName(line)}`}
          >
            Remove
          </SubmitButton>
        </remove.Form>
      </div>
    </li>
  );
}
