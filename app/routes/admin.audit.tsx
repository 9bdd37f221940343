import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { Instant } from "~/components/instant";
import { AdminTable, Pager } from "~/components/admin/admin-ui";
import { FilterForm, FilterInput, FilterSelect } from "~/components/admin/list-filters";
import { AUDIT_ENTITY_LABELS } from "~/domain/audit-words";
import { listAudit } from "~/domain/audit.server";
import { auditFilters } from "~/web/forms/admin-filters.server";
import { loadAdminList } from "~/web/admin-pages.server";
import { adminTitle } from "~/components/admin/admin-title";

export const meta: MetaFunction = () => adminTitle("Audit log");

export const loader = (args: LoaderFunctionArgs) => loadAdminList(args, auditFilters, listAudit);

export default function AuditLog() {
  const { entries, entityTypes, actors, filters, page, hasMore } = useLoaderData<typeof loader>();
  const location = useLocation();
  const whatOptions = entityTypes.map((t) => ({ value: t, label: AUDIT_ENTITY_LABELS[t] ?? t }));
  const whoOptions = actors.map((a) => ({ value: a.id, label: a.email }));
  return (
    <>
      <h1>Audit log</h1>
      <p className="muted">Every change made in the back office: who made it, when, and what changed.</p>
      <FilterForm values={filters} submit="Filter">
        <FilterSelect name="entity" label="What" any="Everything" options={whatOptions} />
        <FilterInput name="entityId" label="Id" size={6} />
        <FilterSelect name="actor" label="Who" any="Anyone" options={whoOptions} />
        <FilterInput name="from" label="From" type="date" />
        <FilterInput name="to" label="To" type="date" />
      </FilterForm>
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
