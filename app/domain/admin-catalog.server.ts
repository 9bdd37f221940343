import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Cache } from "~/infra/cache.server";
import type { Clock } from "~/infra/clock.server";
import type { Db, DbOrTx, Tx } from "~/infra/db/client.server";
import { ageGroups, packItems, packs, portionSizes, productVariants, products, textures } from "~/infra/db/schema";
import { isForeignKeyViolation, isUniqueViolation } from "~/infra/db/pg-errors";
import { isUnreadableImage, type Storage } from "~/infra/storage.server";
import type { AllergenCode } from "./allergens";
import { recordAudit, type Actor } from "./audit.server";
import { invalid, notFound } from "./domain-error";
import { onSale, selectPortions, selectVariants } from "./variant-rows.server";
import { searchIn } from "./list-queries.server";

// The back office's side of the catalogue: products, their variants (price, stock) and packs. Every change is audited
// in the same transaction and invalidates the "catalog" cache, so the shop shows it on the next request.

export type CatalogAdminDeps = { db: Db; cache: Cache; clock: Clock };

// Refusals are DomainErrors: `invalid` with the field to show them beside, `not_found` when the row went away.

// ---------- input (the forms' schemas, web/forms/admin-catalog.server.ts, hand it over typed) ----------

/** A meal's listing: the slug already filled in from the name when left blank. */
export type ProductInput = {
  name: string;
  slug: string;
  description: string;
  ageGroupId: number;
  textureId: number;
  contains: AllergenCode[];
  mayContain: AllergenCode[];
  featured: boolean;
};

/** A pack's listing, price in cents and its meals (variant ids and quantities). */
export type PackInput = {
  name: string;
  slug: string;
  description: string;
  ageGroupId: number;
  price: number;
  items: Array<{ variantId: number; quantity: number }>;
};

// ---------- reads ----------

export async function getCatalogOptions(db: Db) {
  const [ages, tex, portions] = await Promise.all([
    db.select({ id: ageGroups.id, label: ageGroups.label }).from(ageGroups).orderBy(asc(ageGroups.sort)),
    db.select({ id: textures.id, label: textures.label }).from(textures).orderBy(asc(textures.sort)),
    db.select().from(portionSizes).orderBy(asc(portionSizes.sort)),
  ]);
  return { ageGroups: ages, textures: tex, portionSizes: portions };
}

export async function listAdminProducts(db: Db, filters: { q?: string; status?: "active" | "inactive" } = {}) {
  const where = searchIn(filters.q, products.name, products.slug);
  if (filters.status) where.push(eq(products.active, filters.status === "active"));
  const rows = await db
    .select({
      id: products.id,
      slug: products.slug,
      name: products.name,
      active: products.active,
      ageLabel: ageGroups.label,
      textureLabel: textures.label,
      variants: sql<number>`count(${productVariants.id})::int`,
      stock: sql<number>`coalesce(sum(${productVariants.stock}), 0)::int`,
      minPriceCents: sql<number | null>`min(${productVariants.priceCents})`,
    })
    .from(products)
    .innerJoin(ageGroups, eq(ageGroups.id, products.ageGroupId))
    .innerJoin(textures, eq(textures.id, products.textureId))
    .leftJoin(productVariants, eq(productVariants.productId, products.id))
    .where(where.length ? and(...where) : undefined)
    .groupBy(products.id, ageGroups.id, textures.id)
    .orderBy(asc(ageGroups.sort), asc(products.name));
  return rows.map((r) => ({ ...r, minPriceCents: r.minPriceCents === null ? null : Number(r.minPriceCents) }));
}

export async function getAdminProduct(db: Db, id: number) {
  const [product] = await db.select().from(products).where(eq(products.id, id));
  if (!product) return null;
  const variants = await selectPortions(
    db,
    {
      id: productVariants.id,
      portionSizeId: productVariants.portionSizeId,
      portionLabel: portionSizes.label,
      priceCents: productVariants.priceCents,
      stock: productVariants.stock,
      active: productVariants.active,
    },
    eq(productVariants.productId, id),
  );
  return {
    product: { ...product, createdAt: product.createdAt.toISOString(), updatedAt: product.updatedAt.toISOString() },
    variants,
  };
}

/** Every variant, labelled, for composing packs. */
export async function listVariantChoices(db: Db) {
  return selectVariants(db, {
    id: productVariants.id,
    productName: products.name,
    portionLabel: portionSizes.label,
    priceCents: productVariants.priceCents,
    stock: productVariants.stock,
    active: onSale(),
  }).orderBy(asc(products.name), asc(portionSizes.sort));
}

