import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { idNumber } from "~/domain/form-fields";
import { ACTIONS_HEADER, ActiveToggleCells, AdminTable } from "~/components/admin/admin-ui";
import { listAdminPacks, setPackActive } from "~/domain/admin-catalog.server";
import { formatRand } from "~/domain/money";
import { requireAdmin } from "~/web/guards.server";
import { redirect303 } from "~/web/admin-forms.server";
import { invalidForm, withDomainErrors } from "~/web/domain-errors.server";
import { readFormFields } from "~/infra/form.server";

export const meta: MetaFunction = () => [{ title: "Packs · Little Harvest back office" }];

const toggleSchema = z.object({ intent: z.enum(["activate", "deactivate"]), packId: idNumber });

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  return { packs: await listAdminPacks(context.db) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const parsed = toggleSchema.safeParse(await readFormFields(request));
  if (!parsed.success) return invalidForm({ form: "Choose a pack and an action" });
  const { packId, intent } = parsed.data;
  return withDomainErrors(async () => {
    await setPackActive(context, admin, packId, intent === "activate");
    return redirect303("/admin/packs");
  });
}

export default function AdminPacks() {
  const { packs } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="admin-heading">
        <h1>Packs</h1>
        <Link className="button" to="/admin/packs/new">
          New pack
        </Link>
      </div>
      <AdminTable
        label="Packs"
        headers={["Pack", "Age group", "Meals", "Price", "Status", ACTIONS_HEADER]}
        rows={packs}
        row={(p) => <PackRow key={p.id} pack={p} />}
      />
    </>
  );
}

function PackRow({ pack: p }: { pack: ReturnType<typeof useLoaderData<typeof loader>>["packs"][number] }) {
  return (
    <tr>
      <td>
        <Link to={`/admin/packs/${p.id}`}>{p.name}</Link>
        <br />
        <small className="muted">{p.slug}</small>
      </td>
      <td>{p.ageLabel}</td>
      <td>{p.meals}</td>
      <td>{formatRand(p.priceCents)}</td>
      <ActiveToggleCells idField="packId" id={p.id} name={p.name} active={p.active} />
    </tr>
  );
}
