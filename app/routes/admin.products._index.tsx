import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useFetcher, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActiveBadge, FormError } from "~/components/admin/admin-ui";
import { listAdminProducts, setProductActive } from "~/domain/admin-catalog.server";
import { formatRand } from "~/domain/money";
import { requireAdmin } from "~/infra/guards.server";
import { redirect303 } from "~/infra/http/admin-forms.server";

export const meta: MetaFunction = () => [{ title: "Products · Little Harvest back office" }];

const filtersSchema = z.object({
  q: z.string().trim().max(80).optional().catch(undefined),
  status: z.enum(["active", "inactive"]).optional().catch(undefined),
});

const toggleSchema = z.object({ intent: z.enum(["activate", "deactivate"]), productId: z.coerce.number().int().positive() });

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const params = new URL(request.url).searchParams;
  const filters = filtersSchema.parse({ q: params.get("q") || undefined, status: params.get("status") || undefined });
  return { products: await listAdminProducts(context.db, filters), filters };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const parsed = toggleSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: "Choose a product and an action" }, { status: 400 });
  const result = await setProductActive(context, admin, parsed.data.productId, parsed.data.intent === "activate");
  if (!result.ok) return data({ error: result.errors.form ?? "That did not work" }, { status: result.status });
  return redirect303(`/admin/products`, new URL(request.url).searchParams);
}

export default function AdminProducts() {
  const { products, filters } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="admin-heading">
        <h1>Products</h1>
        <Link className="button" to="/admin/products/new">
          New product
        </Link>
      </div>
      <Form method="get" className="admin-filters" role="search">
        <label htmlFor="q">Search</label>
        <input id="q" name="q" type="search" defaultValue={filters.q ?? ""} placeholder="Name or slug" />
        <label htmlFor="status">Status</label>
        <select id="status" name="status" defaultValue={filters.status ?? ""}>
          <option value="">All</option>
          <option value="active">Active</option>
          <option value="inactive">Inactive</option>
        </select>
        <button type="submit" className="button secondary">
          Filter
        </button>
      </Form>
      <p className="muted">
        {products.length} {products.length === 1 ? "product" : "products"}
      </p>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th>Meal</th>
              <th>Age · texture</th>
              <th>Variants</th>
              <th>Stock</th>
              <th>From</th>
              <th>Status</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {products.map((p) => (
              <ProductRow key={p.id} product={p} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["products"][number];

function ProductRow({ product: p }: { product: Row }) {
  const fetcher = useFetcher<typeof action>();
  // Optimistic: show the state we asked for while the request is in flight.
  const pending = fetcher.formData?.get("intent");
  const active = pending ? pending === "activate" : p.active;
  return (
    <tr>
      <td>
        <Link to={`/admin/products/${p.id}`}>{p.name}</Link>
        <br />
        <small className="muted">{p.slug}</small>
      </td>
      <td>
        {p.ageLabel} · {p.textureLabel}
      </td>
      <td>{p.variants}</td>
      <td>{p.stock}</td>
      <td>{p.minPriceCents === null ? "—" : formatRand(p.minPriceCents)}</td>
      <td>
        <ActiveBadge active={active} />
      </td>
      <td>
        <fetcher.Form method="post">
          <input type="hidden" name="productId" value={p.id} />
          <button type="submit" name="intent" value={active ? "deactivate" : "activate"} className="link-button">
            {active ? "Deactivate" : "Activate"}
            <span className="visually-hidden"> {p.name}</span>
          </button>
        </fetcher.Form>
        {fetcher.data && "error" in fetcher.data && <FormError error={fetcher.data.error} />}
      </td>
    </tr>
  );
}