export async function listAdminPacks(db: Db) {
  return db
    .select({
      id: packs.id,
      slug: packs.slug,
      name: packs.name,
      active: packs.active,
      priceCents: packs.priceCents,
      ageLabel: ageGroups.label,
      meals: sql<number>`coalesce(sum(${packItems.quantity}), 0)::int`,
    })
    .from(packs)
    .innerJoin(ageGroups, eq(ageGroups.id, packs.ageGroupId))
    .leftJoin(packItems, eq(packItems.packId, packs.id))
    .groupBy(packs.id, ageGroups.id)
    .orderBy(asc(ageGroups.sort), asc(packs.name));
}

export async function getAdminPack(db: Db, id: number) {
  const [pack] = await db.select().from(packs).where(eq(packs.id, id));
  if (!pack) return null;
  const items = await db
    .select({ variantId: packItems.variantId, quantity: packItems.quantity })
    .from(packItems)
    .where(eq(packItems.packId, id))
    .orderBy(asc(packItems.id));
  return { pack: { ...pack, createdAt: pack.createdAt.toISOString(), updatedAt: pack.updatedAt.toISOString() }, items };
}

// ---------- writes ----------

type ProductRow = typeof products.$inferSelect;

const productSnapshot = (p: ProductRow) => ({
  name: p.name,
  slug: p.slug,
  description: p.description,
  ageGroupId: p.ageGroupId,
  textureId: p.textureId,
  contains: p.contains,
  mayContain: p.mayContain,
  featured: p.featured,
  active: p.active,
  imageUrl: p.imageUrl,
});

async function slugTaken(db: DbOrTx, table: typeof products | typeof packs, slug: string, exceptId?: number) {
  const [row] = await db
    .select({ id: table.id })
    .from(table)
    .where(exceptId ? and(eq(table.slug, slug), ne(table.id, exceptId)) : eq(table.slug, slug))
    .limit(1);
  return Boolean(row);
}

/** Runs one catalogue change in a transaction; when it succeeds, drops the cached catalogue so the shop shows it. */
async function changeCatalog<R>({ db, cache }: CatalogAdminDeps, change: (tx: Tx) => Promise<R>): Promise<R> {
  const result = await db.transaction(change);
  await cache.invalidate("catalog");
  return result;
}

/** Activates or deactivates a product or a pack, audited as `<entity>.activate` / `<entity>.deactivate`. */
async function setActive(
  deps: CatalogAdminDeps,
  actor: Actor,
  target: { table: typeof products | typeof packs; entity: "product" | "pack" },
  id: number,
  active: boolean,
): Promise<void> {
  const { table, entity } = target;
  return changeCatalog(deps, async (tx): Promise<void> => {
    const [before] = await tx.select({ active: table.active }).from(table).where(eq(table.id, id)).for("update");
    if (!before) throw notFound(`That ${entity} no longer exists`);
    if (before.active === active) return;
    await tx.update(table).set({ active, updatedAt: deps.clock.now() }).where(eq(table.id, id));
    await recordAudit(tx, {
      actor,
      action: `${entity}.${active ? "activate" : "deactivate"}`,
      entityType: entity,
      entityId: id,
      before: { active: before.active },
      after: { active },
    });
    return;
  });
}

export type NewImage = { bytes: Uint8Array; ext: string };

/** Stores a checked upload; one that turns out not to decode is a field error on the form, not a 500. */
async function storeImage(storage: Storage, image: NewImage): Promise<string> {
  try {
    return await storage.put("products", image.bytes, image.ext);
  } catch (error) {
    if (isUnreadableImage(error)) throw invalid({ image: error.message });
    throw error;
  }
}

