import { and, arrayOverlaps, asc, eq, gte, inArray, lte, min, not, sql } from "drizzle-orm";
import type { Cache } from "~/infra/cache.server";
import type { Db, DbOrTx } from "~/infra/db/client.server";
import { ageGroups, packItems, packs, portionSizes, productVariants, products, textures } from "~/infra/db/schema";
import { onSale, selectPackItems, selectPortions } from "./variant-rows.server";
import { equalToEach, searchIn } from "./list-queries.server";

export type CatalogFilters = {
  age?: string;
  texture?: string;
  freeFrom?: string[];
  q?: string;
  /** Only meals whose age group includes this age (the "shop for <child>" filter). */
  ageMonths?: number;
};

/** What every meal and pack shown in the shop has. */
type ItemBasics = {
  id: number;
  slug: string;
  name: string;
  description: string;
  imageUrl: string | null;
};

export type ProductCard = ItemBasics & {
  ageGroup: { slug: string; label: string; minMonths: number; maxMonths: number };
  texture: { slug: string; label: string };
  contains: string[];
  mayContain: string[];
  fromPriceCents: number | null;
  inStock: boolean;
};

async function listFacets(db: Db) {
  const [ages, tex] = await Promise.all([
    db.select({ slug: ageGroups.slug, label: ageGroups.label }).from(ageGroups).orderBy(asc(ageGroups.sort)),
    db.select({ slug: textures.slug, label: textures.label }).from(textures).orderBy(asc(textures.sort)),
  ]);
  return { ageGroups: ages, textures: tex };
}

// The columns and shape every product read shares (joined with its age group and texture).
const productColumns = {
  id: products.id,
  slug: products.slug,
  name: products.name,
  description: products.description,
  imageUrl: products.imageUrl,
  contains: products.contains,
  mayContain: products.mayContain,
  ageSlug: ageGroups.slug,
  ageLabel: ageGroups.label,
  ageMin: ageGroups.minMonths,
  ageMax: ageGroups.maxMonths,
  textureSlug: textures.slug,
  textureLabel: textures.label,
};

/** What a pack card and a pack page both show, with the age group the pack is for. */
const packColumns = {
  id: packs.id,
  slug: packs.slug,
  name: packs.name,
  description: packs.description,
  imageUrl: packs.imageUrl,
  priceCents: packs.priceCents,
  ageSlug: ageGroups.slug,
  ageLabel: ageGroups.label,
};

type ProductRow = {
  id: number;
  slug: string;
  name: string;
  description: string;
  imageUrl: string | null;
  contains: string[];
  mayContain: string[];
  ageSlug: string;
  ageLabel: string;
  ageMin: number;
  ageMax: number;
  textureSlug: string;
  textureLabel: string;
};

function toProductBase(r: ProductRow) {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    description: r.description,
    imageUrl: r.imageUrl,
    ageGroup: { slug: r.ageSlug, label: r.ageLabel, minMonths: r.ageMin, maxMonths: r.ageMax },
    texture: { slug: r.textureSlug, label: r.textureLabel },
    contains: r.contains,
    mayContain: r.mayContain,
  };
}

/** Active products matching every given filter; "free from X" excludes both contains-X and may-contain-X. */
async function listProducts(db: Db, filters: CatalogFilters = {}): Promise<ProductCard[]> {
  const where = [
    eq(products.active, true),
    ...equalToEach([
      [ageGroups.slug, filters.age],
      [textures.slug, filters.texture],
    ]),
    ...searchIn(filters.q, products.name),
  ];
  if (filters.freeFrom?.length) {
    where.push(not(arrayOverlaps(products.contains, filters.freeFrom)));
    where.push(not(arrayOverlaps(products.mayContain, filters.freeFrom)));
  }
  if (filters.ageMonths !== undefined) {
    where.push(lte(ageGroups.minMonths, filters.ageMonths), gte(ageGroups.maxMonths, filters.ageMonths));
  }

  const rows = await db
    .select({
      ...productColumns,
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
    ...toProductBase(r),
    fromPriceCents: r.fromPriceCents,
    inStock: Number(r.stock) > 0,
  }));
}

async function listFeaturedProducts(db: Db, limit = 4): Promise<ProductCard[]> {
  const featured = await db
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.featured, true), eq(products.active, true)));
  const ids = new Set(featured.map((f) => f.id));
  return (await listProducts(db)).filter((p) => ids.has(p.id)).slice(0, limit);
}

export type PackCard = ItemBasics & {
  ageGroup: { slug: string; label: string };
  priceCents: number;
  meals: number;
  /** What the same meals cost one by one. */
  singlesCents: number;
};

