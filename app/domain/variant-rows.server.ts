import { asc, eq, sql, type SQL } from "drizzle-orm";
import type { PgSelectBase, SelectedFields } from "drizzle-orm/pg-core";
import type { Db } from "~/infra/db/client.server";
import { packItems, portionSizes, products, productVariants } from "~/infra/db/schema";

// A variant alone says little: naming one ("Beef Stew, 160 g") or knowing whether it is for sale takes its meal
// and its portion size. These are the joins every list of variants (and of a pack's items) starts from.
// A transaction is a Db too, so checkout passes its `tx`.

/** A variant is for sale only while it and its meal are both active. */
export const onSale = () => sql<boolean>`(${productVariants.active} and ${products.active})`;

// drizzle's types lose the builder's methods (a second join, \`where\`) on a select whose fields are still a type
// parameter, so each chain is built for any fields and its type restated for the caller's: every table joined here is
// an inner join, so none of its columns comes back null.
type Joined<T extends string> = Record<T, "not-null">;
type VariantSelect<F extends SelectedFields> = PgSelectBase<
  "product_variants",
  F,
  "partial",
  Joined<"product_variants" | "products" | "portion_sizes">
>;
type PackItemSelect<F extends SelectedFields> = PgSelectBase<
  "pack_items",
  F,
  "partial",
  Joined<"pack_items" | "product_variants" | "products" | "portion_sizes">
>;

/** `fields` of product variants, each joined to its meal (`products`) and its portion size. */
export function selectVariants<F extends SelectedFields>(db: Db, fields: F): VariantSelect<F> {
  const query = db
    .select(fields as SelectedFields)
    .from(productVariants)
    .innerJoin(products, eq(productVariants.productId, products.id))
    .innerJoin(portionSizes, eq(productVariants.portionSizeId, portionSizes.id));
  return query as unknown as VariantSelect<F>;
}

/** `fields` of pack items, each joined to its variant, that variant's meal and its portion size. */
export function selectPackItems<F extends SelectedFields>(db: Db, fields: F): PackItemSelect<F> {
  const query = db
    .select(fields as SelectedFields)
    .from(packItems)
    .innerJoin(productVariants, eq(packItems.variantId, productVariants.id))
    .innerJoin(products, eq(productVariants.productId, products.id))
    .innerJoin(portionSizes, eq(productVariants.portionSizeId, portionSizes.id));
  return query as unknown as PackItemSelect<F>;
}

/** `fields` of one meal's variants that meet `where`, each with its portion size, smallest portion first. */
export async function selectPortions<F extends SelectedFields>(db: Db, fields: F, where: SQL | undefined) {
  const rows = await db
    .select(fields as SelectedFields)
    .from(productVariants)
    .innerJoin(portionSizes, eq(productVariants.portionSizeId, portionSizes.id))
    .where(where)
    .orderBy(asc(portionSizes.sort));
  return rows as Awaited<PgSelectBase<"product_variants", F, "partial", Joined<"product_variants" | "portion_sizes">>>;
}
