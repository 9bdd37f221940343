import { and, asc, eq, inArray, notInArray } from "drizzle-orm";
import type { Db } from "~/infra/db/client.server";
import { orderItems, orders } from "~/infra/db/schema";
import type { Cache } from "~/infra/cache.server";
import type { Clock } from "~/infra/clock.server";
import { toCsv } from "./csv";
import { nextKitchenDeliveryDate } from "./delivery";
import { isIsoDate } from "./jhb-dates";
import { getSettings } from "./settings.server";

// The kitchen prep sheet and delivery run for one delivery date: every order not cancelled, packs expanded into
// their meals, deliveries in postal-code order.

export type PrepMeal = { key: string; name: string; portionLabel: string; portions: number };

type PrepDelivery = {
  orderId: number;
  number: string;
  status: string;
  recipientName: string;
  phone: string;
  addressLines: string[];
  postalCode: string;
  instructions: string | null;
  notes: string | null;
  items: string[];
  collectCents: number;
};

/** The prep page: the asked date when it is one, else the kitchen's next delivery day (by the store's weekdays). */
export async function getPrepPage(deps: { db: Db; cache: Cache; clock: Clock }, askedDate: string) {
  const date = isIsoDate(askedDate)
    ? askedDate
    : nextKitchenDeliveryDate(deps.clock.now(), (await getSettings(deps)).deliveryWeekdays);
  return getPrepSheet(deps.db, date);
}

export async function getPrepSheet(db: Db, date: string) {
  const orderRows = await db
    .select()
    .from(orders)
    // an unpaid card order is not cooked until its payment is verified
    .where(and(eq(orders.deliveryDate, date), notInArray(orders.status, ["cancelled", "awaiting_payment"])))
    .orderBy(asc(orders.id));
  const ids = orderRows.map((o) => o.id);
  const itemRows = ids.length
    ? await db.select().from(orderItems).where(inArray(orderItems.orderId, ids)).orderBy(asc(orderItems.id))
    : [];
  const byOrder = new Map<number, (typeof itemRows)[number][]>();
  for (const it of itemRows) byOrder.set(it.orderId, [...(byOrder.get(it.orderId) ?? []), it]);

  const meals = new Map<string, PrepMeal>();
  const add = (variantId: number | null, name: string, portionLabel: string, portions: number) => {
    const key = variantId ? `v${variantId}` : `${name}|${portionLabel}`;
    const m = meals.get(key) ?? { key, name, portionLabel, portions: 0 };
    m.portions += portions;
    meals.set(key, m);
  };

  const deliveries: PrepDelivery[] = orderRows.map((o) => {
    const items = byOrder.get(o.id) ?? [];
    for (const it of items) {
      if (it.components?.length)
        for (const c of it.components) add(c.variantId, c.productName, c.portionLabel, c.quantity * it.quantity);
      else add(it.variantId, it.name, it.portionLabel ?? "", it.quantity);
    }
    const a = o.address;
    return {
      orderId: o.id,
      number: o.number,
      status: o.status,
      recipientName: a?.recipientName ?? "",
      phone: a?.phone ?? "",
      addressLines: a ? [a.line1, a.line2, a.suburb, `${a.city} ${a.postalCode}`].filter((l): l is string => Boolean(l)) : [],
      postalCode: a?.postalCode ?? "",
      instructions: a?.instructions ?? null,
      notes: o.notes,
      items: items.map((it) => `${it.quantity} × ${it.name}${it.portionLabel ? ` ${it.portionLabel}` : ""}`),
      collectCents: o.paymentMethod === "cash_on_delivery" && o.paymentStatus !== "paid" ? o.totalCents : 0,
    };
  });
  deliveries.sort(
    (x, y) =>
      x.postalCode.localeCompare(y.postalCode) ||
      x.addressLines.join().localeCompare(y.addressLines.join()) ||
      x.number.localeCompare(y.number),
  );
  const mealList = [...meals.values()].sort(
    (x, y) => x.name.localeCompare(y.name) || x.portionLabel.localeCompare(y.portionLabel, undefined, { numeric: true }),
  );
  return { date, meals: mealList, totalPortions: mealList.reduce((s, m) => s + m.portions, 0), deliveries };
}

export type PrepSheet = Awaited<ReturnType<typeof getPrepSheet>>;

export function prepMealsCsv(sheet: PrepSheet): string {
  return toCsv([
    ["Delivery date", "Meal", "Portion", "Portions to cook"],
    ...sheet.meals.map((m) => [sheet.date, m.name, m.portionLabel, m.portions]),
  ]);
}

export function prepDeliveriesCsv(sheet: PrepSheet): string {
  return toCsv([
    [
      "Delivery date",
      "Stop",
      "Order",
      "Postal code",
      "Recipient",
      "Phone",
      "Address",
      "Instructions",
      "Notes",
      "Items",
      "Cash to collect (R)",
    ],
    ...sheet.deliveries.map((d, i) => [
      sheet.date,
      i + 1,
      d.number,
      d.postalCode,
      d.recipientName,
      d.phone,
      d.addressLines.join(", "),
      d.instructions,
      d.notes,
      d.items.join("; "),
      d.collectCents ? (d.collectCents / 100).toFixed(2) : "",
    ]),
  ]);
}
