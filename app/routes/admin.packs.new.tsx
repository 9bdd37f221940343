import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PackForm, type PackFormValues } from "~/components/admin/pack-form";
import { packInputSchema, savePack } from "~/domain/admin-catalog.server";
import { getPackFormOptions } from "~/domain/admin-catalog-pages.server";
import { fieldErrors } from "~/domain/form-errors";
import { requireAdmin } from "~/web/guards.server";
import { readPackForm, redirect303 } from "~/web/admin-forms.server";
import { invalidForm, withDomainErrors } from "~/web/domain-errors.server";
import { readForm } from "~/infra/form.server";
import { adminTitle } from "~/components/admin/admin-title";
import { BackLink } from "~/components/admin/admin-ui";

export const meta: MetaFunction = () => adminTitle("New pack");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  return getPackFormOptions(context.db);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const { values, input } = readPackForm(await readForm(request));
  const parsed = packInputSchema.safeParse(input);
  if (!parsed.success) return invalidForm(fieldErrors(parsed.error), { values });
  return withDomainErrors(
    async () => {
      const created = await savePack(context, admin, { input: parsed.data });
      return redirect303(`/admin/packs/${created.id}`, new URLSearchParams({ saved: "created" }));
    },
    { values },
  );
}

const EMPTY: PackFormValues = { name: "", slug: "", description: "", ageGroupId: "", price: "", quantities: {} };

export default function NewPack() {
  const { ageGroups, variants } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <BackLink to="/admin/packs" label="Packs" />
      <h1>New pack</h1>
      <PackForm
        values={actionData?.values ?? EMPTY}
        errors={actionData?.errors}
        choices={{ ageGroups, variants }}
        submitLabel="Create pack"
      />
    </>
  );
}
