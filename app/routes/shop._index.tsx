import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { z } from "zod";
import { ProductCard } from "~/components/product-card";
import { FREE_FROM_FILTERS, allergenLabel } from "~/domain/allergens";
import { getShopPage } from "~/domain/catalog.server";

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
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const f = filtersSchema.parse({
    age: params.get("age") || undefined,
    texture: params.get("texture") || undefined,
    q: params.get("q") || undefined,
    free: params.getAll("free"),
  });
  return getShopPage(context, { age: f.age, texture: f.texture, q: f.q, freeFrom: f.free });
}

export default function Shop() {
  const { products, facets, filters, filtered } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const loading = navigation.state === "loading" && navigation.location.pathname === "/shop";
  return (
    <div className="page">
      <h1>Shop all meals</h1>
      <div className="shop-layout">
        <Form
          method="get"
          className="filters"
          aria-label="Filter meals"
          onChange={(e) => submit(e.currentTarget, { replace: true, preventScrollReset: true })}
        >
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
        <section aria-live="polite" aria-busy={loading}>
          <p className="muted">
            {products.length} {products.length === 1 ? "meal" : "meals"}
            {filtered ? " match your filters" : ""}
          </p>
          {products.length === 0 ? (
            <p>No meals match those filters yet. Try removing one.</p>
          ) : (
            <ul className="grid">
              {products.map((p) => (
                <ProductCard key={p.slug} product={p} />
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}
