import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getInputProps } from "@conform-to/react";
import { Field } from "~/components/account-forms";
import { addAddress, deleteAddress, listAddresses, setDefaultAddress } from "~/domain/accounts.server";
import { newAddressSchema, savedAddressSchema } from "~/web/forms/account-addresses.server";
import { parseSubmission, runSubmission, unknownIntent } from "~/web/forms/submission.server";
import { requireUser } from "~/web/guards.server";
import { readForm } from "~/infra/form.server";
import { ErrorSummary, Notice, formProps, replyFor, useOutcome, useSubmissionForm } from "~/components/form";
import { AccountPage } from "~/components/account-page";

export const meta: MetaFunction = () => [
  { title: "Delivery addresses · Little Harvest" },
  { name: "robots", content: "noindex" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const rows = await listAddresses(context, user.id);
  return { addresses: rows.map(({ userId: _u, createdAt: _c, ...a }) => a) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await readForm(request);
  const intent = form.get("intent");
  switch (intent) {
    case "add":
      return runSubmission(parseSubmission(form, newAddressSchema), async (address) => {
        await addAddress(context, user.id, address);
        return redirect("/account/addresses?done=added", 303);
      });
    case "delete":
    case "default": {
      const submission = parseSubmission(form, savedAddressSchema);
      // Someone else's address id is "not found" — never touched, never confirmed to exist.
      const ok =
        submission.status === "success" &&
        (intent === "delete"
          ? await deleteAddress(context, user.id, submission.value.addressId)
          : await setDefaultAddress(context, user.id, submission.value.addressId));
      if (!ok) throw new Response("Address not found", { status: 404 });
      return redirect(`/account/addresses?done=${intent === "delete" ? "deleted" : "default"}`, 303);
    }
    default:
      return unknownIntent(form);
  }
}

const NOTICES: Record<string, string> = {
  added: "Address saved.",
  deleted: "Address removed.",
  default: "Default address updated.",
};

export default function Addresses() {
  const { addresses } = useLoaderData<typeof loader>();
  const { form, fields, errors } = useSubmissionForm(replyFor(useActionData<typeof action>(), "add"), {
    id: "add-address",
    defaultValue: { label: "Home", city: "Johannesburg" },
  });
  const navigation = useNavigation();
  const notice = NOTICES[useOutcome("done") ?? ""];
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
      <Form method="post" {...formProps(form, { nativeValidation: true })}>
        <ErrorSummary id={form.errorId} errors={errors} />
        <input type="hidden" name="intent" value="add" />
        <Field label="Label (e.g. Home, Granny's)" meta={fields.label} />
        <Field label="Recipient's name" autoComplete="name" required meta={fields.recipientName} />
        <Field label="Phone" type="tel" autoComplete="tel" required meta={fields.phone} />
        <Field label="Street address" autoComplete="address-line1" required meta={fields.line1} />
        <Field label="Complex, unit (optional)" autoComplete="address-line2" meta={fields.line2} />
        <Field label="Suburb" autoComplete="address-level3" required meta={fields.suburb} />
        <Field label="City" autoComplete="address-level2" meta={fields.city} />
        <Field label="Postal code" autoComplete="postal-code" inputMode="numeric" required meta={fields.postalCode} />
        <Field label="Delivery instructions (optional)" meta={fields.instructions} />
        <label className="checkbox">
          <input {...getInputProps(fields.makeDefault, { type: "checkbox" })} /> Make this my default address
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
