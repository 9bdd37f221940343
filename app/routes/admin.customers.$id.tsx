import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { AdminHeading, AdminTable, StatusBadge, BackLink } from "~/components/admin/admin-ui";
import { FormError, Notice, formErrorOf, useOutcome } from "~/components/form";
import { getCustomer, setCustomerDisabled } from "~/domain/admin-customers.server";
import { allergenLabel } from "~/domain/allergens";
import { formatInstant, formatIsoDate } from "~/domain/jhb-dates";
import { formatRand } from "~/domain/money";
import { adminRecordAction, loadAdminRecord } from "~/web/admin-pages.server";
import { redirect303 } from "~/web/admin-forms.server";
import { customerActionSchema } from "~/web/forms/admin-customers.server";
import { readSubmission, refuse, runSubmission } from "~/web/forms/submission.server";
import type { ReactNode } from "react";
import { adminTitle } from "~/components/admin/admin-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => adminTitle(data?.customer.name || "Customer");

export const loader = (args: LoaderFunctionArgs) => loadAdminRecord(args, "Customer not found", getCustomer);

export async function action(args: ActionFunctionArgs) {
  const { request, context } = args;
  const { admin, id: customerId } = await adminRecordAction(args, "Customer not found");
  const submission = await readSubmission(request, customerActionSchema);
  if (submission.status !== "success") return refuse(submission, { errors: { form: "Choose disable or enable" } });
  return runSubmission(submission, async ({ intent }) => {
    await setCustomerDisabled(context, admin, customerId, intent === "disable");
    return redirect303(`/admin/customers/${customerId}`, new URLSearchParams({ done: intent }));
  });
}

export default function AdminCustomer() {
  const { customer, orders, addresses, children } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const pending = fetcher.formData?.get("intent");
  const disabled = pending ? pending === "disable" : customer.disabledAt !== null;
  const done = useOutcome("done");
  return (
    <>
      <BackLink to="/admin/customers" label="Customers" />
      <AdminHeading title={customer.name || customer.email}>
        {disabled ? <span className="badge badge--inactive">disabled</span> : <span className="badge badge--active">active</span>}
      </AdminHeading>
      {done && <Notice>{done === "disable" ? "Account disabled and signed out everywhere." : "Account enabled again."}</Notice>}
      <dl className="facts">
        <dt>Email</dt>
        <dd>
          {customer.email} {customer.emailVerifiedAt ? "(verified)" : "(not verified)"}
        </dd>
        <dt>Phone</dt>
        <dd>{customer.phone ?? "—"}</dd>
        <dt>Joined</dt>
        <dd>{formatInstant(customer.createdAt)}</dd>
      </dl>
      <fetcher.Form method="post">
        {disabled ? (
          <button type="submit" name="intent" value="enable" className="button secondary">
            Enable account
          </button>
        ) : (
          <button type="submit" name="intent" value="disable" className="button danger">
            Disable account (signs them out everywhere)
          </button>
        )}
      </fetcher.Form>
      <FormError message={formErrorOf(fetcher.data)} />

      <h2>Orders</h2>
      {orders.length === 0 ? (
        <p className="muted">No orders yet.</p>
      ) : (
        <AdminTable
          label="Orders"
          headers={["Order", "Delivery", "Status", "Total"]}
          rows={orders}
          row={(o) => (
            <tr key={o.id}>
              <td>
                <Link to={`/admin/orders/${o.id}`}>{o.number}</Link>
              </td>
              <td>{formatIsoDate(o.deliveryDate)}</td>
              <td>
                <StatusBadge kind="order" status={o.status} />
              </td>
              <td>{formatRand(o.totalCents)}</td>
            </tr>
          )}
        />
      )}

      <SavedList title="Children" none="No children saved." items={children}>
        {(c) => (
          <>
            <strong>{c.name}</strong>, born {formatIsoDate(c.dateOfBirth)}
            {c.allergies.length > 0 && <> · allergies: {c.allergies.map(allergenLabel).join(", ")}</>}
            {c.dietaryNeeds.length > 0 && <> · diet: {c.dietaryNeeds.join(", ")}</>}
            {c.notes && <> · {c.notes}</>}
          </>
        )}
      </SavedList>

      <SavedList title="Addresses" none="No saved addresses." items={addresses}>
        {(a) => (
          <>
            <strong>{a.label}</strong>
            {a.isDefault && " (default)"}: {a.recipientName}, {a.line1}
            {a.line2 ? `, ${a.line2}` : ""}, {a.suburb}, {a.city} {a.postalCode} · {a.phone}
          </>
        )}
      </SavedList>
    </>
  );
}

/** What the customer saved (children, addresses), one line each, or a line saying there is nothing. */
function SavedList<T extends { id: number }>({
  title,
  none,
  items,
  children: line,
}: {
  title: string;
  none: string;
  items: T[];
  children: (item: T) => ReactNode;
}) {
  return (
    <>
      <h2>{title}</h2>
      {items.length === 0 ? (
        <p className="muted">{none}</p>
      ) : (
        <ul>
          {items.map((item) => (
            <li key={item.id}>{line(item)}</li>
          ))}
        </ul>
      )}
    </>
  );
}
