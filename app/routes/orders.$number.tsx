import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { Instant } from "~/components/instant";
import { ColumnHeads } from "~/components/column-heads";
import { useEffect } from "react";
import { FormError, SubmitButton } from "~/components/form";
import { paymentMethodLabel } from "~/domain/payment-methods";
import { formatInstant, formatIsoDate } from "~/domain/jhb-dates";
import { formatRand } from "~/domain/money";
import { CUSTOMER_CANCELLABLE, DELIVERY_STATUS_LABELS, ORDER_STATUS_LABELS, PAYMENT_STATUS_LABELS } from "~/domain/order-status";
import { cancelOrderAsCustomer, getOrderForOwner } from "~/domain/orders.server";
import { invalidForm, withDomainErrors } from "~/web/domain-errors.server";
import { requireUser } from "~/web/guards.server";
import { withSignedInViewer } from "~/web/viewer.server";
import { readForm } from "~/infra/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Order ${data.order.number} · Little Harvest` : "Order not found · Little Harvest" },
  { name: "robots", content: "noindex" },
  // Works without JavaScript: the page reloads itself until the card payment's verified outcome is in.
  ...(data?.order.status === "awaiting_payment" ? [{ httpEquiv: "refresh", content: "3" }] : []),
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const [, order] = await withSignedInViewer(request, context, (userId) =>
    getOrderForOwner(context.db, userId, params.number ?? ""),
  );
  if (!order) throw new Response("Not found", { status: 404 });
  return {
    order: {
      number: order.number,
      status: order.status,
      paymentStatus: order.paymentStatus,
      deliveryStatus: order.deliveryStatus,
      paymentMethod: order.paymentMethod,
      subtotalCents: order.subtotalCents,
      deliveryFeeCents: order.deliveryFeeCents,
      totalCents: order.totalCents,
      deliveryDate: order.deliveryDate,
      address: order.address,
      notes: order.notes,
      cancelReason: order.cancelReason,
      createdAt: order.createdAt.toISOString(),
      items: order.items.map((i) => ({
        id: i.id,
        name: i.name,
        portionLabel: i.portionLabel,
        quantity: i.quantity,
        unitPriceCents: i.unitPriceCents,
        lineTotalCents: i.lineTotalCents,
        components: i.components,
      })),
      events: order.events.map((e) => ({
        id: e.id,
        type: e.type,
        toValue: e.toValue,
        note: e.note,
        createdAt: e.createdAt.toISOString(),
      })),
    },
    cancellable: CUSTOMER_CANCELLABLE.includes(order.status),
    justPlaced: new URL(request.url).searchParams.get("placed") === "1" && order.status === "placed",
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await readForm(request);
  if (form.get("intent") !== "cancel") return invalidForm({ form: "Unknown action." });
  return withDomainErrors(async () => {
    await cancelOrderAsCustomer(context, user.id, params.number ?? "");
    return redirect(`/orders/${params.number}`, { status: 303 });
  });
}

function eventText(e: { type: string; toValue: string | null; note: string | null }) {
  if (e.type === "status_changed" && e.toValue)
    return ORDER_STATUS_LABELS[e.toValue as keyof typeof ORDER_STATUS_LABELS] ?? e.toValue;
  if (e.type === "payment_changed" && e.toValue)
    return `Payment: ${PAYMENT_STATUS_LABELS[e.toValue as keyof typeof PAYMENT_STATUS_LABELS] ?? e.toValue}`;
  if (e.type === "delivery_changed" && e.toValue)
    return `Delivery: ${DELIVERY_STATUS_LABELS[e.toValue as keyof typeof DELIVERY_STATUS_LABELS] ?? e.toValue}`;
  return e.note ?? e.type;
}

