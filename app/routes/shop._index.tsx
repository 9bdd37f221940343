import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { ChildFitList } from "~/components/child-fit";
import { ProductCard } from "~/components/product-card";
import { FREE_FROM_FILTERS, allergenLabel } from "~/domain/allergens";
import { getShopPage } from "~/domain/shop-pages.server";
import { withViewer } from "~/web/viewer.server";
import { readShopFilters } from "~/web/shop-filters.server";
import type { HtmlCacheHandle } from "~/infra/http/html-cache.server";
import type { ComponentProps } from "react";
import { LabelledSelect } from "~/components/select-options";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.filtered ? "Filtered meals · Little Harvest shop" : "Shop all meals · Little Harvest" },
  {
    name: "description",
    content: "Browse fresh baby and toddler meals by age, texture and allergens. Priced in rand, delivered in Johannesburg.",
  },
];

// The page is the same for every anonymous visitor with the same filters ("shop for a child" needs a session) and
// its loader reads only through the catalog cache, so its anonymous HTML may be kept and served without running it
// (app/infra/http/html-cache.server.ts).
export const handle = { htmlCache: "anonymous" } satisfies HtmlCacheHandle;

const FILTER_FIELDS = ["q", "age", "texture", "free", "child"];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const filters = readShopFilters(request);
  const [, page] = await withViewer(request, context, (userId) => getShopPage(context, userId, filters));
  // Open while the parent is using the filters — including when they have just set the last one back to "All":
  // the form's own submission (with or without JavaScript) names its fields even when they are empty.
  const filtersOpen = page.filtered || FILTER_FIELDS.some((name) => new URL(request.url).searchParams.has(name));
  return { ...page, filtersOpen, canonical: `${context.config.appUrl}/shop` };
}

export default function Shop() {
  const { products, facets, filters, filtered, filtersOpen, fits, children, shopFor } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const loading = navigation.state === "loading" && navigation.location.pathname === "/shop";
  const childOptions = children.map((c) => ({ value: c.id, label: c.name }));
  const ageOptions = facets.ageGroups.map((a) => ({ value: a.slug, label: a.label }));
  const textureOptions = facets.textures.map((t) => ({ value: t.slug, label: t.label }));
  const count = `${products.length} ${products.length === 1 ? "meal" : "meals"}${filtered ? " match your filters" : ""}`;
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
        <details className="filters-panel" open={filtersOpen || undefined}>
          <summary className="button secondary">Filter meals</summary>
          <Form
            method="get"
            className="filters"
            aria-label="Filter meals"
            onChange={(e) => submit(e.currentTarget, { replace: true, preventScrollReset: true })}
          >
            {children.length > 0 && (
              <FacetSelect name="child" label="Shop for" value={shopFor?.id} none="Everyone" options={childOptions} />
            )}
            <div className="field">
              <label htmlFor="q">Search by name</label>
              <input id="q" name="q" type="search" defaultValue={filters.q ?? ""} placeholder="e.g. butternut" />
            </div>
            <FacetSelect name="age" label="Age group" value={filters.age} none="All ages" options={ageOptions} />
            <FacetSelect name="texture" label="Texture" value={filters.texture} none="All textures" options={textureOptions} />
            <fieldset>
              <legend>Free from</legend>
              {FREE_FROM_FILTERS.map((code) => (
                <label key={code}>
                  <input type="checkbox" name="free" value={code} defaultChecked={filters.freeFrom?.includes(code)} />{" "}
                  {allergenLabel(code)}
                </label>
              ))}
            </fieldset>
            {/* On a phone the open filters fill the screen: the count stays in view at its foot as it changes. */}
            <div className="filters__bar">
              <p role="status" data-testid="filter-count">
                {count}
              </p>
              <button type="submit" className="button">
                Show meals
              </button>
            </div>
          </Form>
        </details>
        <section aria-busy={loading} aria-label="Meals">
          <p className="muted">{count}</p>
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

/** One of the shop's filter selects, in its own field box. */
function FacetSelect(props: ComponentProps<typeof LabelledSelect>) {
  return (
    <div className="field">
      <LabelledSelect {...props} />
    </div>
  );
}
