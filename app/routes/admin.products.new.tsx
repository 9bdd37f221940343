import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ProductForm, type ProductFormValues } from "~/components/admin/product-form";
import { getCatalogOptions, saveProduct } from "~/domain/admin-catalog.server";
import { requireAdmin } from "~/web/guards.server";
import { readProductForm, redirect303 } from "~/web/admin-forms.server";
import { invalidForm, withDomainErrors } from "~/web/domain-errors.server";
import type { BodyLimit } from "~/infra/http/body-limits";
import { adminTitle } from "~/components/admin/admin-title";
import { BackLink } from "~/components/admin/admin-ui";

export const meta: MetaFunction = () => adminTitle("New product");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  return getCatalogOptions(context.db);
}

/** The product form carries a photo. */
export const handle = { bodyLimit: "upload" } satisfies { bodyLimit: BodyLimit };

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const form = await readProductForm(request);
  if (!form.ok) return invalidForm(form.errors, { values: form.values });
  const { input, image } = form;
  return withDomainErrors(
    async () => {
      const created = await saveProduct(context, admin, { input, image });
      return redirect303(`/admin/products/${created.id}`, new URLSearchParams({ saved: "created" }));
    },
    { values: { ...input } as Record<string, unknown> },
  );
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
      <BackLink to="/admin/products" label="Products" />
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
