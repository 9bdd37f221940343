// Orders after checkout: owner-scoped reads for the shopper, and the three written transition tables (order status,
// payment status, delivery status) with the one function allowed to move them. An illegal move, or a move based on
// a stale view (orders.version changed under you), is a DomainError "conflict" — a 409, never a silent write.
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Cache } from "~/infra/cache.server";
import type { Clock } from "~/infra/clock.server";
import type { Db, Tx } from "~/infra/db/client.server";
import type { Metrics } from "~/infra/metrics.server";
import type { PaymentProvider } from "~/infra/payments/provider.server";
import { orderEvents, orderItems, orders, payments, productVariants, storeSettings, users } from "~/infra/db/schema";
import { emailOrderItems } from "~/emails/schema";
import type { EmailProps } from "~/emails";
import { conflict, notFound } from "./domain-error";
import { addressLines } from "./address-lines";
import { enqueueEmail } from "./email-outbox.server";
import { issueRefund, recordRefundIntent } from "./payment-refunds.server";
import {
  CUSTOMER_CANCELLABLE,
  DELIVERY_STATUS_LABELS,
  DELIVERY_TRANSITIONS,
  ORDER_STATUS_LABELS,
  ORDER_TRANSITIONS,
  PAYMENT_STATUS_LABELS,
  PAYMENT_TRANSITIONS,
  canTransition,
  type DeliveryStatus,
  type OrderStatus,
  type PaymentStatus,
} from "./order-status";
import { paymentMethodLabel } from "./payment-methods";

const orderNotFound = () => notFound("That order does not exist.");

export type OrderDeps = {
  db: Db;
  cache: Cache;
  clock: Clock;
  config: { appUrl: string };
  log?: Logger;
  metrics?: Metrics;
  /** The card provider: cancelling a paid card order refunds it through this. */
  payments?: PaymentProvider | null;
};

/** Who acted: the shopper ("customer"), an admin ("admin:<id>") or the system. */
type Actor = { userId: number | null; label: string };

// ---------- reads ----------

async function loadOrder(db: Db | Tx, where: ReturnType<typeof eq>) {
  const [order] = await db.select().from(orders).where(where).limit(1);
  if (!order) return null;
  const [items, events] = await Promise.all([
    db.select().from(orderItems).where(eq(orderItems.orderId, order.id)).orderBy(asc(orderItems.id)),
    db.select().from(orderEvents).where(eq(orderEvents.orderId, order.id)).orderBy(asc(orderEvents.id)),
  ]);
  return { ...order, items, events };
}

/** The order with this number if it belongs to `userId`; null otherwise (the route answers 404 either way). */
export async function getOrderForOwner(db: Db, userId: number, number: string) {
  if (!/^LH-\d{6,}$/.test(number)) return null;
  return loadOrder(db, and(eq(orders.number, number), eq(orders.userId, userId))!);
}

/** Any order by id — for the back office, which checks the admin role itself. */
export function getOrderById(db: Db, orderId: number) {
  return loadOrder(db, eq(orders.id, orderId));
}

export async function listOrdersForUser(db: Db, userId: number) {
  const rows = await db
    .select({
      id: orders.id,
      number: orders.number,
      status: orders.status,
      paymentStatus: orders.paymentStatus,
      deliveryDate: orders.deliveryDate,
      totalCents: orders.totalCents,
      createdAt: orders.createdAt,
      // Drizzle leaves ${orders.id} unqualified here, which would bind to order_items.id: name the outer table.
      items: sql<number>`(select coalesce(sum(${orderItems.quantity}), 0)::int from ${orderItems} where ${orderItems.orderId} = ${orders}.id)`,
    })
    .from(orders)
    .where(eq(orders.userId, userId))
    .orderBy(desc(orders.createdAt), desc(orders.id));
  return rows.map((r) => ({ ...r, items: Number(r.items) }));
}

// ---------- changes ----------

export type TransitionInput = {
  orderId: number;
  /** The order version the caller saw; omit only where no stale view is possible. */
  expectedVersion?: number;
  actor: Actor;
  note?: string | null;
  /** Back office (#7): extra writes in the same transaction, e.g. the audit row; `before`/`after` are the three statuses. */
  alsoInTransaction?: (tx: Tx, change: { number: string; before: StatusSnapshot; after: StatusSnapshot }) => Promise<void>;
} & (
  | { kind: "status"; to: OrderStatus; reason?: string | null }
  | { kind: "payment"; to: PaymentStatus }
  | { kind: "delivery"; to: DeliveryStatus }
);

/** Back office (#7): the statuses an audit row records before and after a transition. */
export type StatusSnapshot = {
  status: OrderStatus;
  paymentStatus: PaymentStatus;
  deliveryStatus: DeliveryStatus;
  version: number;
};

const LINKED_DELIVERY: Partial<Record<OrderStatus, DeliveryStatus>> = {
  out_for_delivery: "out_for_delivery",
  delivered: "delivered",
  cancelled: "cancelled",
};

