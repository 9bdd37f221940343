// The shop's filters, read from its query string. Kept out of the route module so zod stays out of the page's
// JavaScript (~14 KB gzip; Lighthouse budget in docs/performance.md).
import { z } from "zod";
import { idNumber, optionalFilter, searchText } from "~/domain/form-fields";
import type { ShopPageQuery } from "~/domain/shop-pages.server";
import { readQuery } from "~/infra/form.server";

const slug = optionalFilter(
  z
    .string()
    .trim()
    .max(40)
    .regex(/^[a-z0-9-]*$/),
);

const filtersSchema = z.object({
  age: slug,
  texture: slug,
  q: searchText(80),
  free: z.array(z.string().max(40)).catch([]),
  child: optionalFilter(idNumber),
});

/** Whatever the query says, a valid filter set: a malformed value is dropped, never an error page. */
export function readShopFilters(request: Request): ShopPageQuery {
  const f = filtersSchema.parse(readQuery(request, ["free"]));
  return { age: f.age, texture: f.texture, q: f.q, free: f.free, childId: f.child };
}
