import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActiveBadge, FormError } from "~/components/admin/admin-ui";
import { listAdminPacks, setPackActive } from "~/domain/admin-catalog.server";
import { formatRand } from "~/domain/money";
import { requireAdmin } from "~/infra/guards.server";
import { redirect303 } from "~/infra/http/admin-forms.server";

export const meta: MetaFunction = () => [{ title: "Packs · Little Harvest back office" }];

const toggleSchema = z.object({ intent: z.enum(["activate", "deactivate"]), packId: z.coerce.number().int().positive() });

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  return { packs: await listAdminPacks(context.db) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const parsed = toggleSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: "Choose a pack and an action" }, { status: 400 });
  const result = await setPackActive(context, admin, parsed.data.packId, parsed.data.intent === "activate");
  if (!result.ok) return data({ error: result.errors.form ?? "That did not work" }, { status: result.status });
  return redirect303("/admin/packs");
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
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th>Pack</th>
              <th>Age group</th>
              <th>Meals</th>
              <th>Price</th>
              <th>Status</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {packs.map((p) => (
              <PackRow key={p.id} pack={p} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function PackRow({ pack: p }: { pack: ReturnType<typeof useLoaderData<typeof loader>>["packs"][number] }) {
  const fetcher = useFetcher<typeof action>();
  const pending = fetcher.formData?.get("intent");
  const active = pending ? pending === "activate" : p.active;
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
      <td>
        <ActiveBadge active={active} />
      </td>
      <td>
        <fetcher.Form method="post">
          <input type="hidden" name="packId" value={p.id} />
          <button type="submit" name="intent" value={active ? "deactivate" : "activate"} className="link-button">
            {active ? "Deactivate" : "Activate"}
            <span className="visually-hidden"> {p.name}</span>
          </button>
        </fetcher.Form>
        {fetcher.data && "error" in fetcher.data && <FormError error={fetcher.data.error} />}
      </td>
    </tr>
  );
}
