// The storefront's composite pages, each assembled by one function so a route makes one domain call and a test can
// ask for a page's data without scraping HTML: the cached catalogue plus, for a signed-in parent, how each item
// suits each of their children ("shop for <child>" narrows the shop to one child's age and allergens).
import type { Clock } from "~/infra/clock.server";
import { getPackPage, getProductPage, getShopCatalog, type CatalogDeps } from "./catalog.server";
import { ageInMonths, childFit, type FitMeal } from "./child-fit";
import { listChildren, todayIn } from "./children.server";

export type ShopPageDeps = CatalogDeps & { clock: Clock };

export type ShopPageQuery = {
  age?: string;
  texture?: string;
  q?: string;
  /** Allergen codes the shopper ticked. */
  free: string[];
  /** "Shop for" one of the signed-in parent's children (ignored when it is not theirs). */
  childId?: number;
};

/** The shop grid: filtered cards and facets, each card's fit for every child of `userId`, and the chosen child. */
export async function getShopPage(deps: ShopPageDeps, userId: number | null, query: ShopPageQuery) {
  const today = todayIn(deps.clock);
  const filters = { age: query.age, texture: query.texture, q: query.q };
  const catalogFor = (shopFor?: Child) =>
    getShopCatalog(deps, {
      ...filters,
      freeFrom: [...query.free, ...(shopFor?.allergies ?? [])],
      ageMonths: shopFor ? ageInMonths(shopFor.dateOfBirth, today) : undefined,
    });
  // The children and the catalogue side by side (one round trip each way), unless the catalogue depends on a child.
  const [kids, unnarrowed] = await Promise.all([childrenOf(deps, userId), query.childId ? null : catalogFor()]);
  const shopFor = query.childId ? kids.find((c) => c.id === query.childId) : undefined;
  const catalog = unnarrowed ?? (await catalogFor(shopFor));
  return {
    ...catalog,
    // The form shows what was ticked, not the child's allergens added on top.
    filters: { ...catalog.filters, freeFrom: query.free },
    fits: Object.fromEntries(catalog.products.map((p) => [p.slug, kids.map((c) => childFit(c, p, today))])),
    children: kids.map((c) => ({ id: c.id, name: c.name })),
    shopFor: shopFor ? { id: shopFor.id, name: shopFor.name } : null,
  };
}

type Child = Awaited<ReturnType<typeof listChildren>>[number];

const childrenOf = (deps: ShopPageDeps, userId: number | null) => (userId ? listChildren(deps.db, userId) : Promise.resolve([]));

/** An item's page: the item, and how it suits each child of `userId` (read side by side); null for an unknown slug. */
async function itemPage<T extends FitMeal>(deps: ShopPageDeps, userId: number | null, item: Promise<T | null>) {
  const [found, kids] = await Promise.all([item, childrenOf(deps, userId)]);
  const today = todayIn(deps.clock);
  return found && { item: found, fits: kids.map((c) => childFit(c, found, today)) };
}

/** A meal's page: the product with its portions, and how it suits each child of `userId`; null for an unknown slug. */
export async function getMealPage(deps: ShopPageDeps, userId: number | null, slug: string) {
  const page = await itemPage(deps, userId, getProductPage(deps, slug));
  return page && { product: page.item, fits: page.fits };
}

/** A stage pack's page: the pack with its meals, and how it suits each child of `userId`; null for an unknown slug. */
export async function getStagePackPage(deps: ShopPageDeps, userId: number | null, slug: string) {
  const page = await itemPage(deps, userId, getPackPage(deps, slug));
  return page && { pack: page.item, fits: page.fits };
}
