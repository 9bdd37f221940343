import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StatusBadge } from "~/components/admin/admin-ui";
import { RevenueChart } from "~/components/admin/revenue-chart";
import { LOW_STOCK_THRESHOLD } from "~/domain/low-stock";
import { getDashboard } from "~/domain/dashboard.server";
import { formatInstant, formatIsoDate } from "~/domain/jhb-dates";
import { formatRand } from "~/domain/money";
import { ORDER_STATUSES } from "~/domain/order-status";
import { requireAdmin } from "~/web/guards.server";
import { adminTitle } from "~/components/admin/admin-title";

export const meta: MetaFunction = () => adminTitle("Dashboard");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  return getDashboard(context);
}

// Card orders awaiting payment are not orders yet for the kitchen; every other status is listed.
const STATUSES = ORDER_STATUSES.filter((s) => s !== "awaiting_payment");

export default function AdminDashboard() {
  const d = useLoaderData<typeof loader>();
  // Cancelled orders are neither counted nor summed; they are named beside the figure.
  const live = d.todaysOrders.filter((o) => o.status !== "cancelled");
  const todayCents = live.reduce((s, o) => s + o.totalCents, 0);
  const cancelledToday = d.todaysOrders.length - live.length;
  return (
    <>
      <h1>Dashboard</h1>
      <div className="stat-grid">
        <section className="stat">
          <h2>Today</h2>
          <p className="stat__value">{live.length}</p>
          <p className="muted">
            {live.length === 1 ? "order" : "orders"} · {formatRand(todayCents)}
            {cancelledToday > 0 && ` · ${cancelledToday} cancelled`}
          </p>
        </section>
        <section className="stat">
          <h2>Last 7 days</h2>
          <p className="stat__value">{formatRand(d.revenue7Cents)}</p>
        </section>
        <section className="stat">
          <h2>Last 30 days</h2>
          <p className="stat__value">{formatRand(d.revenue30Cents)}</p>
        </section>
        <section className="stat">
          <h2>Email outbox</h2>
          <p className={d.outbox.failed > 0 ? "stat__value warn" : "stat__value"}>{d.outbox.failed} failed</p>
          <p className="muted">
            {d.outbox.pending} pending · {d.outbox.sending} sending · {d.outbox.sent} sent
            {d.outbox.suppressed > 0 && ` · ${d.outbox.suppressed} suppressed`}
            {d.outbox.oldestPendingAt && <> · oldest pending {formatInstant(d.outbox.oldestPendingAt)}</>}
          </p>
          <Link to="/admin/emails">Emails</Link>
        </section>
      </div>

      {d.bouncedConfirmations.length > 0 && (
        <section className="warning bounced-confirmations" aria-labelledby="bounced-confirmations">
          <h2 id="bounced-confirmations">Call the parent: their email bounced</h2>
          <p>These orders' confirmation emails did not arrive. Phone the parent to confirm the order and their email address.</p>
          <ul className="plain">
            {d.bouncedConfirmations.map((o) => (
              <li key={o.number}>
                <Link to={`/admin/orders/${o.orderId}`}>{o.number}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}

      <RevenueChart days={d.revenue} />

      <div className="admin-columns">
        <section>
          <h2>Orders by status</h2>
          <ul className="plain">
            {STATUSES.map((s) => (
              <li key={s}>
                <Link to={`/admin/orders?status=${s}`}>
                  <StatusBadge kind="order" status={s} />
                </Link>{" "}
                {d.ordersByStatus[s] ?? 0}
              </li>
            ))}
          </ul>
        </section>
        <section>
          <h2>Next delivery day: {formatIsoDate(d.nextDelivery.date)}</h2>
          <p>
            {d.nextDelivery.orders.length} {d.nextDelivery.orders.length === 1 ? "delivery" : "deliveries"} ·{" "}
            <Link to={`/admin/prep?date=${d.nextDelivery.date}`}>Prep sheet</Link>
          </p>
          <ul className="plain">
            {d.nextDelivery.orders.slice(0, 10).map((o) => (
              <li key={o.id}>
                <Link to={`/admin/orders/${o.id}`}>{o.number}</Link> · {o.suburb} {o.postalCode}{" "}
                <StatusBadge kind="order" status={o.status} />
              </li>
            ))}
          </ul>
        </section>
      </div>

      <div className="admin-columns">
        <section>
          <h2>Today&apos;s orders</h2>
          {d.todaysOrders.length === 0 ? (
            <p className="muted">No orders yet today.</p>
          ) : (
            <ul className="plain">
              {d.todaysOrders.slice(0, 15).map((o) => (
                <li key={o.id}>
                  <Link to={`/admin/orders/${o.id}`}>{o.number}</Link> · {formatRand(o.totalCents)}{" "}
                  <StatusBadge kind="order" status={o.status} />
                </li>
              ))}
            </ul>
          )}
        </section>
        <section>
          <h2>Low on stock (≤ {LOW_STOCK_THRESHOLD})</h2>
          {d.lowStock.length === 0 ? (
            <p className="muted">Everything is well stocked.</p>
          ) : (
            <ul className="plain">
              {d.lowStock.map((v) => (
                <li key={v.variantId}>
                  <Link to={`/admin/products/${v.productId}`}>
                    {v.name} {v.portion}
                  </Link>
                  : <strong>{v.stock}</strong> left
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
