import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PackForm } from "~/components/admin/pack-form";
import { savePack } from "~/domain/admin-catalog.server";
import { getPackFormOptions } from "~/domain/admin-catalog-pages.server";
import { requireAdmin } from "~/web/guards.server";
import { redirect303 } from "~/web/admin-forms.server";
import { packFormSchema } from "~/web/forms/admin-catalog.server";
import { readSubmission, runSubmission } from "~/web/forms/submission.server";
import { adminTitle } from "~/components/admin/admin-title";
import { BackLink } from "~/components/admin/admin-ui";

export const meta: MetaFunction = () => adminTitle("New pack");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  return getPackFormOptions(context.db);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  return runSubmission(await readSubmission(request, packFormSchema), async (input) => {
    const created = await savePack(context, admin, { input });
    return redirect303(`/admin/packs/${created.id}`, new URLSearchParams({ saved: "created" }));
  });
}

export default function NewPack() {
  const { ageGroups, variants } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <BackLink to="/admin/packs" label="Packs" />
      <h1>New pack</h1>
      <PackForm lastResult={actionData} choices={{ ageGroups, variants }} submitLabel="Create pack" />
    </>
  );
}
