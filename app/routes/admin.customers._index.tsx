import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { AdminTable, Pager, ResultCount, FilterSelect } from "~/components/admin/admin-ui";
import { listCustomers } from "~/domain/admin-customers.server";
import { formatInstant } from "~/domain/jhb-dates";
import { requireAdmin } from "~/web/guards.server";
import { readQuery } from "~/infra/form.server";

export const meta: MetaFunction = () => [{ title: "Customers · Little Harvest back office" }];

const filtersSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  status: z.enum(["active", "disabled"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const filters = filtersSchema.parse(readQuery(request));
  return { ...(await listCustomers(context.db, filters)), filters };
}

export default function AdminCustomers() {
  const { customers, filters, page, hasMore, total } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <>
      <h1>Customers</h1>
      <Form method="get" className="admin-filters" role="search">
        <label htmlFor="q">Name, email or phone</label>
        <input id="q" name="q" type="search" defaultValue={filters.q ?? ""} />
        <FilterSelect
          name="status"
          label="Account"
          value={filters.status}
          any="All"
          options={[
            { value: "active", label: "Active" },
            { value: "disabled", label: "Disabled" },
          ]}
        />
        <button type="submit" className="button secondary">
          Search
        </button>
      </Form>
      <ResultCount count={total} one="customer" many="customers" />
      <AdminTable
        label="Customers"
        headers={["Customer", "Phone", "Orders", "Joined", "Account"]}
        rows={customers}
        row={(c) => (
          <tr key={c.id}>
            <td>
              <Link to={`/admin/customers/${c.id}`}>{c.name || c.email}</Link>
              <br />
              <small className="muted">{c.email}</small>
            </td>
            <td>{c.phone ?? "—"}</td>
            <td>{c.orders}</td>
            <td>{formatInstant(c.createdAt)}</td>
            <td>
              {c.disabledAt ? (
                <span className="badge badge--inactive">disabled</span>
              ) : (
                <span className="badge badge--active">active</span>
              )}
            </td>
          </tr>
        )}
      />
      <Pager page={page} hasMore={hasMore} search={location.search} />
    </>
  );
}
