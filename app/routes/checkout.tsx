import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getInputProps } from "@conform-to/react";
import {
  ChoiceGroup,
  Choices,
  ErrorSummary,
  SubmitButton,
  TextAreaField,
  TextField,
  formProps,
  useErrorFocus,
  useSubmissionForm,
} from "~/components/form";
import { getCheckoutPage } from "~/domain/checkout-page.server";
import { placeOrder, readOrderInputs } from "~/domain/checkout.server";
import { formatIsoDate } from "~/domain/jhb-dates";
import { formatRand } from "~/domain/money";
import { withSignedInViewer } from "~/web/viewer.server";
import { checkoutFormSchema } from "~/web/forms/checkout.server";
import { parseSubmission, runSubmission } from "~/web/forms/submission.server";
import { readForm } from "~/infra/form.server";

export const meta: MetaFunction = () => [{ title: "Checkout · Little Harvest" }, { name: "robots", content: "noindex" }];

const FIELD_ORDER = [
  "recipientName",
  "phone",
  "line1",
  "line2",
  "suburb",
  "city",
  "postalCode",
  "instructions",
  "deliveryDate",
  "paymentMethod",
  "notes",
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [user, page] = await withSignedInViewer(request, context, (userId) => getCheckoutPage(context, userId));
  if (!page) throw redirect("/cart");
  return { ...page, checkoutToken: randomUUID(), name: user.name };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  // The order's reads start beside the session check (one round trip, not two); an invalid form just wastes them.
  const [user, reads] = await withSignedInViewer(request, context, (userId) =>
    readOrderInputs(context, userId, String(form.get("checkoutToken") ?? "")),
  );
  return runSubmission(parseSubmission(form, checkoutFormSchema), async (f) => {
    const order = await placeOrder(
      context,
      {
        user: { id: user.id, email: user.email, name: user.name },
        checkoutToken: f.checkoutToken,
        address: {
          recipientName: f.recipientName,
          phone: f.phone,
          line1: f.line1,
          line2: f.line2,
          suburb: f.suburb,
          city: f.city,
          postalCode: f.postalCode,
          instructions: f.instructions,
        },
        deliveryDate: f.deliveryDate,
        paymentMethod: f.paymentMethod,
        notes: f.notes,
        saveAddress: f.saveAddress,
      },
      reads,
    );
    // `?placed=1` marks the arrival right after placing; the same page reopened from history does not thank again.
    return redirect(order.awaitingPayment ? `/orders/${order.number}/pay` : `/orders/${order.number}?placed=1`, {
      status: 303,
    });
  });
}

