import type { LoaderFunctionArgs } from "@remix-run/node";
import { isIsoDate } from "~/domain/jhb-dates";
import { getPrepSheet, prepDeliveriesCsv, prepMealsCsv } from "~/domain/prep.server";
import { requireAdmin } from "~/web/guards.server";

// GET /admin/prep.csv?date=YYYY-MM-DD&part=meals|deliveries — a resource route, so it guards itself.
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const params = new URL(request.url).searchParams;
  const date = params.get("date") ?? "";
  if (!isIsoDate(date)) return new Response("Give a delivery date as ?date=YYYY-MM-DD", { status: 400 });
  const part = params.get("part") === "deliveries" ? "deliveries" : "meals";
  const sheet = await getPrepSheet(context.db, date);
  const body = part === "meals" ? prepMealsCsv(sheet) : prepDeliveriesCsv(sheet);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="little-harvest-${part}-${date}.csv"`,
      "cache-control": "private, no-store",
    },
  });
}
