import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { Timeline } from "~/components/timeline";
import { OrderLinesTable } from "~/components/order-lines";
import { useEffect, type ReactNode } from "react";
import { FormError, SubmitButton, formErrorOf } from "~/components/form";
import { paymentMethodLabel } from "~/domain/payment-methods";
import { formatInstant, formatIsoDate } from "~/domain/jhb-dates";
import { formatRand } from "~/domain/money";
import { CUSTOMER_CANCELLABLE, DELIVERY_STATUS_LABELS, ORDER_STATUS_LABELS, PAYMENT_STATUS_LABELS } from "~/domain/order-status";
import { cancelOrderAsCustomer, getOrderForOwner } from "~/domain/orders.server";
import { noFields } from "~/web/forms/form-values.server";
import { parseSubmission, runSubmission, unknownIntent } from "~/web/forms/submission.server";
import { requireUser } from "~/web/guards.server";
import { withSignedInViewer } from "~/web/viewer.server";
import { readForm } from "~/infra/form.server";
import { foundOr404 } from "~/web/not-found.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Order ${data.order.number} · Little Harvest` : "Order not found · Little Harvest" },
  { name: "robots", content: "noindex" },
  // Works without JavaScript: the page reloads itself until the card payment's verified outcome is in.
  ...(data?.order.status === "awaiting_payment" ? [{ httpEquiv: "refresh", content: "3" }] : []),
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const [, found] = await withSignedInViewer(request, context, (userId) =>
    getOrderForOwner(context.db, userId, params.number ?? ""),
  );
  const order = foundOr404(found);
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
  if (form.get("intent") !== "cancel") return unknownIntent(form);
  return runSubmission(parseSubmission(form, noFields), async () => {
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
  const formError = formErrorOf(useActionData<typeof action>());
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
        <Fact term="Delivery">
          {formatIsoDate(order.deliveryDate)} · {DELIVERY_STATUS_LABELS[order.deliveryStatus]}
        </Fact>
        {a && (
          <Fact term="Deliver to">
            {[a.recipientName, a.line1, a.line2, a.suburb, `${a.city} ${a.postalCode}`].filter(Boolean).join(", ")}
            {a.instructions ? <span className="muted"> · {a.instructions}</span> : null}
          </Fact>
        )}
        <Fact term="Payment">
          {paymentMethodLabel(order.paymentMethod)} · {PAYMENT_STATUS_LABELS[order.paymentStatus]}
        </Fact>
        <Fact term="Placed">{formatInstant(order.createdAt)}</Fact>
        {order.notes && <Fact term="Your notes">{order.notes}</Fact>}
      </dl>

      <h2>Items</h2>
      <OrderLinesTable
        className="order-items"
        lines={order.items}
        heads={["Item", "Qty", "Price", "Total"]}
        describe={(i) => (
          <>
            {i.name}
            {i.portionLabel ? ` (${i.portionLabel})` : ""}
            {i.components && (
              <span className="muted"> — {i.components.map((c) => `${c.quantity} × ${c.productName}`).join(", ")}</span>
            )}
          </>
        )}
      >
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
      </OrderLinesTable>

      <h2>History</h2>
      <Timeline className="order-history" separator=" — " events={order.events} describe={eventText} />

      {cancellable && (
        <Form method="post" className="cancel-order">
          <FormError message={formError} autoFocus={Boolean(formError)} />
          <p className="muted">Changed your mind? You can cancel until we start preparing your meals.</p>
          <SubmitButton intent="cancel" className="button secondary" pendingLabel="Cancelling…">
            Cancel this order
          </SubmitButton>
        </Form>
      )}
      {!cancellable && formError && <FormError message={formError} autoFocus />}
      <p>
        <Link to="/account/orders">All my orders</Link> · <Link to="/shop">Back to the shop</Link>
      </p>
    </section>
  );
}

/** One fact about the order: what it is, then its value. */
function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
