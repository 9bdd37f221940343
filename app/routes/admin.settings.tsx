import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { AdminFieldset, AdminInput, AdminSelect, AdminTextArea } from "~/components/admin/catalog-fields";
import { updateSettings } from "~/domain/admin-settings.server";
import { WEEKDAYS } from "~/domain/weekdays";
import { centsToInput } from "~/domain/money-input";
import { CARD_OFF_REASON } from "~/domain/payments.server";
import { getSettings } from "~/domain/settings.server";
import { settingsFormSchema } from "~/web/forms/admin-settings.server";
import { readSubmission, runSubmission } from "~/web/forms/submission.server";
import { requireAdmin } from "~/web/guards.server";
import { redirect303 } from "~/web/admin-forms.server";
import { ErrorSummary, Notice, formProps, initialValues, useSubmissionForm } from "~/components/form";
import { adminTitle } from "~/components/admin/admin-title";

export const meta: MetaFunction = () => adminTitle("Settings");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const s = await getSettings(context);
  return {
    values: {
      deliveryFee: centsToInput(s.deliveryFeeCents),
      freeDeliveryThreshold: centsToInput(s.freeDeliveryThresholdCents),
      postalCodes: s.deliveryPostalCodes.join(", "),
      deliveryWeekdays: s.deliveryWeekdays.map(String),
      cutoffHour: String(s.cutoffHour),
      cashOnDelivery: s.paymentMethods.cash_on_delivery ? "on" : undefined,
      card: s.paymentMethods.card ? "on" : undefined,
      contactEmail: s.contactEmail,
      contactPhone: s.contactPhone,
      contactAddress: s.contactAddress,
    },
    updatedAt: s.updatedAt.toISOString(),
    cardOffReason: context.payments ? null : CARD_OFF_REASON,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  return runSubmission(await readSubmission(request, settingsFormSchema), async (input) => {
    await updateSettings(context, admin, input);
    return redirect303("/admin/settings", new URLSearchParams({ saved: "1" }));
  });
}

export default function AdminSettings() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const { form, fields, errors } = useSubmissionForm(actionData, { id: "settings", defaultValue: loaded.values });
  const { text, ticked } = initialValues(form, actionData);
  const busy = navigation.state === "submitting";
  return (
    <>
      <h1>Settings</h1>
      {params.get("saved") && !actionData && <Notice>Settings saved. The shop uses them from the next page view.</Notice>}
      <Form method="post" className="admin-form" key={loaded.updatedAt} {...formProps(form)}>
        <ErrorSummary id={form.errorId} errors={errors} />
        <h2>Delivery</h2>
        <div className="admin-form__row">
          <AdminInput
            meta={fields.deliveryFee}
            label="Delivery fee (rand)"
            inputMode="decimal"
            defaultValue={text("deliveryFee")}
          />
          <AdminInput
            meta={fields.freeDeliveryThreshold}
            label="Free delivery from (rand)"
            inputMode="decimal"
            defaultValue={text("freeDeliveryThreshold")}
          />
          <AdminSelect
            meta={fields.cutoffHour}
            label="Order cut-off hour (the day before delivery)"
            defaultValue={text("cutoffHour")}
          >
            {Array.from({ length: 24 }, (_, h) => (
              <option key={h} value={h}>
                {String(h).padStart(2, "0")}:00
              </option>
            ))}
          </AdminSelect>
        </div>
        <AdminTextArea
          meta={fields.postalCodes}
          label="Postal codes we deliver to"
          hint="Four digits each, separated by commas or spaces."
          rows={3}
          defaultValue={text("postalCodes")}
        />
        <AdminFieldset className="checkbox-grid" meta={fields.deliveryWeekdays} legend="Delivery days">
          {WEEKDAYS.map((d) => (
            <label key={d.iso}>
              <input
                type="checkbox"
                name="deliveryWeekdays"
                value={d.iso}
                defaultChecked={ticked("deliveryWeekdays", String(d.iso))}
              />{" "}
              {d.label}
            </label>
          ))}
        </AdminFieldset>
        <AdminFieldset className="checkbox-grid" meta={fields.paymentMethods} legend="Payment methods">
          <label>
            <input type="checkbox" name="cashOnDelivery" defaultChecked={ticked("cashOnDelivery")} /> Cash on delivery
          </label>
          <label>
            <input type="checkbox" name="card" defaultChecked={ticked("card")} /> Card
          </label>
          {loaded.cardOffReason && (
            <p className="hint" data-testid="card-off-reason">
              {loaded.cardOffReason}
            </p>
          )}
        </AdminFieldset>
        <h2>Store contact details</h2>
        <div className="admin-form__row">
          <AdminInput meta={fields.contactEmail} label="Email" type="email" defaultValue={text("contactEmail")} />
          <AdminInput meta={fields.contactPhone} label="Phone" type="tel" defaultValue={text("contactPhone")} />
        </div>
        <AdminInput meta={fields.contactAddress} label="Address" defaultValue={text("contactAddress")} />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Saving…" : "Save settings"}
        </button>
      </Form>
    </>
  );
}
