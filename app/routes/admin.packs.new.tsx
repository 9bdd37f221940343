import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PackForm, type PackFormValues } from "~/components/admin/pack-form";
import { getCatalogOptions, listVariantChoices, packInputSchema, savePack } from "~/domain/admin-catalog.server";
import { fieldErrors } from "~/domain/form-errors";
import { requireAdmin } from "~/web/guards.server";
import { readPackForm, redirect303 } from "~/web/admin-forms.server";
import { readForm } from "~/infra/form.server";

export const meta: MetaFunction = () => [{ title: "New pack · Little Harvest back office" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const [options, variants] = await Promise.all([getCatalogOptions(context.db), listVariantChoices(context.db)]);
  return { ageGroups: options.ageGroups, variants };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const { values, input } = readPackForm(await readForm(request));
  const parsed = packInputSchema.safeParse(input);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  const result = await savePack(context, admin, { input: parsed.data });
  if (!result.ok) return data({ errors: result.errors, values }, { status: result.status });
  return redirect303(`/admin/packs/${result.id}`, new URLSearchParams({ saved: "created" }));
}

const EMPTY: PackFormValues = { name: "", slug: "", description: "", ageGroupId: "", price: "", quantities: {} };

export default function NewPack() {
  const { ageGroups, variants } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <>
      <p>
        <Link to="/admin/packs">← Packs</Link>
      </p>
      <h1>New pack</h1>
      <PackForm
        values={actionData?.values ?? EMPTY}
        errors={actionData?.errors}
        ageGroups={ageGroups}
        variants={variants}
        submitLabel="Create pack"
        busy={navigation.state === "submitting"}
      />
    </>
  );
}
