// Placing an order: ONE transaction that re-prices the cart from the database, takes the stock with conditional
// updates that can never go below zero, writes the order with its snapshot, first event, payment row and
// confirmation email, and empties the cart. Idempotent by checkout token: the same token always means the same order.
import { and, desc, eq, gte, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Cache } from "~/infra/cache.server";
import type { Clock } from "~/infra/clock.server";
import type { Db, Tx } from "~/infra/db/client.server";
import {
  addresses,
  carts,
  orderEvents,
  orderItems,
  orders,
  payments,
  portionSizes,
  productVariants,
  products,
  type AddressSnapshot,
} from "~/infra/db/schema";
import { emailOrderItems } from "~/emails/schema";
import type { Metrics } from "~/infra/metrics.server";
import type { PaymentProvider } from "~/infra/payments/provider.server";
import { forgetStockOf } from "./catalog.server";
import { findCartId, priceCartLines, variantDemand, type PricedLine } from "./cart.server";
import { deliveryFeeFor, isDeliveryDateOpen } from "./delivery";
import { conflict, invalidField } from "./domain-error";
import { enqueueEmail } from "./email-outbox.server";
import { enabledPaymentMethods, paymentMethodLabel, type PaymentMethod } from "./payment-methods";
import { newMerchantTransactionId, withCardAvailability } from "./payments.server";
import { getSettings, type StoreSettings } from "./settings.server";
import { selectVariants } from "./variant-rows.server";

export type CheckoutDeps = {
  db: Db;
  cache: Cache;
  clock: Clock;
  metrics: Metrics;
  config: { appUrl: string };
  log?: Logger;
  /** The card provider; without one the card method is off whatever the settings say. */
  payments?: PaymentProvider | null;
};

type CheckoutField = "address" | "postalCode" | "deliveryDate" | "paymentMethod" | "form";

/** Why an order could not be placed (400 beside `field`); nothing was written (the transaction rolled back). */
const refuse = (message: string, field: CheckoutField = "form") => invalidField(field, message);

export type CheckoutInput = {
  user: { id: number; email: string; name: string };
  checkoutToken: string;
  address: AddressSnapshot;
  deliveryDate: string;
  paymentMethod: PaymentMethod;
  notes?: string | null;
  /** Keep this address on the account for next time. */
  saveAddress?: boolean;
};

/** `awaitingPayment`: a card order, whose shopper goes on to the provider's hosted checkout. */
export type PlacedOrder = { orderId: number; number: string; duplicate: boolean; awaitingPayment: boolean };

const ORDER_NUMBER_SQL = sql<string>`'LH-' || lpad(nextval('order_number_seq')::text, 6, '0')`;

/** Validates what needs settings (area, date, payment method) before any row is locked. */
function checkCheckoutRules(
  settings: StoreSettings,
  now: Date,
  input: Pick<CheckoutInput, "address" | "deliveryDate" | "paymentMethod">,
) {
  const postal = input.address.postalCode.trim();
  if (!settings.deliveryPostalCodes.includes(postal)) {
    throw refuse(
      `Sorry, we don't deliver to ${postal} yet. We deliver to Johannesburg and the northern suburbs — check the postal code, or use another address.`,
      "postalCode",
    );
  }
  if (!isDeliveryDateOpen(now, settings, input.deliveryDate)) {
    throw refuse("Please choose one of the delivery days shown.", "deliveryDate");
  }
  if (!enabledPaymentMethods(settings).some((m) => m.code === input.paymentMethod)) {
    throw refuse(
      `${paymentMethodLabel(input.paymentMethod)} is not available right now; please choose another way to pay.`,
      "paymentMethod",
    );
  }
}

export async function placeOrder(deps: CheckoutDeps, input: CheckoutInput): Promise<PlacedOrder> {
  const { db, clock } = deps;
  const existing = await findByToken(db, input.checkoutToken);
  if (existing) return sameOrder(existing, input.user.id);

  const settings = withCardAvailability(await getSettings(deps), deps.payments ?? null);
  const now = clock.now();
  checkCheckoutRules(settings, now, input);

  let placed: PlacedOrder & { totalCents: number; variantIds: number[] };
  try {
    placed = await db.transaction((tx) => placeInTransaction(tx, deps, settings, now, input));
  } catch (error) {
    // Two submissions of one token racing: the loser's insert hits the unique token; answer with the winner's order.
    if (isUniqueViolation(error)) {
      const winner = await findByToken(db, input.checkoutToken);
      if (winner) return sameOrder(winner, input.user.id);
    }
    throw error;
  }
  if (placed.duplicate) {
    return { orderId: placed.orderId, number: placed.number, duplicate: true, awaitingPayment: placed.awaitingPayment };
  }

  await forgetStockOf(deps, placed.variantIds).catch(async (error) => {
    deps.log?.warn({ err: error }, "could not work out which catalog pages the order changed; dropping them all");
    await deps.cache.invalidate("catalog");
  });
  deps.metrics.ordersPlaced.inc({ payment_method: input.paymentMethod });
  deps.metrics.orderValue.inc(placed.totalCents);
  deps.log?.info({ orderId: placed.orderId, order: placed.number, totalCents: placed.totalCents }, "order placed");
  return { orderId: placed.orderId, number: placed.number, duplicate: false, awaitingPayment: placed.awaitingPayment };
}

