import { and, asc, count, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "~/infra/db/client.server";
import { orders, users } from "~/infra/db/schema";
import { getOrderEmails } from "./order-emails.server";
import { ORDER_ACTIONS, type OrderAction } from "./order-actions";
import { recordAudit, type Actor } from "./audit.server";
import { paymentTimeline } from "./payment-jobs.server";
import { refundPart, type RefundDeps } from "./payment-refunds.server";
import { conflict, notFound } from "./domain-error";
import { ORDER_TRANSITIONS, PAYMENT_TRANSITIONS, type OrderStatus, type PaymentStatus } from "./order-status";
import type { PaymentMethod } from "./payment-methods";
import { getOrderById, transitionOrder, type OrderDeps, type TransitionInput } from "./orders.server";
import { equalToEach, searchIn } from "./list-queries.server";

// The back office's view of orders: filtered lists and the actions an order's transition tables allow right now.
// Every move goes through transitionOrder (orders.server.ts), with the version the admin saw, plus an audit row.

/** Named as the orders page's query string names them, so the page passes its parsed query straight through. */
export type AdminOrderFilters = {
  status?: OrderStatus;
  /** The delivery date (YYYY-MM-DD). */
  date?: string;
  payment?: PaymentMethod;
  q?: string;
  page?: number;
};

const ORDERS_PAGE_SIZE = 25;

export async function listAdminOrders(db: Db, filters: AdminOrderFilters) {
  const where = [
    ...equalToEach([
      [orders.status, filters.status],
      [orders.deliveryDate, filters.date],
      [orders.paymentMethod, filters.payment],
    ]),
    ...searchIn(filters.q, orders.number, orders.email),
  ];
  const page = Math.max(1, filters.page ?? 1);
  const condition = where.length ? and(...where) : undefined;
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: orders.id,
        number: orders.number,
        email: orders.email,
        status: orders.status,
        paymentStatus: orders.paymentStatus,
        paymentMethod: orders.paymentMethod,
        deliveryDate: orders.deliveryDate,
        totalCents: orders.totalCents,
        createdAt: orders.createdAt,
        recipient: orders.address,
      })
      .from(orders)
      .where(condition)
      .orderBy(desc(orders.createdAt), desc(orders.id))
      .limit(ORDERS_PAGE_SIZE)
      .offset((page - 1) * ORDERS_PAGE_SIZE),
    db.select({ total: count() }).from(orders).where(condition),
  ]);
  return {
    orders: rows.map(({ recipient, ...r }) => ({
      ...r,
      recipientName: recipient?.recipientName ?? null,
      createdAt: r.createdAt.toISOString(),
    })),
    page,
    total,
    hasMore: page * ORDERS_PAGE_SIZE < total,
  };
}

export const ORDER_ACTION_NAMES = Object.keys(ORDER_ACTIONS) as OrderAction[];

/** The actions the transition tables allow for an order in this state (cash-on-delivery payments only for mark-paid). */
function allowedActions(order: { status: OrderStatus; paymentStatus: PaymentStatus; paymentMethod: string }): OrderAction[] {
  return ORDER_ACTION_NAMES.filter((name) => {
    const a = ORDER_ACTIONS[name];
    if (a.kind === "status") return ORDER_TRANSITIONS[order.status].includes(a.to);
    return (
      order.paymentMethod === "cash_on_delivery" &&
      order.status !== "cancelled" &&
      PAYMENT_TRANSITIONS[order.paymentStatus].includes(a.to)
    );
  });
}

export async function getAdminOrder(db: Db, id: number) {
  const order = await getOrderById(db, id);
  if (!order) return null;
  const actorIds = [...new Set(order.events.map((e) => e.actorUserId).filter((v): v is number => v !== null))];
  const [customer] = order.userId
    ? await db
        .select({ id: users.id, name: users.name, email: users.email, phone: users.phone })
        .from(users)
        .where(eq(users.id, order.userId))
    : [];
  const actors = actorIds.length
    ? await db
        .select({ id: users.id, email: users.email, name: users.name })
        .from(users)
        .where(inArray(users.id, actorIds))
        .orderBy(asc(users.id))
    : [];
  const actorName = new Map(actors.map((a) => [a.id, a.email ?? a.name]));
  const payment = order.paymentMethod === "card" ? await paymentTimeline(db, order.id) : null;
  return {
    payment,
    emails: await getOrderEmails(db, order.number),
    order: {
      ...order,
      createdAt: order.createdAt.toISOString(),
      updatedAt: order.updatedAt.toISOString(),
      events: order.events.map((e) => ({
        ...e,
        createdAt: e.createdAt.toISOString(),
        actor: e.actorUserId && actorName.has(e.actorUserId) ? `${actorName.get(e.actorUserId)}` : e.actorLabel,
      })),
    },
    customer: customer ?? null,
    actions: allowedActions(order),
  };
}

/** An admin's order action as the form's schema (web/forms/admin-orders.server.ts) hands it over. */
export type OrderActionInput = { action: OrderAction; version: number; reason?: string };

/** Applies one admin action with optimistic versioning: illegal moves and stale views throw a conflict (409). */
export async function performOrderAction(
  deps: OrderDeps,
  admin: Actor,
  orderId: number,
  input: OrderActionInput,
): Promise<{ number: string }> {
  const a = ORDER_ACTIONS[input.action];
  const common = {
    orderId,
    expectedVersion: input.version,
    actor: { userId: admin.id, label: `admin:${admin.id}` },
    alsoInTransaction: async (
      tx: Parameters<NonNullable<TransitionInput["alsoInTransaction"]>>[0],
      change: Parameters<NonNullable<TransitionInput["alsoInTransaction"]>>[1],
    ) => {
      await recordAudit(tx, {
        actor: admin,
        action: `order.${input.action}`,
        entityType: "order",
        entityId: orderId,
        before: { number: change.number, ...change.before },
        after: { number: change.number, ...change.after, ...(input.action === "cancel" ? { reason: input.reason } : {}) },
      });
    },
  };
  const transition: TransitionInput =
    a.kind === "status"
      ? { ...common, kind: "status", to: a.to, reason: input.action === "cancel" ? input.reason : undefined }
      : { ...common, kind: "payment", to: a.to, note: "Cash received" };
  if (input.action === "mark-paid") {
    const [row] = await deps.db.select({ method: orders.paymentMethod }).from(orders).where(eq(orders.id, orderId));
    if (!row) throw notFound("That order does not exist.");
    if (row.method !== "cash_on_delivery") throw conflict("Only cash-on-delivery orders are marked paid by hand.");
  }
  const result = await transitionOrder(deps, transition);
  return { number: result.number };
}

/** A part refund: the amount in cents and the form's one-time key (submitting the same form twice is one refund). */
export type RefundActionInput = { amount: number; refundKey: string };

/** Refunds part of a paid card order through the provider, without cancelling it; audited. */
export async function performRefund(deps: RefundDeps, admin: Actor, orderId: number, input: RefundActionInput): Promise<void> {
  const result = await refundPart(deps, {
    orderId,
    amountCents: input.amount,
    requestKey: input.refundKey,
    actorLabel: `admin:${admin.id}`,
  });
  await recordAudit(deps.db, {
    actor: admin,
    action: "order.refund",
    entityType: "order",
    entityId: orderId,
    before: null,
    after: { amountCents: input.amount, result },
  });
  if (result === "failed") throw conflict("Peach declined the refund; see the payment timeline.");
  if (result === "retry_later") throw conflict("Peach could not be reached; the refund is recorded and will be retried.");
}