/** Creates (id undefined) or updates a product; a new product gets one variant per portion size at its default price, no stock. */
export async function saveProduct(
  deps: CatalogAdminDeps & { storage: Storage },
  actor: Actor,
  args: { id?: number; input: ProductInput; image?: NewImage; removeImage?: boolean },
): Promise<{ id: number }> {
  const { db, cache, storage } = deps;
  const { input } = args;
  if (await slugTaken(db, products, input.slug, args.id)) throw invalid({ slug: "Another meal already uses this slug" });

  const imageUrl = args.image ? await storeImage(storage, args.image) : undefined;
  let replacedImage: string | null = null;
  try {
    const result = await db.transaction(async (tx): Promise<{ id: number }> => {
      const values = {
        name: input.name,
        slug: input.slug,
        description: input.description,
        ageGroupId: input.ageGroupId,
        textureId: input.textureId,
        contains: input.contains,
        mayContain: input.mayContain,
        featured: input.featured,
      };
      if (args.id === undefined) {
        const [created] = await tx
          .insert(products)
          .values({ ...values, imageUrl: imageUrl ?? null })
          .returning();
        const portions = await tx.select().from(portionSizes).orderBy(asc(portionSizes.sort));
        if (portions.length) {
          await tx
            .insert(productVariants)
            .values(
              portions.map((p) => ({ productId: created.id, portionSizeId: p.id, priceCents: p.defaultPriceCents, stock: 0 })),
            );
        }
        await recordAudit(tx, {
          actor,
          action: "product.create",
          entityType: "product",
          entityId: created.id,
          before: null,
          after: productSnapshot(created),
        });
        return { id: created.id };
      }
      const [before] = await tx.select().from(products).where(eq(products.id, args.id)).for("update");
      if (!before) throw notFound("That product no longer exists");
      const nextImage = imageUrl ?? (args.removeImage ? null : before.imageUrl);
      const [after] = await tx
        .update(products)
        .set({ ...values, imageUrl: nextImage, updatedAt: deps.clock.now() })
        .where(eq(products.id, args.id))
        .returning();
      if (before.imageUrl && before.imageUrl !== nextImage) replacedImage = before.imageUrl;
      await recordAudit(tx, {
        actor,
        action: "product.update",
        entityType: "product",
        entityId: after.id,
        before: productSnapshot(before),
        after: productSnapshot(after),
      });
      return { id: after.id };
    });
    if (replacedImage) await storage.remove(replacedImage);
    await cache.invalidate("catalog");
    return result;
  } catch (error) {
    if (imageUrl) await storage.remove(imageUrl);
    if (isUniqueViolation(error)) throw invalid({ slug: "Another meal already uses this slug" });
    if (isForeignKeyViolation(error)) throw invalid({ ageGroupId: "Choose an age group and texture from the list" });
    throw error;
  }
}

export function setProductActive(deps: CatalogAdminDeps, actor: Actor, id: number, active: boolean): Promise<void> {
  return setActive(deps, actor, { table: products, entity: "product" }, id, active);
}

async function variantOf(tx: DbOrTx, productId: number, variantId: number) {
  const [row] = await tx
    .select()
    .from(productVariants)
    .where(and(eq(productVariants.id, variantId), eq(productVariants.productId, productId)))
    .for("update");
  return row ?? null;
}

export function setVariantPrice(
  deps: CatalogAdminDeps,
  actor: Actor,
  productId: number,
  args: { variantId: number; priceCents: number },
): Promise<void> {
  return setVariantField(deps, actor, { productId, variantId: args.variantId }, "variant.price", "priceCents", args.priceCents);
}

/** Adds (delta > 0) or removes stock with a reason; one conditional UPDATE, so stock never goes below zero. */
export async function adjustStock(
  deps: CatalogAdminDeps,
  actor: Actor,
  productId: number,
  args: { variantId: number; delta: number; reason: string },
): Promise<{ stock: number }> {
  return changeCatalog(deps, async (tx): Promise<{ stock: number }> => {
    const [after] = await tx
      .update(productVariants)
      .set({ stock: sql`${productVariants.stock} + ${args.delta}`, updatedAt: deps.clock.now() })
      .where(
        and(
          eq(productVariants.id, args.variantId),
          eq(productVariants.productId, productId),
          sql`${productVariants.stock} + ${args.delta} >= 0`,
        ),
      )
      .returning({ id: productVariants.id, stock: productVariants.stock });
    if (!after) {
      const [current] = await tx
        .select({ stock: productVariants.stock })
        .from(productVariants)
        .where(and(eq(productVariants.id, args.variantId), eq(productVariants.productId, productId)));
      if (!current) throw notFound("That variant no longer exists");
      throw invalid({ delta: `Stock cannot go below zero: only ${current.stock} in stock` });
    }
    await recordAudit(tx, {
      actor,
      action: "variant.stock_adjust",
      entityType: "variant",
      entityId: after.id,
      before: { productId, stock: after.stock - args.delta },
      after: { productId, stock: after.stock, delta: args.delta, reason: args.reason },
    });
    return { stock: after.stock };
  });
}

export function setVariantActive(
  deps: CatalogAdminDeps,
  actor: Actor,
  productId: number,
  args: { variantId: number; active: boolean },
): Promise<void> {
  const action = args.active ? "variant.activate" : "variant.deactivate";
  return setVariantField(deps, actor, { productId, variantId: args.variantId }, action, "active", args.active);
}

/**
 * Sets one field of a variant (its price, whether it is sold) and audits the old and new value under `action`;
 * setting the value it already has changes nothing and records nothing.
 */