async function placeInTransaction(tx: Tx, deps: CheckoutDeps, settings: StoreSettings, now: Date, input: CheckoutInput) {
  const cartId = await findCartId(tx, { userId: input.user.id });
  if (cartId) {
    // One checkout per cart at a time: a double submit waits here, then finds the order the first one made.
    await tx.select({ id: carts.id }).from(carts).where(eq(carts.id, cartId)).for("update");
  }
  const again = await findByToken(tx, input.checkoutToken);
  if (again) return { ...sameOrder(again, input.user.id), variantIds: [] };

  const lines = cartId ? await priceCartLines(tx, cartId) : [];
  if (lines.length === 0) {
    // Another tab's checkout just took this cart: show the shopper the order it placed rather than an empty cart.
    const placed = await recentOrderOf(tx, input.user.id, now);
    if (placed) return { ...sameOrder(placed, input.user.id), variantIds: [] };
    throw refuse("Your cart is empty — add some meals first.");
  }
  const gone = lines.find((l) => !l.active);
  if (gone) throw refuse(`${gone.name} is no longer available — please remove it from your cart.`);

  // Take the stock, one conditional update per variant in id order (so concurrent checkouts never deadlock).
  const demand = [...variantDemand(lines).entries()].sort(([a], [b]) => a - b);
  for (const [variantId, quantity] of demand) {
    const taken = await tx
      .update(productVariants)
      .set({ stock: sql`${productVariants.stock} - ${quantity}`, updatedAt: now })
      .where(and(eq(productVariants.id, variantId), gte(productVariants.stock, quantity), eq(productVariants.active, true)))
      .returning({ id: productVariants.id });
    if (taken.length === 0) {
      const [v] = await selectVariants(tx, {
        name: products.name,
        portion: portionSizes.label,
        stock: productVariants.stock,
      }).where(eq(productVariants.id, variantId));
      const meal = v ? `${v.name} (${v.portion})` : "one of your meals";
      throw refuse(stockOutMessage(lines, variantId, meal, v?.stock ?? 0, quantity));
    }
  }

  const subtotalCents = lines.reduce((sum, l) => sum + l.lineTotalCents, 0);
  const deliveryFeeCents = deliveryFeeFor(subtotalCents, settings);
  const totalCents = subtotalCents + deliveryFeeCents;
  const address = normalizeAddress(input.address);
  const card = input.paymentMethod === "card";

  const [order] = await tx
    .insert(orders)
    .values({
      number: ORDER_NUMBER_SQL,
      userId: input.user.id,
      checkoutToken: input.checkoutToken,
      status: card ? "awaiting_payment" : "placed",
      paymentMethod: input.paymentMethod,
      email: input.user.email,
      subtotalCents,
      deliveryFeeCents,
      totalCents,
      deliveryDate: input.deliveryDate,
      address,
      notes: input.notes?.trim() || null,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: orders.id, number: orders.number });

  await tx.insert(orderItems).values(
    lines.map((l) => ({
      orderId: order.id,
      variantId: l.variantId,
      packId: l.packId,
      name: l.name,
      portionLabel: l.portionLabel,
      quantity: l.quantity,
      unitPriceCents: l.unitPriceCents,
      lineTotalCents: l.lineTotalCents,
      components: l.components,
    })),
  );
  await tx.insert(orderEvents).values({
    orderId: order.id,
    type: "status_changed",
    fromValue: null,
    toValue: card ? "awaiting_payment" : "placed",
    actorUserId: input.user.id,
    actorLabel: "customer",
    note: card ? "Order placed; waiting for the card payment" : "Order placed",
    createdAt: now,
  });
  await tx.insert(payments).values(paymentRowFor(input.paymentMethod, order, totalCents, now));

  if (input.saveAddress) await rememberAddress(tx, input.user.id, address);
  if (cartId) await tx.delete(carts).where(eq(carts.id, cartId));
  // A card order is confirmed by its payment-confirmation email once the provider's outcome is verified.
  const variantIds = demand.map(([id]) => id);
  if (card) return { orderId: order.id, number: order.number, totalCents, duplicate: false, awaitingPayment: true, variantIds };

  await enqueueEmail(tx, {
    template: "order-confirmation",
    to: input.user.email,
    idempotencyKey: `order-confirmation:${order.number}`,
    props: {
      name: input.user.name.trim() || address.recipientName,
      orderNumber: order.number,
      items: emailOrderItems(lines),
      subtotalCents,
      deliveryFeeCents,
      totalCents,
      deliveryDate: input.deliveryDate,
      deliveryAddressLines: addressLines(address),
      paymentMethodLabel: paymentMethodLabel(input.paymentMethod),
      orderUrl: `${deps.config.appUrl}/orders/${order.number}`,
    },
  });

  return { orderId: order.id, number: order.number, totalCents, duplicate: false, awaitingPayment: false, variantIds };
}

