import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ACTIONS_HEADER, ActiveToggleCells, AdminHeading, NameCell, AdminTable, ResultCount } from "~/components/admin/admin-ui";
import { FilterForm, FilterInput, FilterSelect } from "~/components/admin/list-filters";
import { plainChoices } from "~/components/select-options";
import { LISTING_STATES } from "~/domain/listing-states";
import { listAdminProducts, setProductActive } from "~/domain/admin-catalog.server";
import { formatRand } from "~/domain/money";
import { productFilters } from "~/web/forms/admin-filters.server";
import { loadAdminList, toggleActiveAction } from "~/web/admin-pages.server";
import { adminTitle } from "~/components/admin/admin-title";

export const meta: MetaFunction = () => adminTitle("Products");

export const loader = (args: LoaderFunctionArgs) =>
  loadAdminList(args, productFilters, async (db, filters) => ({ products: await listAdminProducts(db, filters) }));

export const action = (args: ActionFunctionArgs) =>
  toggleActiveAction(args, { idField: "productId", noun: "product" }, setProductActive);

export default function AdminProducts() {
  const { products, filters } = useLoaderData<typeof loader>();
  return (
    <>
      <AdminHeading title="Products" create={{ to: "/admin/products/new", label: "New product" }} />
      <FilterForm values={filters} submit="Filter">
        <FilterInput name="q" label="Search" type="search" placeholder="Name or slug" />
        <FilterSelect name="status" label="Status" any="All" options={plainChoices(LISTING_STATES)} />
      </FilterForm>
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
      <NameCell to={`/admin/products/${p.id}`} name={p.name} slug={p.slug} />
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