async function setVariantField<K extends "priceCents" | "active">(
  deps: CatalogAdminDeps,
  actor: Actor,
  { productId, variantId }: { productId: number; variantId: number },
  action: string,
  field: K,
  value: (typeof productVariants.$inferSelect)[K],
): Promise<void> {
  return changeCatalog(deps, async (tx): Promise<void> => {
    const before = await variantOf(tx, productId, variantId);
    if (!before) throw notFound("That variant no longer exists");
    if (before[field] === value) return;
    await tx
      .update(productVariants)
      .set({ [field]: value, updatedAt: deps.clock.now() })
      .where(eq(productVariants.id, before.id));
    await recordAudit(tx, {
      actor,
      action,
      entityType: "variant",
      entityId: before.id,
      before: { productId, [field]: before[field] },
      after: { productId, [field]: value },
    });
  });
}

export async function addVariant(
  deps: CatalogAdminDeps,
  actor: Actor,
  productId: number,
  args: { portionSizeId: number; priceCents: number },
): Promise<void> {
  try {
    return await changeCatalog(deps, async (tx): Promise<void> => {
      const [product] = await tx.select({ id: products.id }).from(products).where(eq(products.id, productId));
      if (!product) throw notFound("That product no longer exists");
      const [created] = await tx
        .insert(productVariants)
        .values({ productId, portionSizeId: args.portionSizeId, priceCents: args.priceCents, stock: 0 })
        .returning();
      await recordAudit(tx, {
        actor,
        action: "variant.create",
        entityType: "variant",
        entityId: created.id,
        before: null,
        after: { productId, portionSizeId: created.portionSizeId, priceCents: created.priceCents, stock: 0 },
      });
      return;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw invalid({ portionSizeId: "This meal already comes in that portion" });
    if (isForeignKeyViolation(error)) throw invalid({ portionSizeId: "Choose a portion size from the list" });
    throw error;
  }
}

type PackRow = typeof packs.$inferSelect;
const packSnapshot = (p: PackRow, items: { variantId: number; quantity: number }[]) => ({
  name: p.name,
  slug: p.slug,
  description: p.description,
  ageGroupId: p.ageGroupId,
  priceCents: p.priceCents,
  active: p.active,
  items: [...items].sort((a, b) => a.variantId - b.variantId),
});

export async function savePack(
  deps: CatalogAdminDeps,
  actor: Actor,
  args: { id?: number; input: PackInput },
): Promise<{ id: number }> {
  const { db } = deps;
  const { input } = args;
  if (await slugTaken(db, packs, input.slug, args.id)) throw invalid({ slug: "Another pack already uses this slug" });
  const variantIds = input.items.map((i) => i.variantId);
  const known = await db.select({ id: productVariants.id }).from(productVariants).where(inArray(productVariants.id, variantIds));
  if (known.length !== new Set(variantIds).size) throw invalid({ items: "One of the chosen meals no longer exists" });
  const items = input.items.map((i) => ({ variantId: i.variantId, quantity: i.quantity }));
  try {
    return await changeCatalog(deps, async (tx): Promise<{ id: number }> => {
      const audit = (action: string, entityId: number, before: unknown, after: unknown) =>
        recordAudit(tx, { actor, action, entityType: "pack", entityId, before, after });
      const values = {
        name: input.name,
        slug: input.slug,
        description: input.description,
        ageGroupId: input.ageGroupId,
        priceCents: input.price,
      };
      if (args.id === undefined) {
        const [created] = await tx.insert(packs).values(values).returning();
        await tx.insert(packItems).values(items.map((i) => ({ ...i, packId: created.id })));
        await audit("pack.create", created.id, null, packSnapshot(created, items));
        return { id: created.id };
      }
      const [before] = await tx.select().from(packs).where(eq(packs.id, args.id)).for("update");
      if (!before) throw notFound("That pack no longer exists");
      const beforeItems = await tx
        .select({ variantId: packItems.variantId, quantity: packItems.quantity })
        .from(packItems)
        .where(eq(packItems.packId, before.id));
      const [after] = await tx
        .update(packs)
        .set({ ...values, updatedAt: deps.clock.now() })
        .where(eq(packs.id, before.id))
        .returning();
      await tx.delete(packItems).where(eq(packItems.packId, before.id));
      await tx.insert(packItems).values(items.map((i) => ({ ...i, packId: before.id })));
      await audit("pack.update", before.id, packSnapshot(before, beforeItems), packSnapshot(after, items));
      return { id: before.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw invalid({ slug: "Another pack already uses this slug" });
    if (isForeignKeyViolation(error)) throw invalid({ ageGroupId: "Choose an age group from the list" });
    throw error;
  }
}

export function setPackActive(deps: CatalogAdminDeps, actor: Actor, id: number, active: boolean): Promise<void> {
  return setActive(deps, actor, { table: packs, entity: "pack" }, id, active);
}
