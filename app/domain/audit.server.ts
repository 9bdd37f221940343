import { and, desc, eq, gte, inArray, lt } from "drizzle-orm";
import type { Db, DbOrTx } from "~/infra/db/client.server";
import { auditLog, emailOutbox, orders, packs, portionSizes, products, productVariants, users } from "~/infra/db/schema";
import { describeAudit } from "./audit-words";
import { addDays } from "./jhb-dates";
import { selectVariants } from "./variant-rows.server";
import { equalToEach } from "./list-queries.server";

/** Who made an admin change; a signed-in SessionUser fits. */
export type Actor = { id: number; email: string };

export type AuditEntry = {
  actor: Actor;
  /** e.g. "product.update", "variant.stock_adjust", "settings.update", "customer.disable", "order.transition" */
  action: string;
  entityType: string;
  entityId: string | number | null;
  before?: unknown;
  after?: unknown;
};

/**
 * One audit_log row. Pass the transaction that makes the change, so the row exists if and only if the change does.
 */
export async function recordAudit(tx: DbOrTx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorUserId: entry.actor.id,
    actorLabel: entry.actor.email,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId === null ? null : String(entry.entityId),
    before: toJson(entry.before),
    after: toJson(entry.after),
  });
}

/** Dates and other non-JSON values become plain JSON before they are stored. */
function toJson(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value));
}

/** Named as the audit page's query string names them, so the page passes its parsed query straight through. */
export type AuditFilters = {
  /** The changed row's entity type ("product", "order" …) and id. */
  entity?: string;
  entityId?: string;
  /** The admin's user id. */
  actor?: number;
  /** Calendar dates (Johannesburg), inclusive. */
  from?: string;
  to?: string;
  page?: number;
};

const AUDIT_PAGE_SIZE = 50;

export async function listAudit(db: Db, filters: AuditFilters) {
  const where = equalToEach([
    [auditLog.entityType, filters.entity],
    [auditLog.entityId, filters.entityId],
    [auditLog.actorUserId, filters.actor],
  ]);
  // Johannesburg is UTC+2 all year: a calendar day starts at 22:00 UTC the day before.
  if (filters.from) where.push(gte(auditLog.createdAt, new Date(`${filters.from}T00:00:00+02:00`)));
  if (filters.to) where.push(lt(auditLog.createdAt, new Date(`${addDays(filters.to, 1)}T00:00:00+02:00`)));
  const page = Math.max(1, filters.page ?? 1);
  const rows = await db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1)
    .offset((page - 1) * AUDIT_PAGE_SIZE);
  const [entityTypes, actors] = await Promise.all([
    db.selectDistinct({ entityType: auditLog.entityType }).from(auditLog).orderBy(auditLog.entityType),
    db.select({ id: users.id, email: users.email }).from(users).where(eq(users.role, "admin")).orderBy(users.email),
  ]);
  const shown = rows.slice(0, AUDIT_PAGE_SIZE);
  const subjects = await auditSubjects(db, shown);
  return {
    entries: shown.map((r) => {
      const subject =
        subjects.get(`${r.entityType}:${r.entityId}`) ?? `${r.entityType.replace(/_/g, " ")} ${r.entityId ?? ""}`.trim();
      return {
        id: r.id,
        actorLabel: r.actorLabel,
        createdAt: r.createdAt.toISOString(),
        sentences: describeAudit({ ...r, subject }),
      };
    }),
    hasMore: rows.length > AUDIT_PAGE_SIZE,
    page,
    entityTypes: entityTypes.map((e) => e.entityType),
    actors: actors.map((a) => ({ id: a.id, email: a.email ?? `user ${a.id}` })),
  };
}

type AuditRow = { entityType: string; entityId: string | null };

/** What each entry is about, in words: "Cottage Pie 130 g", "order LH-001000", "store settings". Keyed type:id. */
async function auditSubjects(db: Db, rows: AuditRow[]): Promise<Map<string, string>> {
  const ids = (type: string) => [
    ...new Set(
      rows.filter((r) => r.entityType === type && r.entityId && /^\d+$/.test(r.entityId)).map((r) => Number(r.entityId)),
    ),
  ];
  const lookup = async <T extends { id: number }>(
    type: string,
    query: (list: number[]) => Promise<T[]>,
    name: (row: T) => string,
  ) => {
    const list = ids(type);
    return list.length ? (await query(list)).map((row) => [`${type}:${row.id}`, name(row)] as const) : [];
  };
  const pairs = await Promise.all([
    lookup(
      "variant",
      (list) =>
        selectVariants(db, { id: productVariants.id, product: products.name, portion: portionSizes.label }).where(
          inArray(productVariants.id, list),
        ),
      (r) => `${r.product} ${r.portion}`,
    ),
    lookup(
      "product",
      (list) => db.select({ id: products.id, name: products.name }).from(products).where(inArray(products.id, list)),
      (r) => r.name,
    ),
    lookup(
      "pack",
      (list) => db.select({ id: packs.id, name: packs.name }).from(packs).where(inArray(packs.id, list)),
      (r) => `pack ${r.name}`,
    ),
    lookup(
      "order",
      (list) => db.select({ id: orders.id, number: orders.number }).from(orders).where(inArray(orders.id, list)),
      (r) => `order ${r.number}`,
    ),
    lookup(
      "customer",
      (list) => db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, list)),
      (r) => r.email ?? `account ${r.id}`,
    ),
    lookup(
      "email_outbox",
      (list) =>
        db.select({ id: emailOutbox.id, template: emailOutbox.template }).from(emailOutbox).where(inArray(emailOutbox.id, list)),
      (r) => `the ${r.template.replace(/-/g, " ")} email #${r.id}`,
    ),
  ]);
  return new Map([["settings:1", "store settings"], ...pairs.flat()]);
}
