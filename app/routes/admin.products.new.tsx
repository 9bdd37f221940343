import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ProductForm } from "~/components/admin/product-form";
import { getCatalogOptions, saveProduct } from "~/domain/admin-catalog.server";
import { requireAdmin } from "~/web/guards.server";
import { readProductSubmission, redirect303 } from "~/web/admin-forms.server";
import { refuse, runSubmission } from "~/web/forms/submission.server";
import { readForm } from "~/infra/form.server";
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
  const { submission, image, imageError } = await readProductSubmission(await readForm(request));
  if (imageError) return refuse(submission, { errors: { image: imageError } });
  return runSubmission(submission, async (input) => {
    const created = await saveProduct(context, admin, { input, image });
    return redirect303(`/admin/products/${created.id}`, new URLSearchParams({ saved: "created" }));
  });
}

export default function NewProduct() {
  const options = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <>
      <BackLink to="/admin/products" label="Products" />
      <h1>New product</h1>
      <p className="muted">A new meal starts with one variant per portion size at the default price and no stock.</p>
      <ProductForm
        lastResult={actionData}
        ageGroups={options.ageGroups}
        textures={options.textures}
        submitLabel="Create product"
        busy={navigation.state === "submitting"}
      />
    </>
  );
}
