import { eq } from "drizzle-orm";
import { orders, payments, storeSettings } from "~/infra/db/schema";
import type { TestApp } from "./app";
import type { PeachStandIn } from "./peach-stand-in";
import { addMeal, checkoutFields, get, post, signedInCustomer, variant, type Shopper } from "./storefront";

// A card shopper's journey without a browser: checkout → our pay page → the Peach stand-in's card form → the signed
// redirect back. Webhooks are posted by the tests themselves (the in-process app has no port for the stand-in).

export async function enableCard(app: TestApp) {
  await app.ctx.db.update(storeSettings).set({ paymentMethods: { cash_on_delivery: true, card: true } });
  await app.ctx.cache.invalidate("settings");
}

/** Hidden inputs of the first form on a page, decoded, and its action. */
export function formOf(html: string) {
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1] ?? "";
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"/g)) fields[decode(m[1])] = decode(m[2]);
  return { action: decode(action), fields };
}
const decode = (s: string) =>
  s
    .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'");

/** A signed-in shopper places a card order for `quantity` of one meal; returns the order and its payment row. */
export async function placeCardOrder(app: TestApp, quantity = 2, shopper?: Shopper) {
  const s = shopper ?? (await signedInCustomer(app));
  const meal = await variant(app, "chicken-sweet-potato-carrot", 130);
  await addMeal(app, s, "chicken-sweet-potato-carrot", meal.id, quantity);
  const res = await post(app, s, "/checkout", await checkoutFields(app, { paymentMethod: "card" }));
  if (res.status !== 303) throw new Error(`checkout answered ${res.status}: ${await res.text()}`);
  const number = /\/orders\/(LH-\d+)\/pay$/.exec(res.headers.get("location") ?? "")?.[1];
  if (!number) throw new Error(`checkout redirected to ${res.headers.get("location")}`);
  const [row] = await app.ctx.db
    .select({ order: orders, payment: payments })
    .from(orders)
    .innerJoin(payments, eq(payments.orderId, orders.id))
    .where(eq(orders.number, number));
  return { shopper: s, number, order: row.order, payment: row.payment, meal };
}

/** Follows the pay page's signed form to the stand-in; returns the stand-in's checkout id. */
export async function openHostedCheckout(app: TestApp, s: Shopper, number: string) {
  const page = await get(app, s, `/orders/${number}/pay`);
  const { action, fields } = formOf(await page.text());
  const res = await fetch(action, { method: "POST", body: new URLSearchParams(fields) });
  const html = await res.text();
  const checkoutId = /data-checkout-id="([0-9a-f]+)"/.exec(html)?.[1];
  if (!checkoutId) throw new Error(`stand-in answered ${res.status}: ${html}`);
  return checkoutId;
}

/** Pays (or declines, or cancels) on the stand-in; returns the signed parameters its page posts back to the shop. */
export async function finishOnStandIn(standIn: PeachStandIn, checkoutId: string, how: { card: string } | "cancel") {
  const path = how === "cancel" ? "cancel" : "pay";
  const body = new URLSearchParams(how === "cancel" ? {} : { cardNumber: how.card });
  const res = await fetch(`${standIn.url}/checkout/${checkoutId}/${path}`, { method: "POST", body });
  return formOf(await res.text()).fields;
}

/** POST form parameters to the app as Peach does (no cookies, no Origin). */
export function postAsPeach(app: TestApp, path: string, params: Record<string, string>) {
  return app.handler(
    new Request(new URL(path, "http://localhost:3000"), {
      method: "POST",
      headers: { host: "localhost:3000", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(params).toString(),
    }),
    { address: "203.0.113.9" },
  );
}

export async function orderState(app: TestApp, orderId: number) {
  const [row] = await app.ctx.db
    .select({
      status: orders.status,
      paymentStatus: orders.paymentStatus,
      payment: payments.status,
      refunded: payments.refundedCents,
    })
    .from(orders)
    .innerJoin(payments, eq(payments.orderId, orders.id))
    .where(eq(orders.id, orderId));
  return row;
}
