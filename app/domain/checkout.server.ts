// Placing an order: the cart re-priced from the database, then ONE atomic batch that empties the cart, takes the stock
// with conditional updates that can never go below zero, and writes the order with its snapshot, first event, payment
// row and confirmation email. Idempotent by checkout token: the same token always means the same order.
import { and, desc, eq, gte, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Cache } from "~/infra/cache.server";
import type { Clock } from "~/infra/clock.server";
import { assertionFailure, atomically } from "~/infra/db/atomic-batch.server";
import type { Db, DbOrTx } from "~/infra/db/client.server";
import { isUniqueViolation } from "~/infra/db/pg-errors";
import {
  addresses,
  carts,
  orderEvents,
  orderItems,
  orderNumbers,
  orders,
  payments,
  productVariants,
  type AddressSnapshot,
} from "~/infra/db/schema";
import { emailOrderItems } from "~/emails/schema";
import type { Metrics } from "~/infra/metrics.server";
import type { PaymentProvider } from "~/infra/payments/provider.server";
import { addressLines } from "./address-lines";
import { forgetMovedStock, movedStockReads, type MovedStock } from "./catalog.server";
import { cartLinesAre, readCart, variantDemand, type PricedLine } from "./cart.server";
import { deliveryFeeFor, isDeliveryDateOpen } from "./delivery";
import { conflict, invalidField } from "./domain-error";
import { outboxInsert } from "./email-outbox.server";
import { enabledPaymentMethods, paymentMethodLabel, type PaymentMethod } from "./payment-methods";
import { newMerchantTransactionId, withCardAvailability } from "./payments.server";
import { getSettings, type StoreSettings } from "./settings.server";