/**
 * A stock-out in the shopper's words: the cart line they see (a pack, not a meal they never added on its own) and
 * which meal ran short.
 */
function stockOutMessage(lines: PricedLine[], variantId: number, meal: string, stock: number, needed: number) {
  const uses = lines.flatMap((l) => {
    if (l.variantId === variantId) return [{ line: l, units: l.quantity }];
    const part = l.components?.find((c) => c.variantId === variantId);
    return part ? [{ line: l, units: part.quantity * l.quantity }] : [];
  });
  const packNames = [...new Set(uses.filter((u) => u.line.kind === "pack").map((u) => u.line.name))].join(" and ");
  if (!packNames) {
    return stock > 0
      ? `Sorry, only ${stock} of ${meal} left — your order needs ${needed}. Please lower the quantity in your cart.`
      : `Sorry, ${meal} has just sold out. Please remove it from your cart.`;
  }
  if (stock === 0)
    return `Sorry, ${packNames} can't be made right now: its ${meal} has just sold out. Please remove it from your cart.`;
  const split =
    uses.length > 1
      ? ` (${uses.map((u) => `${u.units} ${u.line.kind === "pack" ? `in ${u.line.name}` : "on its own"}`).join(", ")})`
      : "";
  return `Sorry, ${packNames} needs ${needed} of ${meal}${split} and only ${stock} are left. Please lower the quantity in your cart.`;
}

const RECENT_ORDER_MS = 10 * 60_000;

async function recentOrderOf(tx: Tx, userId: number, now: Date) {
  const [row] = await tx
    .select({ id: orders.id, number: orders.number, userId: orders.userId, status: orders.status })
    .from(orders)
    .where(and(eq(orders.userId, userId), gte(orders.createdAt, new Date(now.getTime() - RECENT_ORDER_MS))))
    .orderBy(desc(orders.createdAt))
    .limit(1);
  return row ?? null;
}

/**
 * The payment seam: each method says which payments row it starts with. Cash on delivery is collected by the driver
 * (unpaid until an admin marks it paid); card starts unpaid with Peach and its own merchant transaction id, and only
 * the provider's verified outcome moves it (payments.server.ts).
 */
function paymentRowFor(method: PaymentMethod, order: { id: number; number: string }, amountCents: number, now: Date) {
  const row = { orderId: order.id, method, amountCents, status: "unpaid" as const, createdAt: now, updatedAt: now };
  switch (method) {
    case "cash_on_delivery":
      return { ...row, provider: "cash" };
    case "card":
      return { ...row, provider: "peach", merchantTransactionId: newMerchantTransactionId(order.number) };
  }
}

export function addressLines(a: AddressSnapshot): string[] {
  return [a.recipientName, a.line1, a.line2, a.suburb, `${a.city} ${a.postalCode}`].filter((s): s is string =>
    Boolean(s && s.trim()),
  );
}

function normalizeAddress(a: AddressSnapshot): AddressSnapshot {
  const t = (s: string | null | undefined) => (s ?? "").trim();
  return {
    recipientName: t(a.recipientName),
    phone: t(a.phone),
    line1: t(a.line1),
    line2: t(a.line2) || null,
    suburb: t(a.suburb),
    city: t(a.city) || "Johannesburg",
    postalCode: t(a.postalCode),
    instructions: t(a.instructions) || null,
  };
}

async function rememberAddress(tx: Tx, userId: number, a: AddressSnapshot) {
  const saved = await tx
    .select({ id: addresses.id, line1: addresses.line1, postalCode: addresses.postalCode })
    .from(addresses)
    .where(eq(addresses.userId, userId));
  if (saved.some((s) => s.line1 === a.line1 && s.postalCode === a.postalCode)) return;
  await tx.insert(addresses).values({
    userId,
    recipientName: a.recipientName,
    phone: a.phone,
    line1: a.line1,
    line2: a.line2 ?? null,
    suburb: a.suburb,
    city: a.city,
    postalCode: a.postalCode,
    instructions: a.instructions ?? null,
    isDefault: saved.length === 0,
  });
}

type TokenRow = { id: number; number: string; userId: number | null; status: string };

async function findByToken(db: Db | Tx, token: string): Promise<TokenRow | null> {
  const [row] = await db
    .select({ id: orders.id, number: orders.number, userId: orders.userId, status: orders.status })
    .from(orders)
    .where(eq(orders.checkoutToken, token))
    .limit(1);
  return row ?? null;
}

function sameOrder(row: TokenRow, userId: number): PlacedOrder & { duplicate: true; totalCents: number } {
  if (row.userId !== userId) {
    throw conflict("This checkout form has expired. Please review your cart and try again.", "checkoutToken");
  }
  return {
    orderId: row.id,
    number: row.number,
    duplicate: true,
    awaitingPayment: row.status === "awaiting_payment",
    totalCents: 0,
  };
}

/** Postgres unique_violation (23505), however the driver or drizzle wraps it. */
function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}
