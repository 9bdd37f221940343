import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useLocation } from "@remix-run/react";
import { Instant } from "~/components/instant";
import { z } from "zod";
import { idNumber } from "~/domain/form-fields";
import { AdminTable, Pager, FilterSelect } from "~/components/admin/admin-ui";
import { AUDIT_ENTITY_LABELS } from "~/domain/audit-words";
import { listAudit } from "~/domain/audit.server";
import { isIsoDate } from "~/domain/jhb-dates";
import { requireAdmin } from "~/web/guards.server";
import { readQuery } from "~/infra/form.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Little Harvest back office" }];

const date = z.string().refine(isIsoDate).optional().catch(undefined);
const filtersSchema = z.object({
  entity: z
    .string()
    .trim()
    .max(40)
    .regex(/^[a-z_]*$/)
    .optional()
    .catch(undefined),
  entityId: z.string().trim().max(40).optional().catch(undefined),
  actor: idNumber.optional().catch(undefined),
  from: date,
  to: date,
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const f = filtersSchema.parse(readQuery(request));
  const result = await listAudit(context.db, {
    entityType: f.entity,
    entityId: f.entityId,
    actorUserId: f.actor,
    from: f.from,
    to: f.to,
    page: f.page,
  });
  return { ...result, filters: f };
}

export default function AuditLog() {
  const { entries, entityTypes, actors, filters, page, hasMore } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <>
      <h1>Audit log</h1>
      <p className="muted">Every change made in the back office: who made it, when, and what changed.</p>
      <Form method="get" className="admin-filters" role="search">
        <FilterSelect
          name="entity"
          label="What"
          value={filters.entity}
          any="Everything"
          options={entityTypes.map((t) => ({ value: t, label: AUDIT_ENTITY_LABELS[t] ?? t }))}
        />
        <label htmlFor="entityId">Id</label>
        <input id="entityId" name="entityId" size={6} defaultValue={filters.entityId ?? ""} />
        <FilterSelect
          name="actor"
          label="Who"
          value={filters.actor}
          any="Anyone"
          options={actors.map((a) => ({ value: a.id, label: a.email }))}
        />
        <label htmlFor="from">From</label>
        <input id="from" name="from" type="date" defaultValue={filters.from ?? ""} />
        <label htmlFor="to">To</label>
        <input id="to" name="to" type="date" defaultValue={filters.to ?? ""} />
        <button type="submit" className="button secondary">
          Filter
        </button>
      </Form>
      <AdminTable
        label="Audit log"
        className="audit"
        headers={["When", "Who", "What changed"]}
        rows={entries}
        empty="No changes match."
        row={(e) => (
          <tr key={e.id}>
            <td>
              <Instant at={e.createdAt} />
            </td>
            <td>{e.actorLabel}</td>
            <td>
              <ul className="audit__changes">
                {e.sentences.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
            </td>
          </tr>
        )}
      />
      <Pager page={page} hasMore={hasMore} search={location.search} />
    </>
  );
}
