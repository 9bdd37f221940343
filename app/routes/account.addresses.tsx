import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { fieldErrors } from "~/domain/form-errors";
import { idNumber } from "~/domain/form-fields";
import { Field } from "~/components/account-forms";
import { addAddress, addressSchema, deleteAddress, listAddresses, setDefaultAddress } from "~/domain/accounts.server";
import { requireUser } from "~/web/guards.server";
import { readFormFields } from "~/infra/form.server";
import { ErrorSummary } from "~/components/form";

export const meta: MetaFunction = () => [
  { title: "Delivery addresses · Little Harvest" },
  { name: "robots", content: "noindex" },
];

const idSchema = z.object({ addressId: idNumber });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const rows = await listAddresses(context, user.id);
  return { addresses: rows.map(({ userId: _u, createdAt: _c, ...a }) => a) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await readFormFields(request);
  switch (form.intent) {
    case "add": {
      const parsed = addressSchema.safeParse(form);
      if (!parsed.success) {
        return data({ fieldErrors: fieldErrors(parsed.error), values: form }, { status: 400 });
      }
      await addAddress(context, user.id, { ...parsed.data, makeDefault: form.makeDefault === "on" });
      return redirect("/account/addresses?done=added", 303);
    }
    case "delete":
    case "default": {
      const parsed = idSchema.safeParse(form);
      // Someone else's address id is "not found" — never touched, never confirmed to exist.
      const ok =
        parsed.success &&
        (form.intent === "delete"
          ? await deleteAddress(context, user.id, parsed.data.addressId)
          : await setDefaultAddress(context, user.id, parsed.data.addressId));
      if (!ok) throw new Response("Address not found", { status: 404 });
      return redirect(`/account/addresses?done=${form.intent === "delete" ? "deleted" : "default"}`, 303);
    }
    default:
      return data({ fieldErrors: {}, values: {} }, { status: 400 });
  }
}

const NOTICES: Record<string, string> = {
  added: "Address saved.",
  deleted: "Address removed.",
  default: "Default address updated.",
};

export default function Addresses() {
  const { addresses } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const notice = NOTICES[params.get("done") ?? ""];
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  const values: Record<string, string> = actionData?.values ?? {};
  return (
    <section className="page narrow account-page">
      <p className="back-link">
        <Link to="/account">← My account</Link>
      </p>
      <h1>Delivery addresses</h1>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {addresses.length === 0 ? <p>No saved addresses yet.</p> : null}
      <ul className="address-list">
        {addresses.map((a) => (
          <li key={a.id} className="card address-card">
            <div className="card__body">
              <p>
                <strong>{a.label}</strong> {a.isDefault ? <span className="tag">Default</span> : null}
              </p>
              <address>
                {a.recipientName}, {a.phone}
                <br />
                {a.line1}
                {a.line2 ? `, ${a.line2}` : ""}
                <br />
                {a.suburb}, {a.city} {a.postalCode}
              </address>
              {a.instructions ? <p className="muted">{a.instructions}</p> : null}
              <Form method="post" className="inline-actions">
                <input type="hidden" name="addressId" value={a.id} />
                {!a.isDefault ? (
                  <button type="submit" name="intent" value="default" className="button secondary">
                    Make default
                  </button>
                ) : null}
                <button type="submit" name="intent" value="delete" className="button secondary">
                  Remove
                </button>
              </Form>
            </div>
          </li>
        ))}
      </ul>
      <h2>Add an address</h2>
      <Form method="post">
        <ErrorSummary errors={actionData?.fieldErrors} />
        <input type="hidden" name="intent" value="add" />
        <Field name="label" label="Label (e.g. Home, Granny's)" defaultValue={values.label ?? "Home"} error={errors.label} />
        <Field
          name="recipientName"
          label="Recipient's name"
          autoComplete="name"
          required
          defaultValue={values.recipientName}
          error={errors.recipientName}
        />
        <Field
          name="phone"
          label="Phone"
          type="tel"
          autoComplete="tel"
          required
          defaultValue={values.phone}
          error={errors.phone}
        />
        <Field
          name="line1"
          label="Street address"
          autoComplete="address-line1"
          required
          defaultValue={values.line1}
          error={errors.line1}
        />
        <Field
          name="line2"
          label="Complex, unit (optional)"
          autoComplete="address-line2"
          defaultValue={values.line2}
          error={errors.line2}
        />
        <Field
          name="suburb"
          label="Suburb"
          autoComplete="address-level3"
          required
          defaultValue={values.suburb}
          error={errors.suburb}
        />
        <Field
          name="city"
          label="City"
          autoComplete="address-level2"
          defaultValue={values.city ?? "Johannesburg"}
          error={errors.city}
        />
        <Field
          name="postalCode"
          label="Postal code"
          autoComplete="postal-code"
          inputMode="numeric"
          required
          defaultValue={values.postalCode}
          error={errors.postalCode}
        />
        <Field
          name="instructions"
          label="Delivery instructions (optional)"
          defaultValue={values.instructions}
          error={errors.instructions}
        />
        <label className="checkbox">
          <input type="checkbox" name="makeDefault" /> Make this my default address
        </label>
        <p>
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            Save address
          </button>
        </p>
      </Form>
    </section>
  );
}