/**
 * Moves one of the order's three statuses along its table, in one transaction with its event row and side effects:
 * cancelling returns the stock (packs to each of their meals) and queues `order-cancellation`; out for delivery
 * queues `order-on-its-way`; paid queues `payment-confirmation`. The UPDATE is conditional on `orders.version`, so
 * of two admins acting on the same view exactly one wins and the other gets a conflict.
 */
export async function transitionOrder(deps: OrderDeps, input: TransitionInput) {
  const now = deps.clock.now();
  const result = await deps.db.transaction(async (tx) => {
    const [order] = await tx.select().from(orders).where(eq(orders.id, input.orderId)).for("update");
    if (!order) throw orderNotFound();
    if (input.expectedVersion !== undefined && order.version !== input.expectedVersion) {
      throw conflict("This order was changed by someone else a moment ago. Reload to see its current state.");
    }

    const set: Partial<typeof orders.$inferInsert> = { updatedAt: now };
    const events: (typeof orderEvents.$inferInsert)[] = [];
    const event = (type: string, from: string, to: string, note?: string | null) =>
      events.push({
        orderId: order.id,
        type,
        fromValue: from,
        toValue: to,
        actorUserId: input.actor.userId,
        actorLabel: input.actor.label,
        note: note ?? null,
        createdAt: now,
      });

    if (input.kind === "status") {
      if (!canTransition(ORDER_TRANSITIONS, order.status, input.to)) {
        throw conflict(
          `An order that is ${ORDER_STATUS_LABELS[order.status].toLowerCase()} cannot be marked ${ORDER_STATUS_LABELS[input.to].toLowerCase()}.`,
        );
      }
      set.status = input.to;
      event(
        "status_changed",
        order.status,
        input.to,
        input.kind === "status" && input.to === "cancelled" ? (input.reason ?? input.note) : input.note,
      );
      const linked = LINKED_DELIVERY[input.to];
      if (linked && linked !== order.deliveryStatus) {
        if (!canTransition(DELIVERY_TRANSITIONS, order.deliveryStatus, linked)) {
          throw conflict(
            `The delivery is ${DELIVERY_STATUS_LABELS[order.deliveryStatus].toLowerCase()}; it cannot become ${DELIVERY_STATUS_LABELS[linked].toLowerCase()}.`,
          );
        }
        set.deliveryStatus = linked;
        event("delivery_changed", order.deliveryStatus, linked);
      }
      if (input.to === "cancelled") set.cancelReason = input.reason?.trim() || input.note?.trim() || "Cancelled";
    } else if (input.kind === "payment") {
      if (!canTransition(PAYMENT_TRANSITIONS, order.paymentStatus, input.to)) {
        throw conflict(
          `A payment that is ${PAYMENT_STATUS_LABELS[order.paymentStatus].toLowerCase()} cannot become ${PAYMENT_STATUS_LABELS[input.to].toLowerCase()}.`,
        );
      }
      if (input.to === "paid" && order.status === "cancelled") throw conflict("A cancelled order cannot be marked paid.");
      set.paymentStatus = input.to;
      event("payment_changed", order.paymentStatus, input.to, input.note);
    } else {
      if (!canTransition(DELIVERY_TRANSITIONS, order.deliveryStatus, input.to)) {
        throw conflict(
          `A delivery that is ${DELIVERY_STATUS_LABELS[order.deliveryStatus].toLowerCase()} cannot become ${DELIVERY_STATUS_LABELS[input.to].toLowerCase()}.`,
        );
      }
      set.deliveryStatus = input.to;
      event("delivery_changed", order.deliveryStatus, input.to, input.note);
    }

    const updated = await tx
      .update(orders)
      .set({ ...set, version: sql`${orders.version} + 1` })
      .where(and(eq(orders.id, order.id), eq(orders.version, order.version)))
      .returning({ version: orders.version });
    if (updated.length === 0)
      throw conflict("This order was changed by someone else a moment ago. Reload to see its current state.");
    await tx.insert(orderEvents).values(events);

    if (input.kind === "payment") {
      await tx.update(payments).set({ status: input.to, updatedAt: now }).where(eq(payments.orderId, order.id));
    }
    const stockChanged = input.kind === "status" && input.to === "cancelled";
    if (stockChanged) await returnStock(tx, order.id, now);
    // A paid card order is refunded: the intent commits with the cancellation, the provider call follows it.
    const refundPaymentId = stockChanged ? await recordRefundIntent(tx, order.id, set.cancelReason ?? "Cancelled") : null;
    await queueEmailFor(tx, deps, order, input, now);
    // Back office (#7): the caller's own writes (audit row) commit or roll back with the transition.
    if (input.alsoInTransaction) {
      const snap = (o: Pick<OrderRow, keyof StatusSnapshot>): StatusSnapshot => ({
        status: o.status,
        paymentStatus: o.paymentStatus,
        deliveryStatus: o.deliveryStatus,
        version: o.version,
      });
      await input.alsoInTransaction(tx, {
        number: order.number,
        before: snap(order),
        after: snap({ ...order, ...set, version: updated[0].version } as OrderRow),
      });
    }
    return { orderId: order.id, number: order.number, version: updated[0].version, stockChanged, refundPaymentId };
  });
  if (result.stockChanged) await deps.cache.invalidate("catalog");
  if (result.refundPaymentId !== null) {
    await issueRefund({ ...deps, payments: deps.payments ?? null }, result.refundPaymentId);
  }
  return result;
}

