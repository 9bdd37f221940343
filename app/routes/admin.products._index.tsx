import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { idNumber } from "~/domain/form-fields";
import { ACTIONS_HEADER, ActiveToggleCells, AdminTable, ResultCount, FilterSelect } from "~/components/admin/admin-ui";
import { listAdminProducts, setProductActive } from "~/domain/admin-catalog.server";
import { formatRand } from "~/domain/money";
import { requireAdmin } from "~/web/guards.server";
import { redirect303 } from "~/web/admin-forms.server";
import { invalidForm, withDomainErrors } from "~/web/domain-errors.server";
import { readFormFields, readQuery } from "~/infra/form.server";

export const meta: MetaFunction = () => [{ title: "Products · Little Harvest back office" }];

const filtersSchema = z.object({
  q: z.string().trim().max(80).optional().catch(undefined),
  status: z.enum(["active", "inactive"]).optional().catch(undefined),
});

const toggleSchema = z.object({ intent: z.enum(["activate", "deactivate"]), productId: idNumber });

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const filters = filtersSchema.parse(readQuery(request));
  return { products: await listAdminProducts(context.db, filters), filters };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const parsed = toggleSchema.safeParse(await readFormFields(request));
  if (!parsed.success) return invalidForm({ form: "Choose a product and an action" });
  const { productId, intent } = parsed.data;
  return withDomainErrors(async () => {
    await setProductActive(context, admin, productId, intent === "activate");
    return redirect303(`/admin/products`, new URL(request.url).searchParams);
  });
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
        <FilterSelect
          name="status"
          label="Status"
          value={filters.status}
          any="All"
          options={[
            { value: "active", label: "Active" },
            { value: "inactive", label: "Inactive" },
          ]}
        />
        <button type="submit" className="button secondary">
          Filter
        </button>
      </Form>
      <ResultCount count={products.length} one="product" many="products" />
      <AdminTable
        label="Products"
        headers={["Meal", "Age · texture", "Variants", "Stock", "From", "Status", ACTIONS_HEADER]}
        rows={products}
        row={(p) => <ProductRow key={p.id} product={p} />}
      />
    </>
  );
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["products"][number];

function ProductRow({ product: p }: { product: Row }) {
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
      <ActiveToggleCells idField="productId" id={p.id} name={p.name} active={p.active} />
    </tr>
  );
}