export default function OrderPage() {
  const { order, cancellable, justPlaced } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const awaitingPayment = order.status === "awaiting_payment";
  const a = order.address;
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!awaitingPayment) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 3_000);
    return () => clearInterval(timer);
  }, [awaitingPayment, revalidator]);

  return (
    <section className="page narrow order">
      {justPlaced && <p className="eyebrow">Thank you — your order is in</p>}
      <h1>
        Order <span data-testid="order-number">{order.number}</span>
      </h1>
      <p className={`status status--${order.status}`}>
        <strong>{ORDER_STATUS_LABELS[order.status]}</strong>
        {order.status === "cancelled" && order.cancelReason ? ` — ${order.cancelReason}` : ""}
      </p>
      {awaitingPayment && (
        <div className="notice" role="status" data-testid="payment-processing">
          <p>
            <strong>Payment processing.</strong> We're waiting for Peach Payments to confirm your card payment; this page updates
            by itself. Your meals are held for 35 minutes.
          </p>
          {order.paymentStatus === "unpaid" && (
            <p>
              Didn't finish paying? <Link to={`/orders/${order.number}/pay`}>Pay by card now</Link>
            </p>
          )}
        </div>
      )}
      {justPlaced && (
        <p>
          We've emailed you a confirmation. We'll cook your meals fresh and deliver them on {formatIsoDate(order.deliveryDate)}.
        </p>
      )}

      <dl className="order-facts">
        <div>
          <dt>Delivery</dt>
          <dd>
            {formatIsoDate(order.deliveryDate)} · {DELIVERY_STATUS_LABELS[order.deliveryStatus]}
          </dd>
        </div>
        {a && (
          <div>
            <dt>Deliver to</dt>
            <dd>
              {[a.recipientName, a.line1, a.line2, a.suburb, `${a.city} ${a.postalCode}`].filter(Boolean).join(", ")}
              {a.instructions ? <span className="muted"> · {a.instructions}</span> : null}
            </dd>
          </div>
        )}
        <div>
          <dt>Payment</dt>
          <dd>
            {paymentMethodLabel(order.paymentMethod)} · {PAYMENT_STATUS_LABELS[order.paymentStatus]}
          </dd>
        </div>
        <div>
          <dt>Placed</dt>
          <dd>{formatInstant(order.createdAt)}</dd>
        </div>
        {order.notes && (
          <div>
            <dt>Your notes</dt>
            <dd>{order.notes}</dd>
          </div>
        )}
      </dl>

      <h2>Items</h2>
      <table className="order-items">
        <ColumnHeads names={["Item", "Qty", "Price", "Total"]} />
        <tbody>
          {order.items.map((i) => (
            <tr key={i.id}>
              <td>
                {i.name}
                {i.portionLabel ? ` (${i.portionLabel})` : ""}
                {i.components && (
                  <span className="muted"> — {i.components.map((c) => `${c.quantity} × ${c.productName}`).join(", ")}</span>
                )}
              </td>
              <td>{i.quantity}</td>
              <td>{formatRand(i.unitPriceCents)}</td>
              <td>{formatRand(i.lineTotalCents)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              Subtotal
            </th>
            <td>{formatRand(order.subtotalCents)}</td>
          </tr>
          <tr>
            <th scope="row" colSpan={3}>
              Delivery
            </th>
            <td>{order.deliveryFeeCents === 0 ? "Free" : formatRand(order.deliveryFeeCents)}</td>
          </tr>
          <tr>
            <th scope="row" colSpan={3}>
              Total
            </th>
            <td data-testid="order-total">{formatRand(order.totalCents)}</td>
          </tr>
        </tfoot>
      </table>

      <h2>History</h2>
      <ol className="order-history">
        {order.events.map((e) => (
          <li key={e.id}>
            <Instant at={e.createdAt} /> — {eventText(e)}
          </li>
        ))}
      </ol>

      {cancellable && (
        <Form method="post" className="cancel-order">
          <FormError message={result?.errors.form} autoFocus={Boolean(result?.errors.form)} />
          <p className="muted">Changed your mind? You can cancel until we start preparing your meals.</p>
          <SubmitButton intent="cancel" className="button secondary" pendingLabel="Cancelling…">
            Cancel this order
          </SubmitButton>
        </Form>
      )}
      {!cancellable && result?.errors.form && <FormError message={result.errors.form} autoFocus />}
      <p>
        <Link to="/account/orders">All my orders</Link> · <Link to="/shop">Back to the shop</Link>
      </p>
    </section>
  );
}
