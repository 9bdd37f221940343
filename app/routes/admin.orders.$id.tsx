import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Timeline } from "~/components/timeline";
import { OrderLinesTable } from "~/components/order-lines";
import { ScrollBox, StatusBadge, AdminHeading, BackLink } from "~/components/admin/admin-ui";
import { AdminInput } from "~/components/admin/catalog-fields";
import { FormError, Notice, formProps, replyErrors, replyFor, useOutcome, useSubmissionForm } from "~/components/form";
import { getAdminOrder, performOrderAction, performRefund } from "~/domain/admin-orders.server";
import { ORDER_ACTIONS } from "~/domain/order-actions";
import { formatInstant, formatIsoDate } from "~/domain/jhb-dates";
import { formatRand } from "~/domain/money";
import { ORDER_STATUS_LABELS } from "~/domain/order-status";
import { paymentMethodLabel } from "~/domain/payment-methods";
import { adminRecordAction, loadAdminRecord } from "~/web/admin-pages.server";
import { redirect303 } from "~/web/admin-forms.server";
import { orderActionSchema, refundActionSchema } from "~/web/forms/admin-orders.server";
import { parseSubmission, runSubmission } from "~/web/forms/submission.server";
import { readForm } from "~/infra/form.server";
import { ownValue } from "~/domain/own-value";
import { adminTitle } from "~/components/admin/admin-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => adminTitle(data?.order.number ?? "Order");

export const loader = (args: LoaderFunctionArgs) =>
  loadAdminRecord(args, "Order not found", async (db, id) => {
    const found = await getAdminOrder(db, id);
    return found && { ...found, refundKey: crypto.randomUUID() };
  });

export async function action(args: ActionFunctionArgs) {
  const { request, context } = args;
  const { admin, id: orderId } = await adminRecordAction(args, "Order not found");
  const form = await readForm(request);
  const done = (what: string) => redirect303(`/admin/orders/${orderId}`, new URLSearchParams({ done: what }));
  if (form.get("intent") === "refund") {
    return runSubmission(parseSubmission(form, refundActionSchema), async (refund) => {
      await performRefund(context, admin, orderId, refund);
      return done("refund");
    });
  }
  return runSubmission(parseSubmission(form, orderActionSchema), async (input) => {
    await performOrderAction(context, admin, orderId, input);
    return done(input.action);
  });
}

const DONE: Record<string, string> = {
  confirm: "Order confirmed.",
  prepare: "The kitchen is preparing this order.",
  dispatch: "Out for delivery — the customer has been emailed.",
  deliver: "Marked delivered.",
  cancel: "Order cancelled: stock returned and the customer emailed (a card payment is refunded).",
  "mark-paid": "Payment recorded — the customer has been emailed.",
  refund: "Refunded through Peach Payments.",
};

