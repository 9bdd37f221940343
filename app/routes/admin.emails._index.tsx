import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useLocation } from "@remix-run/react";
import { ACTIONS_HEADER, AdminTable, Pager, StatusBadge } from "~/components/admin/admin-ui";
import { FilterForm, FilterSelect } from "~/components/admin/list-filters";
import { FormError, Notice, replyErrors } from "~/components/form";
import { firstError } from "~/domain/form-errors";
import { emailTemplateNames, listOutboxEmails, resendFailedEmail, sendTestEmail } from "~/domain/email-admin.server";
import { DELIVERY_STATES, DELIVERY_STATE_LABELS } from "~/domain/email-delivery-state";
import { OUTBOX_STATUSES, OUTBOX_STATUS_LABELS } from "~/domain/email-outbox-status";
import { requireAdmin } from "~/web/guards.server";
import { redirect303 } from "~/web/admin-forms.server";
import { resendSchema } from "~/web/forms/admin-emails.server";
import { parseSubmission, runSubmission } from "~/web/forms/submission.server";
import { readForm, readQuery } from "~/infra/form.server";
import { emailFilters } from "~/web/forms/admin-filters.server";
import { useErrorStatus } from "~/components/error-page";
import { adminTitle } from "~/components/admin/admin-title";

export const meta: MetaFunction = () => adminTitle("Emails");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const filters = emailFilters.parse(readQuery(request));
  const list = await listOutboxEmails(context.db, filters);
  return { ...list, filters, mailer: context.mailer.kind, templates: emailTemplateNames(), adminEmail: admin.email };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const form = await readForm(request);
  if (form.get("intent") === "test") {
    const id = await sendTestEmail(context, { to: admin.email, requestedBy: admin.email });
    return redirect303("/admin/emails", new URLSearchParams({ tested: String(id) }));
  }
  return runSubmission(parseSubmission(form, resendSchema), async ({ id }) => {
    await resendFailedEmail(context, admin, id);
    const keep = new URL(request.url).searchParams;
    keep.set("resent", String(id));
    return redirect303("/admin/emails", keep);
  });
}

export default function AdminEmails() {
  const { emails, hasMore, page, counts, deliveryCounts, filters, mailer, templates, adminEmail } =
    useLoaderData<typeof loader>();
  // Without JavaScript a refused "send again" comes back here rather than to the row's fetcher.
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const statusOptions = OUTBOX_STATUSES.map((s) => ({ value: s, label: `${OUTBOX_STATUS_LABELS[s]} (${counts[s]})` }));
  const deliveryOptions = DELIVERY_STATES.map((s) => ({ value: s, label: `${DELIVERY_STATE_LABELS[s]} (${deliveryCounts[s]})` }));
  const pagerSearch = new URLSearchParams(location.search);
  pagerSearch.delete("resent");
  pagerSearch.delete("tested");
  pagerSearch.delete("index");
  return (
    <>
      <h1>Emails</h1>
      <p className="muted">
        {mailer === "resend"
          ? "Delivered through Resend. Failed attempts are retried automatically with back-off."
          : "Embedded mode: emails are written to the outbox folder (DATA_DIR/outbox) instead of being sent."}
      </p>
      <FormError message={firstError(replyErrors(actionData))} />
      {filters.resent ? <Notice>{`Email #${filters.resent} is queued to be sent again.`}</Notice> : null}
      {filters.tested ? (
        <Notice>{`Test email #${filters.tested} is on its way to ${adminEmail}. Its row below shows when Resend reports it delivered (or bounced).`}</Notice>
      ) : null}

      <Form method="post" className="email-test-form">
        <input type="hidden" name="intent" value="test" />
        <button type="submit" className="button secondary">
          Send a test email
        </button>{" "}
        <span className="muted">to {adminEmail}</span>
      </Form>
      <p className="muted">Delivery states come from Resend's webhook. Opens and clicks are not tracked.</p>

      <FilterForm values={filters} submit="Filter" label="Filter emails">
        <FilterSelect name="status" label="Status" any={`All (${total})`} options={statusOptions} />
        <FilterSelect name="delivery" label="Delivery" any="Any" options={deliveryOptions} />
      </FilterForm>
      {filters.order ? (
        <p>
          {`Emails about order ${filters.order}.`} <Link to="/admin/emails">Show all</Link>
        </p>
      ) : null}

      <AdminTable
        label="Emails"
        className="email-table"
        headers={["#", "Recipient", "Template", "Status", "Delivery", "Attempts", "Last error", "Sent", ACTIONS_HEADER]}
        rows={emails}
        row={(email) => <EmailRow key={email.id} email={email} />}
        empty={filters.status || filters.delivery || filters.order ? "No emails match." : "No emails yet."}
      />
      <Pager page={page} hasMore={hasMore} search={pagerSearch.toString()} />

      <h2>Template previews</h2>
      <ul className="email-previews">
        {templates.map((t) => (
          <li key={t}>
            <Link to={`/admin/emails/preview/${t}`}>{t}</Link>
          </li>
        ))}
      </ul>
    </>
  );
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["emails"][number];

function EmailRow({ email }: { email: Row }) {
  const fetcher = useFetcher<typeof action>();
  // Optimistic: once "send again" is on its way the row reads pending.
  const queuing = fetcher.state !== "idle";
  const status = queuing ? "pending" : email.status;
  const error = firstError(replyErrors(fetcher.data));
  return (
    <tr>
      <td>{email.id}</td>
      <td className="email-table__to">{email.to}</td>
      <td>{email.template}</td>
      <td>
        <StatusBadge kind="outbox" status={status} />
        {email.status === "pending" && email.attempts > 0 ? (
          <small className="muted"> {`next try ${email.nextAttemptAt}`}</small>
        ) : null}
      </td>
      <td>
        {email.deliveryState ? (
          <>
            <StatusBadge kind="email" status={email.deliveryState} />
            <small className="muted"> {email.deliveryStateAt}</small>
            {email.bounceReason || email.bounceType ? (
              <small className="email-table__why">
                {" — "}
                {[email.bounceType, email.bounceReason].filter(Boolean).join(": ")}
              </small>
            ) : null}
          </>
        ) : (
          "—"
        )}
      </td>
      <td>{email.attempts}</td>
      <td className="email-table__error">{email.lastError ?? "—"}</td>
      <td>{email.sentAt ?? "—"}</td>
      <td>
        {email.status === "failed" ? (
          <fetcher.Form method="post">
            <input type="hidden" name="intent" value="resend" />
            <input type="hidden" name="id" value={email.id} />
            <button type="submit" className="link-button" disabled={queuing}>
              {queuing ? "Queuing…" : "Send again"}
              <span className="visually-hidden"> email #{email.id}</span>
            </button>
            <FormError message={error} />
          </fetcher.Form>
        ) : null}
      </td>
    </tr>
  );
}

export function ErrorBoundary() {
  const status = useErrorStatus();
  return (
    <>
      <h1>{status === 403 ? "Admins only" : "The email outbox could not be shown"}</h1>
      <p>Please try again in a moment.</p>
    </>
  );
}
