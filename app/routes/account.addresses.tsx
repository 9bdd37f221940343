import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { idNumber } from "~/domain/form-fields";
import { Field } from "~/components/account-forms";
import { addAddress, addressSchema, deleteAddress, listAddresses, setDefaultAddress } from "~/domain/accounts.server";
import { invalidForm, parseThenRun } from "~/web/domain-errors.server";
import { requireUser } from "~/web/guards.server";
import { readFormFields } from "~/infra/form.server";
import { ErrorSummary, Notice, useOutcome } from "~/components/form";
import { AccountPage } from "~/components/account-page";

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
    case "add":
      return parseThenRun(
        addressSchema,
        form,
        async (address) => {
          await addAddress(context, user.id, { ...address, makeDefault: form.makeDefault === "on" });
          return redirect("/account/addresses?done=added", 303);
        },
        { values: form },
      );
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
      return invalidForm({}, { values: {} as Record<string, string> });
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
  const notice = NOTICES[useOutcome("done") ?? ""];
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  const values: Record<string, string> = actionData?.values ?? {};
  /** A field's name, what was posted (or its default) and its error. */
  const field = (name: string, fallback?: string) => ({ name, defaultValue: values[name] ?? fallback, error: errors[name] });
  return (
    <AccountPage title="Delivery addresses" className="page narrow account-page">
      <Notice>{notice}</Notice>
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
        <ErrorSummary errors={actionData?.errors} />
        <input type="hidden" name="intent" value="add" />
        <Field label="Label (e.g. Home, Granny's)" {...field("label", "Home")} />
        <Field label="Recipient's name" autoComplete="name" required {...field("recipientName")} />
        <Field label="Phone" type="tel" autoComplete="tel" required {...field("phone")} />
        <Field label="Street address" autoComplete="address-line1" required {...field("line1")} />
        <Field label="Complex, unit (optional)" autoComplete="address-line2" {...field("line2")} />
        <Field label="Suburb" autoComplete="address-level3" required {...field("suburb")} />
        <Field label="City" autoComplete="address-level2" {...field("city", "Johannesburg")} />
        <Field label="Postal code" autoComplete="postal-code" inputMode="numeric" required {...field("postalCode")} />
        <Field label="Delivery instructions (optional)" {...field("instructions")} />
        <label className="checkbox">
          <input type="checkbox" name="makeDefault" /> Make this my default address
        </label>
        <p>
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            Save address
          </button>
        </p>
      </Form>
    </AccountPage>
  );
}
