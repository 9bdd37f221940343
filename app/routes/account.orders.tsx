import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatInstant, formatIsoDate } from "~/domain/jhb-dates";
import { formatRand } from "~/domain/money";
import { ORDER_STATUS_LABELS } from "~/domain/order-status";
import { listOrdersForUser } from "~/domain/orders.server";
import { withSignedInViewer } from "~/web/viewer.server";
import { countOf } from "~/domain/count-of";
import { AccountPage } from "~/components/account-page";

export const meta: MetaFunction = () => [{ title: "My orders · Little Harvest" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [, orders] = await withSignedInViewer(request, context, (userId) => listOrdersForUser(context.db, userId));
  return { orders: orders.map((o) => ({ ...o, createdAt: o.createdAt.toISOString() })) };
}

export default function MyOrders() {
  const { orders } = useLoaderData<typeof loader>();
  return (
    <AccountPage title="My orders">
      {orders.length === 0 ? (
        <p>
          No orders yet. <Link to="/shop">Find something delicious</Link>.
        </p>
      ) : (
        <ul className="order-list">
          {orders.map((o) => (
            <li key={o.number} className="order-card">
              <h2>
                <Link to={`/orders/${o.number}`}>{o.number}</Link>
              </h2>
              <p>
                <strong>{ORDER_STATUS_LABELS[o.status]}</strong> · {countOf(o.items, "item", "items")} ·{" "}
                {formatRand(o.totalCents)}
              </p>
              <p className="muted">
                Placed {formatInstant(o.createdAt)} · delivery {formatIsoDate(o.deliveryDate)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </AccountPage>
  );
}
