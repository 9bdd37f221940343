import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ProductForm, type ProductFormValues } from "~/components/admin/product-form";
import { getCatalogOptions, saveProduct } from "~/domain/admin-catalog.server";
import { requireAdmin } from "~/web/guards.server";
import { readProductForm, redirect303 } from "~/web/admin-forms.server";
import type { BodyLimit } from "~/infra/http/body-limits";

export const meta: MetaFunction = () => [{ title: "New product · Little Harvest back office" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  return getCatalogOptions(context.db);
}

/** The product form carries a photo. */
export const handle = { bodyLimit: "upload" } satisfies { bodyLimit: BodyLimit };

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const form = await readProductForm(request);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await saveProduct(context, admin, {
    input: form.input,
    image: form.image,
  });
  if (!result.ok) return data({ errors: result.errors, values: { ...form.input } }, { status: result.status });
  return redirect303(`/admin/products/${result.id}`, new URLSearchParams({ saved: "created" }));
}

const EMPTY: ProductFormValues = {
  name: "",
  slug: "",
  description: "",
  ageGroupId: "",
  textureId: "",
  contains: [],
  mayContain: [],
  featured: false,
};

export default function NewProduct() {
  const options = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const values = { ...EMPTY, ...(actionData?.values as Partial<ProductFormValues> | undefined) };
  return (
    <>
      <p>
        <Link to="/admin/products">← Products</Link>
      </p>
      <h1>New product</h1>
      <p className="muted">A new meal starts with one variant per portion size at the default price and no stock.</p>
      <ProductForm
        values={values}
        errors={actionData?.errors}
        ageGroups={options.ageGroups}
        textures={options.textures}
        submitLabel="Create product"
        busy={navigation.state === "submitting"}
      />
    </>
  );
}
