// The back office's catalogue pages, each assembled by one function (one domain call per route, and data a test can
// ask for directly): the item being edited plus the choices its form offers.
import type { Db } from "~/infra/db/client.server";
import { getAdminPack, getAdminProduct, getCatalogOptions, listVariantChoices } from "./admin-catalog.server";

/** The product editor: the product with its variants, and the age groups, textures and portions to choose from. */
export async function getAdminProductPage(db: Db, id: number) {
  const [found, options] = await Promise.all([getAdminProduct(db, id), getCatalogOptions(db)]);
  return found && { ...found, ...options };
}

/** What the pack form offers: age groups and every meal portion a pack can hold. */
export async function getPackFormOptions(db: Db) {
  const [options, variants] = await Promise.all([getCatalogOptions(db), listVariantChoices(db)]);
  return { ageGroups: options.ageGroups, variants };
}

/** The pack editor: the pack with its items, and the form's choices; null for an unknown id. */
export async function getAdminPackPage(db: Db, id: number) {
  const [found, options] = await Promise.all([getAdminPack(db, id), getPackFormOptions(db)]);
  return found && { ...found, ...options };
}
