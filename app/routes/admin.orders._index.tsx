import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useNavigation, useSubmit } from "@remix-run/react";
import { z } from "zod";
import { AdminTable, Pager, ResultCount, StatusBadge, FilterSelect } from "~/components/admin/admin-ui";
import { listAdminOrders } from "~/domain/admin-orders.server";
import { ORDER_STATUSES, ORDER_STATUS_LABELS } from "~/domain/order-status";
import { PAYMENT_METHOD_CODES, PAYMENT_METHODS, paymentMethodLabel } from "~/domain/payment-methods";
import { formatIsoDate, formatInstant, isIsoDate } from "~/domain/jhb-dates";
import { formatRand } from "~/domain/money";
import { requireAdmin } from "~/web/guards.server";
import { readQuery } from "~/infra/form.server";

export const meta: MetaFunction = () => [{ title: "Orders · Little Harvest back office" }];

const filtersSchema = z.object({
  status: z.enum(ORDER_STATUSES).optional().catch(undefined),
  date: z.string().refine(isIsoDate).optional().catch(undefined),
  payment: z.enum(PAYMENT_METHOD_CODES).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const f = filtersSchema.parse(readQuery(request));
  const result = await listAdminOrders(context.db, {
    status: f.status,
    deliveryDate: f.date,
    paymentMethod: f.payment,
    q: f.q,
    page: f.page,
  });
  return { ...result, filters: f };
}

export default function AdminOrders() {
  const { orders, filters, page, hasMore, total } = useLoaderData<typeof loader>();
  const location = useLocation();
  const navigation = useNavigation();
  const submit = useSubmit();
  const loading = navigation.state === "loading" && navigation.location.pathname === "/admin/orders";
  return (
    <>
      <h1>Orders</h1>
      <Form
        method="get"
        className="admin-filters"
        role="search"
        onChange={(e) => {
          // With JavaScript the list follows the selects at once; the search box waits for Enter / the button.
          if ((e.target as HTMLElement).tagName === "SELECT" || (e.target as HTMLInputElement).type === "date")
            submit(e.currentTarget, { replace: true });
        }}
      >
        <label htmlFor="q">Order number or email</label>
        <input id="q" name="q" type="search" defaultValue={filters.q ?? ""} placeholder="LH-001000 or name@example.com" />
        <FilterSelect
          name="status"
          label="Status"
          value={filters.status}
          any="Any status"
          options={ORDER_STATUSES.map((s) => ({ value: s, label: ORDER_STATUS_LABELS[s] }))}
        />
        <label htmlFor="date">Delivery date</label>
        <input id="date" name="date" type="date" defaultValue={filters.date ?? ""} />
        <FilterSelect
          name="payment"
          label="Payment"
          value={filters.payment}
          any="Any payment method"
          options={PAYMENT_METHODS.map((m) => ({ value: m.code, label: m.label }))}
        />
        <button type="submit" className="button secondary">
          Find orders
        </button>
      </Form>
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
