import { randomBytes, randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { nextDeliveryDates } from "~/domain/delivery";
import { getSettings } from "~/domain/settings.server";
import type { Cache } from "~/infra/cache.server";
import { systemClock } from "~/infra/clock.server";
import type { Db } from "~/infra/db/client.server";
import { emailOutbox, orders, portionSizes, productVariants, products, users } from "~/infra/db/schema";
import { createSession, sessionCookieName } from "~/infra/session.server";

// Shoppers of a real server process (node build/server.js) over HTTP, with their accounts made straight in its
// database. Used by the outage suites and the drills.

const noCache: Cache = {
  fetch: (_ns, _key, load) => load(),
  invalidate: async () => {},
  forget: async () => {},
  changeInBackground: () => {},
  stamp: async () => null,
  settled: async () => {},
};

export type LiveShopper = { userId: number; cookie: string };

export async function liveCustomer(db: Db): Promise<LiveShopper> {
  const email = `drill-${randomBytes(5).toString("hex")}@example.com`;
  const [u] = await db.insert(users).values({ email, name: "Drill Parent", emailVerifiedAt: new Date() }).returning();
  const { token } = await createSession(db, systemClock, u.id, { persistent: false });
  return { userId: u.id, cookie: `${sessionCookieName({ isProduction: false })}=${token}` };
}

export function liveRequest(base: string, s: LiveShopper | null, path: string, form?: Record<string, string>) {
  return fetch(`${base}${path}`, {
    method: form ? "POST" : "GET",
    redirect: "manual",
    headers: {
      ...(s && { cookie: s.cookie }),
      ...(form && { origin: base, "content-type": "application/x-www-form-urlencoded" }),
    },
    body: form && new URLSearchParams(form).toString(),
  });
}

/** A meal portion's variant id and stock now. */
export async function liveVariant(db: Db, slug: string, grams: number) {
  const [v] = await db
    .select({ id: productVariants.id, stock: productVariants.stock })
    .from(productVariants)
    .innerJoin(products, eq(productVariants.productId, products.id))
    .innerJoin(portionSizes, eq(productVariants.portionSizeId, portionSizes.id))
    .where(and(eq(products.slug, slug), eq(portionSizes.grams, grams)));
  return v;
}

/** A complete checkout form with a fresh token (resubmitting the same object is the same order). */
export async function liveCheckoutForm(db: Db): Promise<Record<string, string>> {
  const settings = await getSettings({ db, cache: noCache });
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
    deliveryDate: nextDeliveryDates(systemClock.now(), settings)[0],
    paymentMethod: "cash_on_delivery",
    notes: "",
  };
}

/** Orders per customer and confirmation emails queued: what "nothing lost, nothing duplicated" is checked against. */
export async function placedOrders(db: Db) {
  const rows = await db.select({ userId: orders.userId, number: orders.number }).from(orders);
  const perUser = new Map<number, number>();
  for (const r of rows) if (r.userId !== null) perUser.set(r.userId, (perUser.get(r.userId) ?? 0) + 1);
  const [emails] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(emailOutbox)
    .where(eq(emailOutbox.template, "order-confirmation"));
  return { total: rows.length, perUser, confirmationEmails: Number(emails.n) };
}
