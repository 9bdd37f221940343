import { and, asc, count, desc, eq, gte, lte, notInArray, sql } from "drizzle-orm";
import type { Cache } from "~/infra/cache.server";
import type { Clock } from "~/infra/clock.server";
import type { Db } from "~/infra/db/client.server";
import { emailOutbox, orders, portionSizes, productVariants, products } from "~/infra/db/schema";
import { LOW_STOCK_THRESHOLD } from "./low-stock";
import { nextKitchenDeliveryDate } from "./delivery";
import { addDays, johannesburgDate } from "./jhb-dates";
import { listBouncedConfirmations } from "./order-emails.server";
import { getSettings } from "./settings.server";
import { selectVariants } from "./variant-rows.server";

// Cancelled orders, and card orders whose payment is not verified yet, are neither revenue nor deliveries.
const NOT_SOLD: ("cancelled" | "awaiting_payment")[] = ["cancelled", "awaiting_payment"];

// The back office's front page: today's orders, revenue, orders by status, low stock, the next delivery day, the outbox,
// and open orders whose confirmation email bounced (staff phone those parents).

/** A day's revenue from orders placed that day (Johannesburg), cancelled orders left out. */
export type RevenueDay = { date: string; cents: number; orders: number };

export async function getDashboard({ db, cache, clock }: { db: Db; cache: Cache; clock: Clock }) {
  const now = clock.now();
  const today = johannesburgDate(now);
  const since30 = addDays(today, -29);
  // Johannesburg is UTC+2 all year: a local calendar day starts at 22:00 UTC the day before.
  const start30 = new Date(`${since30}T00:00:00+02:00`);
  const startToday = new Date(`${today}T00:00:00+02:00`);
  const localDay = sql<string>`to_char((${orders.createdAt} at time zone 'UTC') + interval '2 hours', 'YYYY-MM-DD')`;
  const settings = await getSettings({ db, cache });
  const nextDay = nextKitchenDeliveryDate(now, settings.deliveryWeekdays);

  const [todays, revenueRows, statusRows, lowStock, nextDeliveries, outboxRows, oldestPending] = await Promise.all([
    db
      .select({
        id: orders.id,
        number: orders.number,
        status: orders.status,
        totalCents: orders.totalCents,
        createdAt: orders.createdAt,
        email: orders.email,
      })
      .from(orders)
      .where(gte(orders.createdAt, startToday))
      .orderBy(desc(orders.createdAt)),
    db
      .select({
        day: localDay,
        cents: sql<number>`coalesce(sum(${orders.totalCents}), 0)::int`,
        orders: sql<number>`count(*)::int`,
      })
      .from(orders)
      .where(and(gte(orders.createdAt, start30), notInArray(orders.status, NOT_SOLD)))
      .groupBy(localDay),
    db.select({ status: orders.status, n: count() }).from(orders).groupBy(orders.status),
    selectVariants(db, {
      variantId: productVariants.id,
      productId: products.id,
      name: products.name,
      portion: portionSizes.label,
      stock: productVariants.stock,
    })
      .where(and(eq(products.active, true), eq(productVariants.active, true), lte(productVariants.stock, LOW_STOCK_THRESHOLD)))
      .orderBy(asc(productVariants.stock), asc(products.name)),
    db
      .select({ id: orders.id, number: orders.number, status: orders.status, address: orders.address })
      .from(orders)
      .where(and(eq(orders.deliveryDate, nextDay), notInArray(orders.status, NOT_SOLD)))
      .orderBy(asc(orders.id)),
    db.select({ status: emailOutbox.status, n: count() }).from(emailOutbox).groupBy(emailOutbox.status),
    db
      .select({ createdAt: emailOutbox.createdAt })
      .from(emailOutbox)
      .where(eq(emailOutbox.status, "pending"))
      .orderBy(asc(emailOutbox.createdAt))
      .limit(1),
  ]);

  const byDay = new Map(revenueRows.map((r) => [r.day, r]));
  const revenue: RevenueDay[] = Array.from({ length: 30 }, (_, i) => {
    const date = addDays(since30, i);
    const r = byDay.get(date);
    return { date, cents: r ? Number(r.cents) : 0, orders: r ? Number(r.orders) : 0 };
  });
  const sum = (days: RevenueDay[]) => days.reduce((s, d) => s + d.cents, 0);
  const outbox = { pending: 0, sending: 0, sent: 0, failed: 0, suppressed: 0 };
  for (const r of outboxRows) outbox[r.status] = Number(r.n);

  return {
    today,
    todaysOrders: todays.map((o) => ({ ...o, createdAt: o.createdAt.toISOString() })),
    revenue,
    revenue7Cents: sum(revenue.slice(-7)),
    revenue30Cents: sum(revenue),
    ordersByStatus: Object.fromEntries(statusRows.map((r) => [r.status, Number(r.n)])) as Record<string, number>,
    lowStock,
    nextDelivery: {
      date: nextDay,
      orders: nextDeliveries.map((o) => ({
        id: o.id,
        number: o.number,
        status: o.status,
        suburb: o.address?.suburb ?? "",
        postalCode: o.address?.postalCode ?? "",
      })),
    },
    bouncedConfirmations: await listBouncedConfirmations({ db, clock }),
    outbox: { ...outbox, oldestPendingAt: oldestPending[0]?.createdAt.toISOString() ?? null },
  };
}