export default function AdminOrder() {
  const { order, customer, actions, payment, emails, refundKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = replyErrors(actionData);
  const cancelForm = useSubmissionForm(replyFor(actionData, "cancel", "action"), { id: "cancel-order" });
  const refundForm = useSubmissionForm(replyFor(actionData, "refund"), { id: "refund" });
  const navigation = useNavigation();
  const done = useOutcome("done");
  const busyAction = navigation.state === "submitting" ? String(navigation.formData?.get("action") ?? "") : null;
  const forward = actions.filter((a) => a !== "cancel");
  const address = order.address;
  return (
    <>
      <BackLink to="/admin/orders" label="Orders" />
      <AdminHeading title={`Order ${order.number}`}>
        <StatusBadge kind="order" status={order.status} />
      </AdminHeading>
      {emails.confirmationBounced && (
        <p className="warning email-bounced-flag" role="note">
          <strong>Call the parent: their email bounced.</strong> The order confirmation did not reach{" "}
          {customer?.email ?? order.email ?? "them"}. Phone {customer?.phone ?? order.address?.phone ?? "them"} to confirm the
          order and their email address.
        </p>
      )}
      {done && !actionData && <Notice>{ownValue(DONE, done) ?? "Done."}</Notice>}
      <FormError message={errors.form ?? errors.action ?? errors.version} />

      <section className="order-actions" aria-label="Actions">
        {forward.map((a) => (
          <Form method="post" key={a}>
            <input type="hidden" name="version" value={order.version} />
            <button type="submit" name="action" value={a} className="button" disabled={busyAction !== null}>
              {busyAction === a ? "Working…" : ORDER_ACTIONS[a].label}
            </button>
          </Form>
        ))}
        {actions.includes("cancel") && (
          <Form method="post" className="cancel-form" {...formProps(cancelForm.form)}>
            <input type="hidden" name="version" value={order.version} />
            <AdminInput meta={cancelForm.fields.reason} label="Reason for cancelling (sent to the customer)" maxLength={300} />
            <button type="submit" name="action" value="cancel" className="button danger" disabled={busyAction !== null}>
              {busyAction === "cancel" ? "Cancelling…" : "Cancel order"}
            </button>
          </Form>
        )}
        {actions.length === 0 && (
          <p className="muted">Nothing left to do: this order is {ORDER_STATUS_LABELS[order.status].toLowerCase()}.</p>
        )}
      </section>

      <div className="admin-columns">
        <section>
          <h2>Summary</h2>
          <dl className="facts">
            <dt>Placed</dt>
            <dd>{formatInstant(order.createdAt)}</dd>
            <dt>Delivery date</dt>
            <dd>{formatIsoDate(order.deliveryDate)}</dd>
            <dt>Delivery</dt>
            <dd>
              <StatusBadge kind="delivery" status={order.deliveryStatus} />
            </dd>
            <dt>Payment</dt>
            <dd>
              <StatusBadge kind="payment" status={order.paymentStatus} /> {paymentMethodLabel(order.paymentMethod)}
            </dd>
            {order.cancelReason && (
              <>
                <dt>Cancel reason</dt>
                <dd>{order.cancelReason}</dd>
              </>
            )}
          </dl>
        </section>
        <section>
          <h2>Customer</h2>
          {customer ? (
            <p>
              <Link to={`/admin/customers/${customer.id}`}>{customer.name || customer.email}</Link>
              <br />
              {customer.email}
              {customer.phone && (
                <>
                  <br />
                  {customer.phone}
                </>
              )}
            </p>
          ) : (
            <p>{order.email ?? "Guest / erased account"}</p>
          )}
          <h3>Deliver to</h3>
          {address ? (
            <address>
              {address.recipientName} · {address.phone}
              <br />
              {address.line1}
              {address.line2 && (
                <>
                  <br />
                  {address.line2}
                </>
              )}
              <br />
              {address.suburb}, {address.city} {address.postalCode}
              {address.instructions && (
                <>
                  <br />
                  <em>{address.instructions}</em>
                </>
              )}
            </address>
          ) : (
            <p className="muted">No address on this order.</p>
          )}
          {order.notes && (
            <>
              <h3>Notes</h3>
              <p>{order.notes}</p>
            </>
          )}
        </section>
      </div>

      <h2>Items</h2>
      <ScrollBox label="Items">
        <OrderLinesTable
          lines={order.items}
          heads={["Item", "Qty", "Unit", "Total"]}
          describe={(i) => (
            <>
              {i.name}
              {i.portionLabel ? ` · ${i.portionLabel}` : ""}
              {i.components && (
                <ul className="components">
                  {i.components.map((c) => (
                    <li key={c.variantId}>
                      {c.quantity} × {c.productName} {c.portionLabel}
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        >
          <tr>
            <td colSpan={3}>Subtotal</td>
            <td>{formatRand(order.subtotalCents)}</td>
          </tr>
          <tr>
            <td colSpan={3}>Delivery</td>
            <td>{formatRand(order.deliveryFeeCents)}</td>
          </tr>
          <tr>
            <th colSpan={3}>Total</th>
            <th>{formatRand(order.totalCents)}</th>
          </tr>
        </OrderLinesTable>
      </ScrollBox>

      {payment && (
        <section aria-labelledby="card-payment">
          <h2 id="card-payment">Card payment</h2>
          {payment.payment && (
            <p>
              <StatusBadge kind="payment" status={payment.payment.status} />
              {payment.payment.refundedCents > 0 && (
                <span data-testid="refunded"> · Refunded {formatRand(payment.payment.refundedCents)}</span>
              )}
              {payment.payment.mismatch && <strong className="form-error"> · Mismatch: {payment.payment.mismatch}</strong>}
            </p>
          )}
          {payment.payment?.status === "paid" && (
            <Form method="post" className="refund-form" {...formProps(refundForm.form)}>
              <input type="hidden" name="intent" value="refund" />
              <input type="hidden" name="refundKey" value={refundKey} />
              <AdminInput meta={refundForm.fields.amount} label="Refund part of the payment (rand)" inputMode="decimal" />
              <button type="submit" className="button secondary" disabled={busyAction !== null}>
                Refund
              </button>
            </Form>
          )}
          <Timeline
            testId="payment-timeline"
            events={payment.events}
            describe={(e) => (
              <>
                {e.type.replace(/[_:]/g, " ")}
                {e.detail && <span className="muted"> — {e.detail}</span>}
              </>
            )}
          />
        </section>
      )}

      <h2>Emails</h2>
      {emails.emails.length === 0 ? (
        <p className="muted">No emails about this order.</p>
      ) : (
        <ul className="plain order-emails">
          {emails.emails.map((e) => (
            <li key={e.id}>
              <Link to={`/admin/emails?order=${encodeURIComponent(order.number)}`}>{e.template}</Link>{" "}
              {e.deliveryState ? (
                <StatusBadge kind="email" status={e.deliveryState} />
              ) : (
                <StatusBadge kind="outbox" status={e.status} />
              )}
              {e.deliveryStateAt && <span className="muted"> {e.deliveryStateAt}</span>}
              {e.bounceReason && <span className="muted"> — {e.bounceReason}</span>}
            </li>
          ))}
        </ul>
      )}

      <h2>History</h2>
      <Timeline
        events={order.events}
        describe={(e) => (
          <>
            <strong>{e.actor}</strong> · {e.type.replace(/_/g, " ")}
            {e.fromValue ? `: ${e.fromValue.replace(/_/g, " ")} → ` : ": "}
            {e.toValue?.replace(/_/g, " ")}
            {e.note && <span className="muted"> — {e.note}</span>}
          </>
        )}
      />
    </>
  );
}
