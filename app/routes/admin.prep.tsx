import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { formatIsoDate } from "~/domain/jhb-dates";
import { formatRand } from "~/domain/money";
import { getPrepPage } from "~/domain/prep.server";
import { requireAdmin } from "~/web/guards.server";
import { countOf } from "~/domain/count-of";
import { ColumnHeads } from "~/components/column-heads";
import { adminTitle } from "~/components/admin/admin-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => adminTitle(`Prep sheet ${data?.date ?? ""}`);

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const asked = new URL(request.url).searchParams.get("date") ?? "";
  return getPrepPage(context, asked);
}

export default function PrepSheet() {
  const sheet = useLoaderData<typeof loader>();
  const csv = (part: string) => `/admin/prep.csv?date=${sheet.date}&part=${part}`;
  return (
    <div className="prep">
      <h1>Prep sheet · {formatIsoDate(sheet.date)}</h1>
      <Form method="get" className="admin-filters no-print">
        <label htmlFor="date">Delivery date</label>
        <input id="date" name="date" type="date" defaultValue={sheet.date} required />
        <button type="submit" className="button secondary">
          Show
        </button>
        <a className="button secondary" href={csv("meals")} download>
          Meals CSV
        </a>
        <a className="button secondary" href={csv("deliveries")} download>
          Deliveries CSV
        </a>
      </Form>
      <p className="no-print muted">
        Print this page for the kitchen and the driver; navigation and buttons are left off the printout.
      </p>

      <section className="prep__meals">
        <h2>To cook: {sheet.totalPortions} portions</h2>
        {sheet.meals.length === 0 ? (
          <p>No orders for this day yet.</p>
        ) : (
          <table>
            <ColumnHeads names={["Meal", "Portion", "Portions"]} />
            <tbody>
              {sheet.meals.map((m) => (
                <tr key={m.key} data-meal={`${m.name} ${m.portionLabel}`}>
                  <td>{m.name}</td>
                  <td>{m.portionLabel}</td>
                  <td className="num">{m.portions}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="prep__run">
        <h2>Delivery run: {countOf(sheet.deliveries.length, "stop", "stops")}</h2>
        {sheet.deliveries.length > 0 && (
          <table>
            <ColumnHeads names={["#", "Order", "Deliver to", "Phone", "Items", "Notes", "Collect"]} />
            <tbody>
              {sheet.deliveries.map((d, i) => (
                <tr key={d.orderId}>
                  <td>{i + 1}</td>
                  <td>{d.number}</td>
                  <td>
                    <strong>{d.recipientName}</strong>
                    {d.addressLines.map((l) => (
                      <span key={l} className="line">
                        {l}
                      </span>
                    ))}
                  </td>
                  <td>{d.phone}</td>
                  <td>
                    {d.items.map((l, j) => (
                      <span key={j} className="line">
                        {l}
                      </span>
                    ))}
                  </td>
                  <td>
                    {d.instructions && <span className="line">{d.instructions}</span>}
                    {d.notes && <span className="line">{d.notes}</span>}
                  </td>
                  <td>{d.collectCents ? formatRand(d.collectCents) : "paid"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
