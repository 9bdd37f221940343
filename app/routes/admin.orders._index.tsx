import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { AdminTable, Pager, ResultCount, StatusBadge } from "~/components/admin/admin-ui";
import { FilterForm, FilterInput, FilterSelect } from "~/components/admin/list-filters";
import { listAdminOrders } from "~/domain/admin-orders.server";
import { ORDER_STATUSES, ORDER_STATUS_LABELS } from "~/domain/order-status";
import { PAYMENT_METHODS, paymentMethodLabel } from "~/domain/payment-methods";
import { formatIsoDate, formatInstant } from "~/domain/jhb-dates";
import { formatRand } from "~/domain/money";
import { orderFilters } from "~/web/forms/admin-filters.server";
import { loadAdminList } from "~/web/admin-pages.server";
import { adminTitle } from "~/components/admin/admin-title";

export const meta: MetaFunction = () => adminTitle("Orders");

const STATUS_OPTIONS = ORDER_STATUSES.map((s) => ({ value: s, label: ORDER_STATUS_LABELS[s] }));
const PAYMENT_OPTIONS = PAYMENT_METHODS.map((m) => ({ value: m.code, label: m.label }));

export const loader = (args: LoaderFunctionArgs) => loadAdminList(args, orderFilters, listAdminOrders);

export default function AdminOrders() {
  const { orders, filters, page, hasMore, total } = useLoaderData<typeof loader>();
  const location = useLocation();
  const navigation = useNavigation();
  const loading = navigation.state === "loading" && navigation.location.pathname === "/admin/orders";
  return (
    <>
      <h1>Orders</h1>
      <FilterForm values={filters} submit="Find orders" live>
        <FilterInput name="q" label="Order number or email" type="search" placeholder="LH-001000 or name@example.com" />
        <FilterSelect name="status" label="Status" any="Any status" options={STATUS_OPTIONS} />
        <FilterInput name="date" label="Delivery date" type="date" />
        <FilterSelect name="payment" label="Payment" any="Any payment method" options={PAYMENT_OPTIONS} />
      </FilterForm>
      <section aria-live="polite" aria-busy={loading}>
        <ResultCount count={total} one="order" many="orders" />
        <AdminTable
          label="Orders"
          headers={["Order", "Customer", "Delivery", "Status", "Payment", "Total"]}
          rows={orders}
          empty="No orders match."
          row={(o) => (
            <tr key={o.id}>
              <td>
                <Link to={`/admin/orders/${o.id}`}>{o.number}</Link>
                <br />
                <small className="muted">{formatInstant(o.createdAt)}</small>
              </td>
              <td>
                {o.recipientName ?? "—"}
                <br />
                <small className="muted">{o.email ?? "(erased)"}</small>
              </td>
              <td>{formatIsoDate(o.deliveryDate)}</td>
              <td>
                <StatusBadge kind="order" status={o.status} />
              </td>
              <td>
                <StatusBadge kind="payment" status={o.paymentStatus} />
                <br />
                <small className="muted">{paymentMethodLabel(o.paymentMethod)}</small>
              </td>
              <td>{formatRand(o.totalCents)}</td>
            </tr>
          )}
        />
        <Pager page={page} hasMore={hasMore} search={location.search} />
      </section>
    </>
  );
}
