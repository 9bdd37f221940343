import { and, arrayOverlaps, asc, eq, ilike, min, not, sql } from "drizzle-orm";
import type { Cache } from "~/infra/cache.server";
import type { Db } from "~/infra/db/client.server";
import { ageGroups, packItems, packs, portionSizes, productVariants, products, textures } from "~/infra/db/schema";

export type CatalogFilters = {
  age?: string;
  texture?: string;
  freeFrom?: string[];
  q?: string;
};

export type ProductCard = {
  id: number;
  slug: string;
  name: string;
  description: string;
  imageUrl: string | null;
  ageGroup: { slug: string; label: string };
  texture: { slug: string; label: string };
  contains: string[];
  mayContain: string[];
  fromPriceCents: number | null;
  inStock: boolean;
};

export async function listFacets(db: Db) {
  const [ages, tex] = await Promise.all([
    db.select({ slug: ageGroups.slug, label: ageGroups.label }).from(ageGroups).orderBy(asc(ageGroups.sort)),
    db.select({ slug: textures.slug, label: textures.label }).from(textures).orderBy(asc(textures.sort)),
  ]);
  return { ageGroups: ages, textures: tex };
}

/** Active products matching every given filter; "free from X" excludes both contains-X and may-contain-X. */
export async function listProducts(db: Db, filters: CatalogFilters = {}): Promise<ProductCard[]> {
  const where = [eq(products.active, true)];
  if (filters.age) where.push(eq(ageGroups.slug, filters.age));
  if (filters.texture) where.push(eq(textures.slug, filters.texture));
  if (filters.freeFrom?.length) {
    where.push(not(arrayOverlaps(products.contains, filters.freeFrom)));
    where.push(not(arrayOverlaps(products.mayContain, filters.freeFrom)));
  }
  if (filters.q?.trim()) where.push(ilike(products.name, `%${escapeLike(filters.q.trim())}%`));

  const rows = await db
    .select({
      id: products.id,
      slug: products.slug,
      name: products.name,
      description: products.description,
      imageUrl: products.imageUrl,
      ageSlug: ageGroups.slug,
      ageLabel: ageGroups.label,
      ageSort: ageGroups.sort,
      textureSlug: textures.slug,
      textureLabel: textures.label,
      contains: products.contains,
      mayContain: products.mayContain,
      fromPriceCents: min(productVariants.priceCents),
      stock: sql<number>`coalesce(sum(${productVariants.stock}), 0)::int`,
    })
    .from(products)
    .innerJoin(ageGroups, eq(products.ageGroupId, ageGroups.id))
    .innerJoin(textures, eq(products.textureId, textures.id))
    .leftJoin(productVariants, and(eq(productVariants.productId, products.id), eq(productVariants.active, true)))
    .where(and(...where))
    .groupBy(products.id, ageGroups.id, textures.id)
    .orderBy(asc(ageGroups.sort), asc(products.name));

  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    description: r.description,
    imageUrl: r.imageUrl,
    ageGroup: { slug: r.ageSlug, label: r.ageLabel },
    texture: { slug: r.textureSlug, label: r.textureLabel },
    contains: r.contains,
    mayContain: r.mayContain,
    fromPriceCents: r.fromPriceCents,
    inStock: Number(r.stock) > 0,
  }));
}

export async function listFeaturedProducts(db: Db, limit = 4): Promise<ProductCard[]> {
  const featured = await db
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.featured, true), eq(products.active, true)));
  const ids = new Set(featured.map((f) => f.id));
  return (await listProducts(db)).filter((p) => ids.has(p.id)).slice(0, limit);
}

export type PackCard = {
  id: number;
  slug: string;
  name: string;
  description: string;
  imageUrl: string | null;
  ageGroup: { slug: string; label: string };
  priceCents: number;
  meals: number;
};

export async function listPacks(db: Db): Promise<PackCard[]> {
  const rows = await db
    .select({
      id: packs.id,
      slug: packs.slug,
      name: packs.name,
      description: packs.description,
      imageUrl: packs.imageUrl,
      ageSlug: ageGroups.slug,
      ageLabel: ageGroups.label,
      priceCents: packs.priceCents,
      meals: sql<number>`coalesce(sum(${packItems.quantity}), 0)::int`,
    })
    .from(packs)
    .innerJoin(ageGroups, eq(packs.ageGroupId, ageGroups.id))
    .leftJoin(packItems, eq(packItems.packId, packs.id))
    .where(eq(packs.active, true))
    .groupBy(packs.id, ageGroups.id)
    .orderBy(asc(ageGroups.sort));
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    description: r.description,
    imageUrl: r.imageUrl,
    ageGroup: { slug: r.ageSlug, label: r.ageLabel },
    priceCents: r.priceCents,
    meals: Number(r.meals),
  }));
}

export async function listPortionSizes(db: Db) {
  return db.select().from(portionSizes).orderBy(asc(portionSizes.sort));
}

function escapeLike(s: string) {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Catalog reads take the database and the cache; anything that changes products, packs or stock invalidates "catalog". */
export type CatalogDeps = { db: Db; cache: Cache };

export function getHomePage({ db, cache }: CatalogDeps) {
  return cache.fetch("catalog", "home", async () => {
    const [featured, packList] = await Promise.all([listFeaturedProducts(db), listPacks(db)]);
    return { featured, packs: packList };
  });
}

export function getPacksPage({ db, cache }: CatalogDeps) {
  return cache.fetch("catalog", "packs", async () => ({ packs: await listPacks(db) }));
}

export function getShopPage({ db, cache }: CatalogDeps, filters: CatalogFilters) {
  const normalized = {
    ...filters,
    q: filters.q?.trim().toLowerCase() || undefined,
    freeFrom: [...new Set(filters.freeFrom ?? [])].sort(),
  };
  return cache.fetch("catalog", `shop:${JSON.stringify(normalized)}`, async () => {
    const [productList, facets] = await Promise.all([listProducts(db, normalized), listFacets(db)]);
    const filtered = Boolean(normalized.age || normalized.texture || normalized.q || normalized.freeFrom.length);
    return { products: productList, facets, filters: normalized, filtered };
  });
}