async function listPacks(db: Db): Promise<PackCard[]> {
  const rows = await db
    .select({
      ...packColumns,
      meals: sql<number>`coalesce(sum(${packItems.quantity}), 0)::int`,
      singlesCents: sql<number>`coalesce(sum(${packItems.quantity} * ${productVariants.priceCents}), 0)::int`,
    })
    .from(packs)
    .innerJoin(ageGroups, eq(packs.ageGroupId, ageGroups.id))
    .leftJoin(packItems, eq(packItems.packId, packs.id))
    .leftJoin(productVariants, eq(packItems.variantId, productVariants.id))
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
    singlesCents: Number(r.singlesCents),
  }));
}

/**
 * Catalog reads take the database and the cache. Edits to products and packs invalidate "catalog"; stock taken by
 * orders forgets only the pages that show it (`movedStockReads`, `forgetMovedStock`), so a busy shop keeps its cache warm.
 */
export type CatalogDeps = { db: Db; cache: Cache };

const productKey = (slug: string) => `product:${slug}`;
const packKey = (slug: string) => `pack:${slug}`;

export type MovedStock = { meals: { slug: string; stock: number }[]; packsUsing: { slug: string }[] };

/**
 * After stock of these variants moved: their meals' pages and the pages of packs drawing on them show stock, so they
 * are forgotten. Lists (home, shop, packs) show only "in stock or not", so they are dropped only when a meal has none
 * left at all. These are the reads that decide it, unsent: checkout runs them at the end of the batch that takes the
 * stock, and hands what they found to forgetMovedStock.
 */
export function movedStockReads(q: DbOrTx, variantIds: number[]) {
  const movedProducts = q
    .select({ id: productVariants.productId })
    .from(productVariants)
    .where(inArray(productVariants.id, variantIds));
  return [
    q
      .select({
        slug: products.slug,
        stock: sql<number>`coalesce(sum(${productVariants.stock}) filter (where ${productVariants.active}), 0)::int`,
      })
      .from(products)
      .innerJoin(productVariants, eq(productVariants.productId, products.id))
      .where(inArray(products.id, movedProducts))
      .groupBy(products.id),
    q
      .selectDistinct({ slug: packs.slug })
      .from(packItems)
      .innerJoin(packs, eq(packItems.packId, packs.id))
      .where(inArray(packItems.variantId, variantIds)),
  ] as const;
}

export async function forgetMovedStock(cache: Cache, { meals, packsUsing }: MovedStock) {
  if (meals.some((m) => Number(m.stock) <= 0)) return cache.invalidate("catalog");
  await cache.forget("catalog", ...meals.map((m) => productKey(m.slug)), ...packsUsing.map((p) => packKey(p.slug)));
}

export function getHomePage({ db, cache }: CatalogDeps) {
  return cache.fetch("catalog", "home", async () => {
    const [featured, packList] = await Promise.all([listFeaturedProducts(db), listPacks(db)]);
    return { featured, packs: packList };
  });
}

export function getPacksPage({ db, cache }: CatalogDeps) {
  return cache.fetch("catalog", "packs", async () => ({ packs: await listPacks(db) }));
}

/** The cached catalogue slice of the shop page: the filtered product cards and the facets to filter by. */
export function getShopCatalog({ db, cache }: CatalogDeps, filters: CatalogFilters) {
  const normalized = {
    ...filters,
    q: filters.q?.trim().toLowerCase() || undefined,
    freeFrom: [...new Set(filters.freeFrom ?? [])].sort(),
    ageMonths: filters.ageMonths,
  };
  return cache.fetch("catalog", `shop:${JSON.stringify(normalized)}`, async () => {
    const [productList, facets] = await Promise.all([listProducts(db, normalized), listFacets(db)]);
    const filtered = Boolean(
      normalized.age || normalized.texture || normalized.q || normalized.freeFrom.length || normalized.ageMonths !== undefined,
    );
    return { products: productList, facets, filters: normalized, filtered };
  });
}

// ---------- product and pack pages ----------

type ProductVariantView = {
  id: number;
  portionLabel: string;
  grams: number;
  priceCents: number;
  stock: number;
};

export type ProductPage = Omit<ProductCard, "fromPriceCents" | "inStock"> & {
  variants: ProductVariantView[];
  packs: { slug: string; name: string }[];
};

