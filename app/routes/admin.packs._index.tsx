import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ACTIONS_HEADER, ActiveToggleCells, AdminHeading, NameCell, AdminTable } from "~/components/admin/admin-ui";
import { listAdminPacks, setPackActive } from "~/domain/admin-catalog.server";
import { formatRand } from "~/domain/money";
import { requireAdmin } from "~/web/guards.server";
import { toggleActiveAction } from "~/web/admin-pages.server";
import { adminTitle } from "~/components/admin/admin-title";

export const meta: MetaFunction = () => adminTitle("Packs");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  return { packs: await listAdminPacks(context.db) };
}

export const action = (args: ActionFunctionArgs) => toggleActiveAction(args, { idField: "packId", noun: "pack" }, setPackActive);

export default function AdminPacks() {
  const { packs } = useLoaderData<typeof loader>();
  return (
    <>
      <AdminHeading title="Packs" create={{ to: "/admin/packs/new", label: "New pack" }} />
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
      <NameCell to={`/admin/packs/${p.id}`} name={p.name} slug={p.slug} />
      <td>{p.ageLabel}</td>
      <td>{p.meals}</td>
      <td>{formatRand(p.priceCents)}</td>
      <ActiveToggleCells idField="packId" id={p.id} name={p.name} active={p.active} />
    </tr>
  );
}
