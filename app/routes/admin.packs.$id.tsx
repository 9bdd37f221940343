import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ActiveBadge, AdminHeading, BackLink, ActiveToggleForm, useActiveToggle } from "~/components/admin/admin-ui";
import { FormError, Notice, formErrorOf, replyFor, useOutcome } from "~/components/form";
import { PackForm, type PackFormValues } from "~/components/admin/pack-form";
import { savePack, setPackActive } from "~/domain/admin-catalog.server";
import { getAdminPackPage } from "~/domain/admin-catalog-pages.server";
import { centsToInput } from "~/domain/money-input";
import { adminRecordAction, loadAdminRecord } from "~/web/admin-pages.server";
import { redirect303 } from "~/web/admin-forms.server";
import { packFormSchema } from "~/web/forms/admin-catalog.server";
import { noFields } from "~/web/forms/form-values.server";
import { parseSubmission, runSubmission } from "~/web/forms/submission.server";
import { readForm } from "~/infra/form.server";
import { adminTitle } from "~/components/admin/admin-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => adminTitle(data?.pack.name ?? "Pack");

export const loader = (args: LoaderFunctionArgs) => loadAdminRecord(args, "Pack not found", getAdminPackPage);

export async function action(args: ActionFunctionArgs) {
  const { request, context } = args;
  const { admin, id: packId } = await adminRecordAction(args, "Pack not found");
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "activate" || intent === "deactivate") {
    return runSubmission(parseSubmission(form, noFields), async () => {
      await setPackActive(context, admin, packId, intent === "activate");
      return redirect303(`/admin/packs/${packId}`, new URLSearchParams({ saved: "status" }));
    });
  }
  return runSubmission(parseSubmission(form, packFormSchema), async (input) => {
    await savePack(context, admin, { id: packId, input });
    return redirect303(`/admin/packs/${packId}`, new URLSearchParams({ saved: "saved" }));
  });
}

export default function EditPack() {
  const { pack, items, ageGroups, variants } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const saved = useOutcome("saved");
  const toggle = useActiveToggle(pack.active);
  const { active } = toggle;
  const current: PackFormValues = {
    name: pack.name,
    slug: pack.slug,
    description: pack.description,
    ageGroupId: String(pack.ageGroupId),
    price: centsToInput(pack.priceCents),
    ...Object.fromEntries(items.map((i) => [`qty-${i.variantId}`, String(i.quantity)])),
  };
  return (
    <>
      <BackLink to="/admin/packs" label="Packs" />
      <AdminHeading title={pack.name}>
        <ActiveBadge active={active} />
      </AdminHeading>
      {saved && (
        <Notice>{saved === "created" ? "Pack created." : saved === "status" ? "Pack status updated." : "Pack saved."}</Notice>
      )}
      <ActiveToggleForm toggle={toggle} />
      <FormError message={formErrorOf(toggle.fetcher.data)} />
      <PackForm
        key={pack.updatedAt}
        lastResult={replyFor(actionData, "save")}
        values={current}
        choices={{ ageGroups, variants }}
        submitLabel="Save pack"
      />
    </>
  );
}
