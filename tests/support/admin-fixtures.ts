import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { addToCart, type AddItem } from "~/domain/cart.server";
import { placeOrder } from "~/domain/checkout.server";
import { nextDeliveryDates } from "~/domain/delivery";
import { getSettings } from "~/domain/settings.server";
import { portionSizes, productVariants, products, users } from "~/infra/db/schema";
import { createSession, sessionCookieName } from "~/infra/session.server";
import type { TestApp } from "./app";
import { TEST_ADMIN } from "./seed-shop";

// Back-office test helpers: sign in by creating a session row directly, and place real orders through the
// storefront's own cart and checkout functions.

export const ADMIN_EMAIL = TEST_ADMIN.email;
export const CUSTOMER_EMAIL = "parent@example.com";

export async function userId(app: TestApp, email: string): Promise<number> {
  const [u] = await app.ctx.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (!u) throw new Error(`no user ${email}`);
  return u.id;
}

/** A Cookie header value for a fresh session of this user. */
export async function sessionCookieFor(app: TestApp, email: string): Promise<string> {
  const { token } = await createSession(app.ctx.db, app.ctx.clock, await userId(app, email), { persistent: false });
  return `${sessionCookieName(app.ctx.config)}=${token}`;
}

/** A same-origin form POST with this cookie. */
export function postForm(app: TestApp, path: string, cookie: string, fields: Record<string, string | string[]> | FormData) {
  let body: URLSearchParams | FormData;
  if (fields instanceof FormData) body = fields;
  else {
    body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  }
  return app.request(path, { method: "POST", headers: { cookie }, body, redirect: "manual" });
}

export function getAs(app: TestApp, path: string, cookie: string) {
  return app.request(path, { headers: { cookie }, redirect: "manual" });
}

export async function variantId(app: TestApp, productSlug: string, grams: 130 | 160 | 220): Promise<number> {
  const [v] = await app.ctx.db
    .select({ id: productVariants.id })
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .innerJoin(portionSizes, eq(portionSizes.id, productVariants.portionSizeId))
    .where(and(eq(products.slug, productSlug), eq(portionSizes.grams, grams)));
  if (!v) throw new Error(`no variant ${productSlug} ${grams}`);
  return v.id;
}

export async function stockOf(app: TestApp, id: number): Promise<number> {
  const [v] = await app.ctx.db.select({ stock: productVariants.stock }).from(productVariants).where(eq(productVariants.id, id));
  return v.stock;
}

export const TEST_ADDRESS = {
  recipientName: "Thandi Demo",
  phone: "+27 82 555 0123",
  line1: "14 Oxford Road",
  line2: null,
  suburb: "Illovo",
  city: "Johannesburg",
  postalCode: "2196",
  instructions: "Gate code 2580",
};

/** Places an order as the demo customer through cart + checkout; delivery on the first open delivery day by default. */
export async function placeTestOrder(
  app: TestApp,
  opts: {
    items: Array<{ item: AddItem; quantity: number }>;
    paymentMethod?: "cash_on_delivery" | "card";
    deliveryDate?: string;
    address?: Partial<typeof TEST_ADDRESS>;
    notes?: string;
    email?: string;
  },
) {
  const email = opts.email ?? CUSTOMER_EMAIL;
  const uid = await userId(app, email);
  // The demo parent's child has allergies: the parent confirms, as the shop asks them to.
  for (const { item, quantity } of opts.items) {
    await addToCart(app.ctx, { userId: uid }, item, quantity, { allergyConfirmed: true });
  }
  const settings = await getSettings(app.ctx);
  const deliveryDate = opts.deliveryDate ?? nextDeliveryDates(app.ctx.clock.now(), settings)[0];
  return placeOrder(app.ctx, {
    user: { id: uid, email, name: "Thandi Demo" },
    checkoutToken: randomBytes(16).toString("hex"),
    address: { ...TEST_ADDRESS, ...opts.address },
    deliveryDate,
    paymentMethod: opts.paymentMethod ?? "cash_on_delivery",
    notes: opts.notes ?? null,
  });
}