/** Puts every unit of a cancelled order back: single meals to their variant, packs to each of their meals. */
async function returnStock(tx: Tx, orderId: number, now: Date) {
  const items = await tx.select().from(orderItems).where(eq(orderItems.orderId, orderId));
  const back = new Map<number, number>();
  for (const it of items) {
    if (it.variantId) back.set(it.variantId, (back.get(it.variantId) ?? 0) + it.quantity);
    for (const c of it.components ?? []) back.set(c.variantId, (back.get(c.variantId) ?? 0) + c.quantity * it.quantity);
  }
  for (const [variantId, quantity] of [...back.entries()].sort(([a], [b]) => a - b)) {
    await tx
      .update(productVariants)
      .set({ stock: sql`${productVariants.stock} + ${quantity}`, updatedAt: now })
      .where(eq(productVariants.id, variantId));
  }
}

type OrderRow = typeof orders.$inferSelect;

async function queueEmailFor(tx: Tx, deps: OrderDeps, order: OrderRow, input: TransitionInput, now: Date) {
  const to = order.email;
  if (!to) return; // an erased account keeps its order but gets no mail
  const [user] = order.userId ? await tx.select({ name: users.name }).from(users).where(eq(users.id, order.userId)) : [];
  const name = user?.name?.trim() || order.address?.recipientName || "there";
  const orderUrl = `${deps.config.appUrl}/orders/${order.number}`;
  // Every order email greets the customer and names the order; `once` keys it so a retried transition sends it once.
  const send = <T extends "order-cancellation" | "order-on-its-way" | "payment-confirmation">(
    template: T,
    once: string,
    props: Omit<EmailProps<T>, "name" | "orderNumber">,
  ) =>
    enqueueEmail(tx, {
      template,
      to,
      idempotencyKey: `${template}:${once}`,
      props: { name, orderNumber: order.number, ...props } as EmailProps<T>,
    });
  if (input.kind === "status" && input.to === "cancelled") {
    const items = await tx.select().from(orderItems).where(eq(orderItems.orderId, order.id)).orderBy(asc(orderItems.id));
    await send("order-cancellation", order.number, {
      reason:
        input.reason?.trim() ||
        input.note?.trim() ||
        (input.actor.label === "customer" ? "You cancelled this order." : "Cancelled by Little Harvest."),
      items: emailOrderItems(items),
      refundCents: order.paymentStatus === "paid" ? await stillPaidCents(tx, order.id) : null,
    });
  } else if (input.kind === "status" && input.to === "out_for_delivery" && order.address) {
    const [settings] = await tx.select({ phone: storeSettings.contactPhone }).from(storeSettings).limit(1);
    await send("order-on-its-way", `${order.number}:${order.version}`, {
      deliveryDate: order.deliveryDate,
      deliveryAddressLines: addressLines(order.address),
      contactPhone: settings?.phone ?? "+27 11 555 0142",
    });
  } else if (input.kind === "payment" && input.to === "paid") {
    await send("payment-confirmation", order.number, {
      amountCents: order.totalCents,
      methodLabel: paymentMethodLabel(order.paymentMethod),
      paidAt: now.toISOString(),
      orderUrl,
    });
  }
}

/** What a cancellation gives back: the payment less what was already refunded (part refunds); null when nothing. */
async function stillPaidCents(tx: Tx, orderId: number): Promise<number | null> {
  const [p] = await tx
    .select({ amountCents: payments.amountCents, refundedCents: payments.refundedCents })
    .from(payments)
    .where(eq(payments.orderId, orderId))
    .limit(1);
  const cents = p ? p.amountCents - p.refundedCents : 0;
  return cents > 0 ? cents : null;
}

/** The shopper cancels their own order while it is still placed or confirmed. Someone else's order is "not found". */
export async function cancelOrderAsCustomer(deps: OrderDeps, userId: number, number: string) {
  const order = await getOrderForOwner(deps.db, userId, number);
  if (!order) throw orderNotFound();
  if (!CUSTOMER_CANCELLABLE.includes(order.status)) {
    throw conflict(
      order.status === "cancelled"
        ? "This order is already cancelled."
        : "This order is already being prepared, so it can no longer be cancelled online. Please call us.",
    );
  }
  return transitionOrder(deps, {
    kind: "status",
    orderId: order.id,
    to: "cancelled",
    expectedVersion: order.version,
    actor: { userId, label: "customer" },
    reason: "You cancelled this order.",
  });
}
