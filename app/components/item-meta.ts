import type { MetaDescriptor } from "@remix-run/react";

/**
 * The head of a meal or pack page: its title, a description (at most 160 characters, as search results show it),
 * the canonical address and the Open Graph tags a shared link is shown with.
 */
export function itemPageMeta(item: {
  title: string;
  name: string;
  description: string;
  canonical: string;
  ogType?: string;
}): MetaDescriptor[] {
  const description = item.description.slice(0, 160);
  return [
    { title: item.title },
    { name: "description", content: description },
    { tagName: "link", rel: "canonical", href: item.canonical },
    { property: "og:title", content: item.name },
    { property: "og:description", content: description },
    ...(item.ogType ? [{ property: "og:type", content: item.ogType }] : []),
    { property: "og:url", content: item.canonical },
  ];
}
