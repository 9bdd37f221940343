import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { AdminTable, Pager, ResultCount } from "~/components/admin/admin-ui";
import { FilterForm, FilterInput, FilterSelect } from "~/components/admin/list-filters";
import { plainChoices } from "~/components/select-options";
import { ACCOUNT_STATES } from "~/domain/listing-states";
import { listCustomers } from "~/domain/admin-customers.server";
import { formatInstant } from "~/domain/jhb-dates";
import { customerFilters } from "~/web/forms/admin-filters.server";
import { loadAdminList } from "~/web/admin-pages.server";
import { adminTitle } from "~/components/admin/admin-title";

export const meta: MetaFunction = () => adminTitle("Customers");

export const loader = (args: LoaderFunctionArgs) => loadAdminList(args, customerFilters, listCustomers);

export default function AdminCustomers() {
  const { customers, filters, page, hasMore, total } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <>
      <h1>Customers</h1>
      <FilterForm values={filters} submit="Search">
        <FilterInput name="q" label="Name, email or phone" type="search" />
        <FilterSelect name="status" label="Account" any="All" options={plainChoices(ACCOUNT_STATES)} />
      </FilterForm>
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