export type CheckoutDeps = {
  db: Db;
  cache: Cache;
  clock: Clock;
  metrics: Metrics;
  config: { appUrl: string };
  log?: Logger;
  /** Resolves when this request may write (the rate limiter's verdict); throws when it may not. */
  allowedToWrite?: () => Promise<void>;
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

/** Validates what needs settings (area, date, payment method) before anything is written. */
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

/** An order is read, checked and then written in one batch; a cart that changed in between is read again, this often. */
const ATTEMPTS = 3;

/** Orders placed at the very same moment as this one, each taking the number it read: this many are waited out. */
const NUMBER_RACES = 20;

/**
 * Places the order. `firstReads`: `readOrderInputs` for this shopper and token, started by the caller beside the
 * session check (one round trip less at the edge); every retry reads again.
 */
export async function placeOrder(deps: CheckoutDeps, input: CheckoutInput, firstReads?: OrderInputs): Promise<PlacedOrder> {
  let numberRaces = 0;
  let prefetched = firstReads?.userId === input.user.id && firstReads.checkoutToken === input.checkoutToken ? firstReads : null;
  for (let attempt = 1; ; attempt++) {
    try {
      const reads = prefetched ?? (await readOrderInputs(deps, input.user.id, input.checkoutToken));
      prefetched = null;
      return await attemptOrder(deps, input, reads);
    } catch (error) {
      // Two submissions of one token racing: the loser's insert hits the unique token; answer with the winner's order.
      if (isUniqueViolation(error)) {
        const winner = await findByToken(deps.db, input.checkoutToken);
        if (winner) return sameOrder(winner, input.user.id);
      }
      // The cart or a meal's stock changed after it was read (another tab's checkout, an edit, another shopper):
      // nothing was written. Reading again shows what happened: the order another tab placed, or a stock message.
      const failure = assertionFailure(error);
      if (failure === null) throw error;
      // Another shopper's order took the number at the same moment: nothing changed for this one, so it is not an
      // attempt used up (bounded all the same).
      if (failure.includes(NUMBER_TAKEN) && numberRaces++ < NUMBER_RACES) {
        attempt--;
        continue;
      }
      if (attempt === ATTEMPTS)
        throw conflict("Your cart changed while the order was being placed. Please check it and try again.");
    }
  }
}

export type OrderInputs = Awaited<ReturnType<typeof readOrderInputs>>;

/**
 * Everything an order is checked against, read side by side in one round trip: the order already placed with this
 * token, the settings, the cart priced now, and a new order id and the next number. Reads only (an unused id is
 * never shown; the number is claimed by the write), so it may start before the session is confirmed.
 */
export async function readOrderInputs(deps: CheckoutDeps, userId: number, checkoutToken: string) {
  const [existing, storeSettings, cart, order] = await Promise.all([
    findByToken(deps.db, checkoutToken),
    getSettings(deps),
    readCart(deps.db, { userId }),
    newOrderIdAndNumber(deps.db),
  ]);
  return { userId, checkoutToken, existing, storeSettings, cart, order };
}

/**
 * Two round trips to the database: everything the order needs is read side by side (`readOrderInputs`), checked here,
 * and then written in one atomic batch. The batch's first statement deletes the cart only if it still holds the lines
 * that were priced; each stock update takes only stock that is there. Either failing stops the batch (lh_assert), and
 * placeOrder reads again.
 */
async function attemptOrder(deps: CheckoutDeps, input: CheckoutInput, reads: OrderInputs): Promise<PlacedOrder> {
  const { db, clock } = deps;
  const { existing, storeSettings, cart, order } = reads;
  if (existing) return sameOrder(existing, input.user.id);
  const settings = withCardAvailability(storeSettings, deps.payments ?? null);
  const now = clock.now();
  checkCheckoutRules(settings, now, input);

  const { cartId, lines } = cart;
  if (!cartId || lines.length === 0) {
    // Another tab's checkout just took this cart: show the shopper the order it placed rather than an empty cart.
    const placed = await recentOrderOf(db, input.user.id, now);
    if (placed) return sameOrder(placed, input.user.id);
    throw refuse("Your cart is empty — add some meals first.");
  }
  const gone = lines.find((l) => !l.active);
  if (gone) throw refuse(`${gone.name} is no longer available — please remove it from your cart.`);
  // In id order, so concurrent checkouts lock the same rows in the same order and never deadlock.
  const demand = [...variantDemand(lines).entries()].sort(([a], [b]) => a - b);
  const short = demand.find(([variantId, quantity]) => (cart.stock.get(variantId) ?? 0) < quantity);
  if (short) throw refuse(stockOutMessage(lines, short[0], cart.stock.get(short[0]) ?? 0, short[1]));

  const subtotalCents = lines.reduce((sum, l) => sum + l.lineTotalCents, 0);
  const deliveryFeeCents = deliveryFeeFor(subtotalCents, settings);
  const totalCents = subtotalCents + deliveryFeeCents;
  const address = normalizeAddress(input.address);
  const card = input.paymentMethod === "card";
  const status = card ? "awaiting_payment" : "placed";

  const variantIds = demand.map(([id]) => id);
  await deps.allowedToWrite?.();
  const written = await atomically(db, (q) => [
    q.execute(sql`with taken as (delete from ${carts} where id = ${cartId} and ${cartLinesAre({ cartId, fingerprint: cart.fingerprint })} returning 1)
      select lh_assert((select count(*) from taken) = 1, 'cart changed')`),
    ...demand.map(([variantId, quantity]) =>
      q.execute(sql`with taken as (
          update ${productVariants} set stock = stock - ${quantity}, updated_at = ${now.toISOString()}::timestamptz
          where id = ${variantId} and stock >= ${quantity} and active returning 1)
        select lh_assert((select count(*) from taken) = 1, 'stock changed')`),
    ),
    claimOrderNumber(q, order.seq),
    q.insert(orders).values({
      id: order.id,
      number: order.number,
      userId: input.user.id,
      checkoutToken: input.checkoutToken,
      status,
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
    }),
    q.insert(orderItems).values(
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
    ),
    q.insert(orderEvents).values({
      orderId: order.id,
      type: "status_changed",
      fromValue: null,
      toValue: status,
      actorUserId: input.user.id,
      actorLabel: "customer",
      note: card ? "Order placed; waiting for the card payment" : "Order placed",
      createdAt: now,
    }),
    q.insert(payments).values(paymentRowFor(input.paymentMethod, order, totalCents, now)),
    ...(input.saveAddress ? [rememberAddress(q, input.user.id, address)] : []),
    // A card order is confirmed by its payment-confirmation email once the provider's outcome is verified.
    ...(card
      ? []
      : [
          outboxInsert(q, {
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
          }),
        ]),
    // Last, so they see the stock this order left: which cached catalogue pages now show the wrong stock.
    ...movedStockReads(q, variantIds),
  ]);
  const [meals, packsUsing] = written.slice(-2) as [MovedStock["meals"], MovedStock["packsUsing"]];
  // The answer is a redirect to the order, which shows no catalogue page: the shopper does not wait for this.
  deps.cache.changeInBackground(() => forgetMovedStock(deps.cache, { meals, packsUsing }));
  deps.metrics.ordersPlaced.inc({ payment_method: input.paymentMethod });
  deps.metrics.orderValue.inc(totalCents);
  deps.log?.info({ orderId: order.id, order: order.number, totalCents }, "order placed");
  return { orderId: order.id, number: order.number, duplicate: false, awaitingPayment: card };
}

/**
 * Read before the order is written, so the batch needs nothing back from it: a new id (gaps there mean nothing) and
 * the number after the last one given out. The batch claims that number (claimOrderNumber); a checkout that fails
 * rolls the claim back with everything else, so the next order gets it and staff never meet a missing number.
 * Before the first claim the counter row does not exist yet: it starts after the highest order number there is.
 */
async function newOrderIdAndNumber(db: Db): Promise<{ id: number; number: string; seq: number }> {
  const [row] = await db
    .select({
      id: sql<number>`nextval(pg_get_serial_sequence('orders', 'id'))::int`,
      seq: sql<number>`coalesce(
        (select ${orderNumbers.last} from ${orderNumbers} where ${orderNumbers.id} = 1),
        (select max(substring(${orders.number} from 4)::int) from ${orders}),
        ${FIRST_ORDER_NUMBER - 1})::int + 1`,
    })
    .from(sql`(select 1) as one`);
  return { id: row.id, seq: row.seq, number: `LH-${String(row.seq).padStart(6, "0")}` };
}

const FIRST_ORDER_NUMBER = 1000;

/**
 * Moves the counter from `seq - 1` to `seq`, or stops the batch: another checkout claimed that number first (its row
 * lock makes this statement wait for it) and placeOrder reads the next one.
 */
function claimOrderNumber(q: DbOrTx, seq: number) {
  return q.execute(sql`with taken as (
      insert into ${orderNumbers} (id, last) values (1, ${seq})
      on conflict (id) do update set last = excluded.last where ${orderNumbers.last} = ${seq - 1}
      returning 1)
    select lh_assert((select count(*) from taken) = 1, ${NUMBER_TAKEN})`);
}

const NUMBER_TAKEN = "order number taken";

/**
 * A stock-out in the shopper's words: the cart line they see (a pack, not a meal they never added on its own) and
 * which meal ran short.
 */
function stockOutMessage(lines: PricedLine[], variantId: number, stock: number, needed: number) {
  const meal = mealLabel(lines, variantId);
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

/** "Chicken, Sweet Potato & Carrot (130 g)": a meal the lines draw on, on its own or in a pack. */
function mealLabel(lines: PricedLine[], variantId: number): string {
  for (const l of lines) {
    if (l.variantId === variantId) return `${l.name} (${l.portionLabel})`;
    const part = l.components?.find((c) => c.variantId === variantId);
    if (part) return `${part.productName} (${part.portionLabel})`;
  }
  return "one of your meals";
}

const RECENT_ORDER_MS = 10 * 60_000;

async function recentOrderOf(db: Db, userId: number, now: Date) {
  const [row] = await db
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

/** Keeps the address on the account unless it is there already; the first one saved becomes the default. */
function rememberAddress(q: DbOrTx, userId: number, a: AddressSnapshot) {
  return q.execute(sql`
    insert into ${addresses} (user_id, recipient_name, phone, line1, line2, suburb, city, postal_code, instructions, is_default)
    select ${userId}, ${a.recipientName}, ${a.phone}, ${a.line1}, ${a.line2 ?? null}, ${a.suburb}, ${a.city}, ${a.postalCode},
      ${a.instructions ?? null}, not exists (select 1 from ${addresses} where user_id = ${userId})
    where not exists (select 1 from ${addresses} where user_id = ${userId} and line1 = ${a.line1} and postal_code = ${a.postalCode})`);
}

type TokenRow = { id: number; number: string; userId: number | null; status: string };

async function findByToken(db: Db, token: string): Promise<TokenRow | null> {
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
