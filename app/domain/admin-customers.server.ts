import { and, asc, count, desc, eq, isNull, sql } from "drizzle-orm";
import type { Clock } from "~/infra/clock.server";
import type { Db } from "~/infra/db/client.server";
import { addresses, children, orders, users } from "~/infra/db/schema";
import { destroyUserSessions } from "~/infra/session.server";
import { recordAudit, type Actor } from "./audit.server";
import { listOrdersForUser } from "./orders.server";
import { conflict, notFound } from "./domain-error";
import { searchIn } from "./list-queries.server";

// Customers in the back office: list and search, a read-only detail page, and disabling / re-enabling an account.

const CUSTOMERS_PAGE_SIZE = 25;

export async function listCustomers(db: Db, filters: { q?: string; status?: "active" | "disabled"; page?: number }) {
  const where = [
    eq(users.role, "customer"),
    isNull(users.deletedAt),
    ...searchIn(filters.q, users.email, users.name, users.phone),
  ];
  if (filters.status === "disabled") where.push(sql`${users.disabledAt} is not null`);
  if (filters.status === "active") where.push(isNull(users.disabledAt));
  const page = Math.max(1, filters.page ?? 1);
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        phone: users.phone,
        disabledAt: users.disabledAt,
        createdAt: users.createdAt,
        // Qualified by hand: an unqualified "id" would bind to orders.id inside the subquery.
        orders: sql<number>`(select count(*)::int from ${orders} where ${orders.userId} = ${users}.id)`,
      })
      .from(users)
      .where(and(...where))
      .orderBy(desc(users.createdAt), desc(users.id))
      .limit(CUSTOMERS_PAGE_SIZE)
      .offset((page - 1) * CUSTOMERS_PAGE_SIZE),
    db
      .select({ total: count() })
      .from(users)
      .where(and(...where)),
  ]);
  return {
    customers: rows.map((r) => ({
      ...r,
      orders: Number(r.orders),
      disabledAt: r.disabledAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
    })),
    page,
    total,
    hasMore: page * CUSTOMERS_PAGE_SIZE < total,
  };
}

export async function getCustomer(db: Db, id: number) {
  const [user] = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      phone: users.phone,
      role: users.role,
      emailVerifiedAt: users.emailVerifiedAt,
      disabledAt: users.disabledAt,
      deletedAt: users.deletedAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(eq(users.id, id));
  if (!user || user.role !== "customer") return null;
  const [orderList, addressList, childList] = await Promise.all([
    listOrdersForUser(db, id),
    db.select().from(addresses).where(eq(addresses.userId, id)).orderBy(desc(addresses.isDefault), asc(addresses.id)),
    db.select().from(children).where(eq(children.userId, id)).orderBy(asc(children.dateOfBirth)),
  ]);
  return {
    customer: {
      ...user,
      emailVerifiedAt: user.emailVerifiedAt?.toISOString() ?? null,
      disabledAt: user.disabledAt?.toISOString() ?? null,
      deletedAt: user.deletedAt?.toISOString() ?? null,
      createdAt: user.createdAt.toISOString(),
    },
    orders: orderList.map((o) => ({ ...o, createdAt: o.createdAt.toISOString() })),
    addresses: addressList.map(({ createdAt: _c, ...a }) => a),
    children: childList.map(({ createdAt: _c, updatedAt: _u, ...c }) => c),
  };
}

/** Disabling signs the customer out everywhere (their sessions are deleted) and stops them signing in again. */
export async function setCustomerDisabled(
  { db, clock }: { db: Db; clock: Clock },
  actor: Actor,
  userId: number,
  disabled: boolean,
): Promise<{ sessionsEnded: number }> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ role: users.role, disabledAt: users.disabledAt })
      .from(users)
      .where(eq(users.id, userId))
      .for("update");
    if (!before) throw notFound("That customer does not exist.");
    if (before.role !== "customer") throw conflict("Only customer accounts can be disabled here.");
    if ((before.disabledAt !== null) === disabled) return { sessionsEnded: 0 };
    const disabledAt = disabled ? clock.now() : null;
    await tx.update(users).set({ disabledAt, updatedAt: clock.now() }).where(eq(users.id, userId));
    const sessionsEnded = disabled ? await destroyUserSessions(tx as unknown as Db, userId) : 0;
    await recordAudit(tx, {
      actor,
      action: disabled ? "customer.disable" : "customer.enable",
      entityType: "customer",
      entityId: userId,
      before: { disabledAt: before.disabledAt?.toISOString() ?? null },
      after: { disabledAt: disabledAt?.toISOString() ?? null, sessionsEnded },
    });
    return { sessionsEnded };
  });
}