export default function Checkout() {
  const { cart, checkoutToken, deliveryDates, paymentMethods, address, name, cutoffHour, hasSavedAddress } =
    useLoaderData<typeof loader>();
  // Before a submit the form shows the saved address (or the account's name); after a refusal, what was posted.
  const { form, fields, errors } = useSubmissionForm(useActionData<typeof action>(), {
    id: "checkout",
    defaultValue: {
      recipientName: address?.recipientName ?? name,
      phone: address?.phone,
      line1: address?.line1,
      line2: address?.line2 ?? undefined,
      suburb: address?.suburb,
      city: address?.city ?? "Johannesburg",
      postalCode: address?.postalCode,
      instructions: address?.instructions ?? undefined,
      deliveryDate: deliveryDates[0],
      paymentMethod: paymentMethods[0]?.code,
      saveAddress: hasSavedAddress ? undefined : "on",
    },
  });
  const { ref: formRef, first } = useErrorFocus(errors, [...FIELD_ORDER, "form", "checkoutToken"]);
  const formMessage = errors.form ?? errors.checkoutToken ?? errors.address;
  /** A text field's conform metadata and its server-rendered first focus. */
  const field = (key: (typeof FIELD_ORDER)[number]) => ({ meta: fields[key], autoFocus: first === key });

  return (
    <section className="page checkout">
      <h1>Checkout</h1>
      <div className="checkout__layout">
        <Form method="post" ref={formRef} className="checkout-form" {...formProps(form)}>
          <input type="hidden" name="checkoutToken" value={checkoutToken} />
          <ErrorSummary id={form.errorId} message={formMessage} errors={errors} />
          {!formMessage && cart.hasProblems && (
            <div className="form-error" role="alert">
              <p>Some items in your cart need attention:</p>
              <ul>
                {cart.lines
                  .filter((l) => l.problem)
                  .map((l) => (
                    <li key={l.id}>
                      {l.name}: {l.problem}
                    </li>
                  ))}
              </ul>
              <Link to="/cart">Review your cart</Link>
            </div>
          )}
          <fieldset>
            <legend>Delivery address</legend>
            <TextField label="Recipient's name" autoComplete="name" {...field("recipientName")} />
            <TextField label="Phone number" type="tel" autoComplete="tel" {...field("phone")} />
            <TextField label="Street address" autoComplete="address-line1" {...field("line1")} />
            <TextField label="Complex, unit or building (optional)" autoComplete="address-line2" {...field("line2")} />
            <TextField label="Suburb" autoComplete="address-level3" {...field("suburb")} />
            <TextField label="City" autoComplete="address-level2" {...field("city")} />
            <TextField
              label="Postal code"
              inputMode="numeric"
              autoComplete="postal-code"
              maxLength={4}
              {...field("postalCode")}
              hint="We deliver in Johannesburg and the northern suburbs."
            />
            <TextAreaField label="Delivery instructions (optional)" rows={2} {...field("instructions")} />
            <label className="checkbox">
              <input {...getInputProps(fields.saveAddress, { type: "checkbox" })} /> Save this address to my account
            </label>
          </fieldset>

          <ChoiceGroup legend="Delivery day" meta={fields.deliveryDate}>
            <p className="hint">Order before {String(cutoffHour).padStart(2, "0")}:00 for delivery from the next day.</p>
            <Choices
              type="radio"
              meta={fields.deliveryDate}
              options={deliveryDates.map((d) => ({ value: d, label: formatIsoDate(d) }))}
              focusFirst={first === "deliveryDate"}
            />
          </ChoiceGroup>

          <ChoiceGroup legend="Payment" meta={fields.paymentMethod}>
            <Choices
              type="radio"
              meta={fields.paymentMethod}
              options={paymentMethods.map((m) => ({
                value: m.code,
                // One flex item for the words, so the name never breaks into a column beside its hint.
                label: (
                  <span>
                    <span className="radio__name">{m.label}</span> <span className="radio__hint">— {m.hint}</span>
                  </span>
                ),
              }))}
              focusFirst={first === "paymentMethod"}
            />
          </ChoiceGroup>

          <TextAreaField label="Notes for the kitchen (optional)" rows={2} {...field("notes")} />

          <SubmitButton pendingLabel="Placing your order…">Place order · {formatRand(cart.totalCents)}</SubmitButton>
        </Form>

        <aside className="cart-summary" aria-labelledby="order-summary">
          <h2 id="order-summary">Your order</h2>
          <ul className="summary-lines">
            {cart.lines.map((l) => (
              <li key={l.id}>
                {l.quantity} × {l.name}
                {l.portionLabel ? ` (${l.portionLabel})` : ""} <span>{formatRand(l.lineTotalCents)}</span>
              </li>
            ))}
          </ul>
          <dl>
            <div>
              <dt>Subtotal</dt>
              <dd>{formatRand(cart.subtotalCents)}</dd>
            </div>
            <div>
              <dt>Delivery</dt>
              <dd>{cart.deliveryFeeCents === 0 ? "Free" : formatRand(cart.deliveryFeeCents)}</dd>
            </div>
            <div className="total">
              <dt>Total</dt>
              <dd>{formatRand(cart.totalCents)}</dd>
            </div>
          </dl>
          <p>
            <Link to="/cart">Change your cart</Link>
          </p>
          <p>
            <Link to="/help">Help with delivery, paying and cancelling</Link>
          </p>
        </aside>
      </div>
    </section>
  );
}
