import { randomBytes, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { nextDeliveryDates } from "~/domain/delivery";
import { getSettings } from "~/domain/settings.server";
import { portionSizes, productVariants, products, users } from "~/infra/db/schema";
import { createSession, sessionCookieName } from "~/infra/session.server";
import { ORIGIN, type TestApp } from "./app";

/** Any app these helpers can drive: a test app, or an ops app over backends the test owns. */
type App = Pick<TestApp, "ctx" | "handler">;

// A shopper as the app sees them: a cookie jar, form posts through the real handler, signed in by a session row.

export type Shopper = { cookies: Map<string, string>; ip: string; userId?: number; email?: string };

export const guest = (ip = `198.51.100.${Math.floor(Math.random() * 200) + 1}`): Shopper => ({ cookies: new Map(), ip });

const cookieHeader = (s: Shopper) => [...s.cookies].map(([k, v]) => `${k}=${v}`).join("; ");

function remember(s: Shopper, res: Response) {
  for (const line of res.headers.getSetCookie()) {
    const [pair, ...attrs] = line.split(";");
    const i = pair.indexOf("=");
    const name = pair.slice(0, i).trim();
    const value = pair.slice(i + 1).trim();
    if (value === "" || attrs.some((a) => /max-age=0/i.test(a.trim()))) s.cookies.delete(name);
    else s.cookies.set(name, value);
  }
}

export async function get(app: App, s: Shopper, path: string) {
  const res = await app.handler(
    new Request(new URL(path, ORIGIN), { headers: { host: new URL(ORIGIN).host, cookie: cookieHeader(s) } }),
    { address: s.ip },
  );
  remember(s, res);
  return res;
}

export async function post(app: App, s: Shopper, path: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  const res = await app.handler(
    new Request(new URL(path, ORIGIN), {
      method: "POST",
      headers: {
        host: new URL(ORIGIN).host,
        origin: ORIGIN,
        cookie: cookieHeader(s),
        "content-type": "application/x-www-form-urlencoded",
      },
      body: body.toString(),
    }),
    { address: s.ip },
  );
  remember(s, res);
  return res;
}

/** A new customer account, signed in on `shopper` through a real session row (no login page needed). */
export async function signedInCustomer(app: App, shopper: Shopper = guest(), name = "Test Parent") {
  const email = `parent-${randomBytes(5).toString("hex")}@example.com`;
  const [user] = await app.ctx.db.insert(users).values({ email, name, emailVerifiedAt: new Date() }).returning({ id: users.id });
  return signIn(app, shopper, user.id, email);
}

export async function signIn(app: App, shopper: Shopper, userId: number, email: string) {
  const { token } = await createSession(app.ctx.db, app.ctx.clock, userId, { persistent: false });
  shopper.cookies.set(sessionCookieName(app.ctx.config), token);
  shopper.userId = userId;
  shopper.email = email;
  return shopper;
}

export async function userIdOf(app: App, email: string) {
  const [u] = await app.ctx.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return u.id;
}

/** A product's portion: its variant id, price and stock now. */
export async function variant(app: App, slug: string, grams: 130 | 160 | 220) {
  const [v] = await app.ctx.db
    .select({
      id: productVariants.id,
      priceCents: productVariants.priceCents,
      stock: productVariants.stock,
      productId: products.id,
    })
    .from(productVariants)
    .innerJoin(products, eq(productVariants.productId, products.id))
    .innerJoin(portionSizes, eq(productVariants.portionSizeId, portionSizes.id))
    .where(and(eq(products.slug, slug), eq(portionSizes.grams, grams)));
  return v;
}

export async function setStock(app: App, variantId: number, stock: number) {
  await app.ctx.db.update(productVariants).set({ stock }).where(eq(productVariants.id, variantId));
  await app.ctx.cache.invalidate("catalog");
}

/** A meal's 130 g portion, stocked for any number of orders (round-trip counts and benches order it over and over). */
export async function plentifulMeal(app: App, slug: string): Promise<number> {
  const { id } = await variant(app, slug, 130);
  await setStock(app, id, 10_000);
  return id;
}

export function addMeal(
  app: App,
  s: Shopper,
  slug: string,
  variantId: number,
  quantity: number | string,
  extra: Record<string, string> = {},
) {
  return post(app, s, `/shop/${slug}`, { variantId: String(variantId), quantity: String(quantity), ...extra });
}

export async function firstDeliveryDate(app: App) {
  const settings = await getSettings(app.ctx);
  return nextDeliveryDates(app.ctx.clock.now(), settings)[0];
}

export async function checkoutFields(app: App, overrides: Record<string, string> = {}) {
  return {
    checkoutToken: randomUUID(),
    recipientName: "Thandi Test",
    phone: "082 555 0123",
    line1: "14 Oxford Road",
    line2: "",
    suburb: "Illovo",
    city: "Johannesburg",
    postalCode: "2196",
    instructions: "",
    deliveryDate: await firstDeliveryDate(app),
    paymentMethod: "cash_on_delivery",
    notes: "",
    ...overrides,
  };
}

/** The text of a page with tags stripped and whitespace collapsed (entities decoded for & only). */
export function textOf(html: string) {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, " ");
}
