import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useFetcher, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { chosenId, idNumber, optionalFilter, pageNumber } from "~/domain/form-fields";
import { ACTIONS_HEADER, AdminTable, Pager, StatusBadge } from "~/components/admin/admin-ui";
import { FilterForm, FilterSelect } from "~/components/admin/list-filters";
import { FormError, Notice } from "~/components/form";
import { firstError } from "~/domain/form-errors";
import { emailTemplateNames, listOutboxEmails, resendFailedEmail } from "~/domain/email-admin.server";
import { OUTBOX_STATUSES, OUTBOX_STATUS_LABELS } from "~/domain/email-outbox-status";
import { requireAdmin } from "~/web/guards.server";
import { redirect303 } from "~/web/admin-forms.server";
import { parseThenRun } from "~/web/domain-errors.server";
import { readFormFields, readQuery } from "~/infra/form.server";
import { useErrorStatus } from "~/components/error-page";
import { adminTitle } from "~/components/admin/admin-title";

export const meta: MetaFunction = () => adminTitle("Emails");

const filtersSchema = z.object({
  status: optionalFilter(z.enum(OUTBOX_STATUSES)),
  page: pageNumber,
  resent: optionalFilter(idNumber),
});

const resendSchema = z.object({
  intent: z.literal("resend", { errorMap: () => ({ message: "Unknown action" }) }),
  id: chosenId("an email"),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const filters = filtersSchema.parse(readQuery(request));
  const list = await listOutboxEmails(context.db, filters);
  return { ...list, filters, mailer: context.mailer.kind, templates: emailTemplateNames() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  return parseThenRun(resendSchema, await readFormFields(request), async ({ id }) => {
    await resendFailedEmail(context, admin, id);
    const keep = new URL(request.url).searchParams;
    keep.set("resent", String(id));
    return redirect303("/admin/emails", keep);
  });
}

export default function AdminEmails() {
  const { emails, hasMore, page, counts, filters, mailer, templates } = useLoaderData<typeof loader>();
  // Without JavaScript a refused "send again" comes back here rather than to the row's fetcher.
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const statusOptions = OUTBOX_STATUSES.map((s) => ({ value: s, label: `${OUTBOX_STATUS_LABELS[s]} (${counts[s]})` }));
  const pagerSearch = new URLSearchParams(location.search);
  pagerSearch.delete("resent");
  pagerSearch.delete("index");
  return (
    <>
      <h1>Emails</h1>
      <p className="muted">
        {mailer === "resend"
          ? "Delivered through Resend. Failed attempts are retried automatically with back-off."
          : "Embedded mode: emails are written to the outbox folder (DATA_DIR/outbox) instead of being sent."}
      </p>
      <FormError message={firstError(actionData?.errors)} />
      {filters.resent ? <Notice>{`Email #${filters.resent} is queued to be sent again.`}</Notice> : null}

      <FilterForm values={filters} submit="Filter" label="Filter emails">
        <FilterSelect name="status" label="Status" any={`All (${total})`} options={statusOptions} />
      </FilterForm>

      <AdminTable
        label="Emails"
        className="email-table"
        headers={["#", "Recipient", "Template", "Status", "Attempts", "Last error", "Sent", ACTIONS_HEADER]}
        rows={emails}
        row={(email) => <EmailRow key={email.id} email={email} />}
        empty={filters.status ? `No ${filters.status} emails.` : "No emails yet."}
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
  const error = fetcher.data && "errors" in fetcher.data ? firstError(fetcher.data.errors) : undefined;
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
