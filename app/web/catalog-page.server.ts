// The loader side the two storefront item pages (a meal, a pack) share: the schema.org Product description that
// search engines read. (How an item suits the shopper's children is domain/shop-pages.server.ts.)
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