/** One active product with its active portions (price and stock each), or null for an unknown or hidden slug. */
export function getProductPage({ db, cache }: CatalogDeps, slug: string): Promise<ProductPage | null> {
  return cache.fetch("catalog", productKey(slug), async () => {
    const [p] = await db
      .select(productColumns)
      .from(products)
      .innerJoin(ageGroups, eq(products.ageGroupId, ageGroups.id))
      .innerJoin(textures, eq(products.textureId, textures.id))
      .where(and(eq(products.slug, slug), eq(products.active, true)))
      .limit(1);
    if (!p) return null;
    const [variants, inPacks] = await Promise.all([
      selectPortions(
        db,
        {
          id: productVariants.id,
          portionLabel: portionSizes.label,
          grams: portionSizes.grams,
          priceCents: productVariants.priceCents,
          stock: productVariants.stock,
        },
        and(eq(productVariants.productId, p.id), eq(productVariants.active, true)),
      ),
      db
        .selectDistinct({ slug: packs.slug, name: packs.name })
        .from(packItems)
        .innerJoin(packs, eq(packItems.packId, packs.id))
        .innerJoin(productVariants, eq(packItems.variantId, productVariants.id))
        .where(and(eq(productVariants.productId, p.id), eq(packs.active, true))),
    ]);
    return {
      ...toProductBase(p),
      variants,
      packs: inPacks,
    };
  });
}

export type PackPage = ItemBasics & {
  ageGroup: { slug: string; label: string; minMonths: number; maxMonths: number };
  priceCents: number;
  /** What the same meals cost bought one by one, and the difference. */
  singlesCents: number;
  savingCents: number;
  /** How many packs current stock can make (the scarcest meal decides). */
  available: number;
  items: {
    variantId: number;
    productSlug: string;
    productName: string;
    portionLabel: string;
    quantity: number;
    unitPriceCents: number;
    contains: string[];
    mayContain: string[];
  }[];
  contains: string[];
  mayContain: string[];
};

export function getPackPage({ db, cache }: CatalogDeps, slug: string): Promise<PackPage | null> {
  return cache.fetch("catalog", packKey(slug), async () => {
    const [pk] = await db
      .select({
        ...packColumns,
        ageMin: ageGroups.minMonths,
        ageMax: ageGroups.maxMonths,
      })
      .from(packs)
      .innerJoin(ageGroups, eq(packs.ageGroupId, ageGroups.id))
      .where(and(eq(packs.slug, slug), eq(packs.active, true)))
      .limit(1);
    if (!pk) return null;
    const items = await selectPackItems(db, {
      variantId: productVariants.id,
      productSlug: products.slug,
      productName: products.name,
      portionLabel: portionSizes.label,
      quantity: packItems.quantity,
      unitPriceCents: productVariants.priceCents,
      stock: productVariants.stock,
      usable: onSale(),
      contains: products.contains,
      mayContain: products.mayContain,
    })
      .where(eq(packItems.packId, pk.id))
      .orderBy(asc(products.name));
    const singlesCents = items.reduce((sum, it) => sum + it.unitPriceCents * it.quantity, 0);
    const available = items.length ? Math.min(...items.map((it) => (it.usable ? Math.floor(it.stock / it.quantity) : 0))) : 0;
    const contains = [...new Set(items.flatMap((it) => it.contains))].sort();
    const mayContain = [...new Set(items.flatMap((it) => it.mayContain))].filter((c) => !contains.includes(c)).sort();
    return {
      id: pk.id,
      slug: pk.slug,
      name: pk.name,
      description: pk.description,
      imageUrl: pk.imageUrl,
      ageGroup: { slug: pk.ageSlug, label: pk.ageLabel, minMonths: pk.ageMin, maxMonths: pk.ageMax },
      priceCents: pk.priceCents,
      singlesCents,
      savingCents: Math.max(0, singlesCents - pk.priceCents),
      available,
      items: items.map(({ stock: _stock, usable: _usable, ...it }) => it),
      contains,
      mayContain,
    };
  });
}

/** Every public catalogue URL path (and the parents' help page), for /sitemap.xml. */
export function getSitemapPaths({ db, cache }: CatalogDeps): Promise<string[]> {
  return cache.fetch("catalog", "sitemap", async () => {
    const [ps, pks] = await Promise.all([
      db.select({ slug: products.slug }).from(products).where(eq(products.active, true)).orderBy(asc(products.slug)),
      db.select({ slug: packs.slug }).from(packs).where(eq(packs.active, true)).orderBy(asc(packs.slug)),
    ]);
    return ["/", "/shop", "/packs", "/help", ...ps.map((p) => `/shop/${p.slug}`), ...pks.map((p) => `/packs/${p.slug}`)];
  });
}
