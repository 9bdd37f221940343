import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ActiveBadge, AdminHeading, BackLink, ActiveToggleForm, useActiveToggle } from "~/components/admin/admin-ui";
import { FormError, Notice, useOutcome } from "~/components/form";
import { PackForm, type PackFormValues } from "~/components/admin/pack-form";
import { packInputSchema, savePack, setPackActive } from "~/domain/admin-catalog.server";
import { getAdminPackPage } from "~/domain/admin-catalog-pages.server";
import { fieldErrors } from "~/domain/form-errors";
import { centsToInput } from "~/domain/money-input";
import { adminRecordAction, loadAdminRecord } from "~/web/admin-pages.server";
import { readPackForm, redirect303 } from "~/web/admin-forms.server";
import { invalidForm, withDomainErrors } from "~/web/domain-errors.server";
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
    return withDomainErrors(
      async () => {
        await setPackActive(context, admin, packId, intent === "activate");
        return redirect303(`/admin/packs/${packId}`, new URLSearchParams({ saved: "status" }));
      },
      { values: undefined },
    );
  }
  const { values, input } = readPackForm(form);
  const parsed = packInputSchema.safeParse(input);
  if (!parsed.success) return invalidForm(fieldErrors(parsed.error), { values });
  return withDomainErrors(
    async () => {
      await savePack(context, admin, { id: packId, input: parsed.data });
      return redirect303(`/admin/packs/${packId}`, new URLSearchParams({ saved: "saved" }));
    },
    { values },
  );
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
    ageGroupId: pack.ageGroupId,
    price: centsToInput(pack.priceCents),
    quantities: Object.fromEntries(items.map((i) => [String(i.variantId), i.quantity])),
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
      {toggle.fetcher.data?.errors && <FormError message={toggle.fetcher.data.errors.form} />}
      <PackForm
        key={pack.updatedAt}
        values={actionData?.values ?? current}
        errors={actionData?.errors}
        choices={{ ageGroups, variants }}
        submitLabel="Save pack"
      />
    </>
  );
}
