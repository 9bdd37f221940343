import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { z } from "zod";
import { idNumber } from "~/domain/form-fields";
import { ChildFitList } from "~/components/child-fit";
import { ProductCard } from "~/components/product-card";
import { FREE_FROM_FILTERS, allergenLabel } from "~/domain/allergens";
import { getShopPage } from "~/domain/shop-pages.server";
import { withViewer } from "~/web/viewer.server";
import { readQuery } from "~/infra/form.server";
import type { HtmlCacheHandle } from "~/infra/http/html-cache.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.filtered ? "Filtered meals · Little Harvest shop" : "Shop all meals · Little Harvest" },
  {
    name: "description",
    content: "Browse fresh baby and toddler meals by age, texture and allergens. Priced in rand, delivered in Johannesburg.",
  },
];

const slug = z
  .string()
  .trim()
  .max(40)
  .regex(/^[a-z0-9-]*$/)
  .optional()
  .catch(undefined);
const filtersSchema = z.object({
  age: slug,
  texture: slug,
  q: z.string().trim().max(80).optional().catch(undefined),
  free: z.array(z.string().max(40)).catch([]),
  child: idNumber.optional().catch(undefined),
});

// The page is the same for every anonymous visitor with the same filters ("shop for a child" needs a session) and
// its loader reads only through the catalog cache, so its anonymous HTML may be kept and served without running it
// (app/infra/http/html-cache.server.ts).
export const handle = { htmlCache: "anonymous" } satisfies HtmlCacheHandle;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const f = filtersSchema.parse(readQuery(request, ["free"]));
  const filters = { age: f.age, texture: f.texture, q: f.q, free: f.free, childId: f.child };
  const [, page] = await withViewer(request, context, (userId) => getShopPage(context, userId, filters));
  return { ...page, canonical: `${context.config.appUrl}/shop` };
}

export default function Shop() {
  const { products, facets, filters, filtered, fits, children, shopFor } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const loading = navigation.state === "loading" && navigation.location.pathname === "/shop";
  return (
    <div className="page">
      <h1>{shopFor ? `Meals for ${shopFor.name}` : "Shop all meals"}</h1>
      {shopFor && (
        <p className="notice">
          Showing meals that suit {shopFor.name}'s age and avoid their allergens. <Link to="/shop">Show all meals</Link>
        </p>
      )}
      <div className="shop-layout">
        {/* On a phone the filters fold away behind this (no JS needed) so the first meals show at once. */}
        <details className="filters-panel" open={filtered || undefined}>
          <summary className="button secondary">Filter meals</summary>
          <Form
            method="get"
            className="filters"
            aria-label="Filter meals"
            onChange={(e) => submit(e.currentTarget, { replace: true, preventScrollReset: true })}
          >
            {children.length > 0 && (
              <div className="field">
                <label htmlFor="child">Shop for</label>
                <select id="child" name="child" defaultValue={shopFor ? String(shopFor.id) : ""}>
                  <option value="">Everyone</option>
                  {children.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </div>
            )}
            <div className="field">
              <label htmlFor="q">Search by name</label>
              <input id="q" name="q" type="search" defaultValue={filters.q ?? ""} placeholder="e.g. butternut" />
            </div>
            <div className="field">
              <label htmlFor="age">Age group</label>
              <select id="age" name="age" defaultValue={filters.age ?? ""}>
                <option value="">All ages</option>
                {facets.ageGroups.map((a) => (
                  <option key={a.slug} value={a.slug}>
                    {a.label}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="texture">Texture</label>
              <select id="texture" name="texture" defaultValue={filters.texture ?? ""}>
                <option value="">All textures</option>
                {facets.textures.map((t) => (
                  <option key={t.slug} value={t.slug}>
                    {t.label}
                  </option>
                ))}
              </select>
            </div>
            <fieldset>
              <legend>Free from</legend>
              {FREE_FROM_FILTERS.map((code) => (
                <label key={code}>
                  <input type="checkbox" name="free" value={code} defaultChecked={filters.freeFrom?.includes(code)} />{" "}
                  {allergenLabel(code)}
                </label>
              ))}
            </fieldset>
            <button type="submit" className="button">
              Show meals
            </button>
          </Form>
        </details>
        <section aria-live="polite" aria-busy={loading}>
          <p className="muted">
            {products.length} {products.length === 1 ? "meal" : "meals"}
            {filtered ? " match your filters" : ""}
          </p>
          {products.length === 0 ? (
            <p>No meals match those filters yet. Try removing one.</p>
          ) : (
            <ul className="grid">
              {products.map((p, i) => (
                <ProductCard key={p.slug} product={p} eager={i < 2}>
                  <ChildFitList fits={fits[p.slug] ?? []} compact />
                </ProductCard>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}
