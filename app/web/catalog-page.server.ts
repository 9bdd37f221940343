// The loader side the two storefront item pages (a meal, a pack) share: how the item suits the signed-in shopper's
// children, and the schema.org Product description that search engines read.
import { childFit, type FitMeal } from "~/domain/child-fit";
import { listChildren, todayIn } from "~/domain/children.server";
import type { AppLoadContext } from "~/infra/app-context";
import { getUser } from "~/web/guards.server";

export async function shopperFits(request: Request, context: AppLoadContext, item: FitMeal) {
  const user = await getUser(request, context);
  const today = todayIn(context.clock);
  const fits = user ? (await listChildren(context.db, user.id)).map((c) => childFit(c, item, today)) : [];
  return { user, fits };
}

export function productJsonLd(
  appUrl: string,
  item: { name: string; description: string; imageUrl: string | null; slug: string },
  offers: Record<string, unknown> | undefined,
) {
  return {
    "@context": "https://schema.org",
    "@type": "Product",
    name: item.name,
    description: item.description,
    image: item.imageUrl ? `${appUrl}${item.imageUrl}` : undefined,
    sku: item.slug,
    brand: { "@type": "Brand", name: "Little Harvest" },
    offers,
  };
}
