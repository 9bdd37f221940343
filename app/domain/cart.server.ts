// Carts: a guest cart (its id lives in the `lh_cart` cookie) and one cart per signed-in user, merged at sign-in.
// Prices are never stored in the cart or taken from a form: every view and every checkout re-prices from the database.
import { randomBytes } from "node:crypto";
import { and, asc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { Cache } from "~/infra/cache.server";
import type { Clock } from "~/infra/clock.server";
import type { Db, DbOrTx } from "~/infra/db/client.server";
import { cartItems, carts, children, packItems, packs, portionSizes, productVariants, products } from "~/infra/db/schema";
import { invalidField } from "./domain-error";
import { allergyRefusal, allergyWarnings } from "./allergy-warnings";
import { deliveryFeeFor } from "./delivery";
import { getSettings } from "./settings.server";
import { onSale, selectPackItems } from "./variant-rows.server";

export type CartDeps = { db: Db; cache: Cache; clock: Clock };

/** Who the cart belongs to: a signed-in user, or a guest known only by the cart id in their cookie (maybe none yet). */
export type CartOwner = { userId: number } | { guestCartId: string | undefined };

/** Per line; a shop selling baby meals by the jar has no business selling 10 000 of them in one go. */
const MAX_LINE_QUANTITY = 50;

type CartField = "quantity" | "variantId" | "packId" | "lineId" | "allergyConfirm";

/** A rule the shopper broke: a 400 with `message` beside `field`; nothing has changed. */
const refuse = (message: string, field: CartField) => invalidField(field, message);

const newCartId = () => randomBytes(18).toString("base64url");
const GUEST_CART_ID = /^[A-Za-z0-9_-]{16,64}$/;

function isGuestCartId(value: string | undefined): value is string {
  return typeof value === "string" && GUEST_CART_ID.test(value);
}

/** The owner's cart as a condition on `carts`; null when they cannot have one (a guest without a valid cookie). */
function whoseCart(owner: CartOwner): SQL | null {
  if ("userId" in owner) return eq(carts.userId, owner.userId);
  // A guest id must name a guest cart, never a user's.
  return isGuestCartId(owner.guestCartId) ? and(eq(carts.id, owner.guestCartId), isNull(carts.userId))! : null;
}

/** The cart id for this owner, or null when they have none yet. */
async function findCartId(db: DbOrTx, owner: CartOwner): Promise<string | null> {
  const whose = whoseCart(owner);
  if (!whose) return null;
  const [row] = await db.select({ id: carts.id }).from(carts).where(whose).limit(1);
  return row?.id ?? null;
}

async function ensureCart(db: DbOrTx, owner: CartOwner): Promise<string> {
  const existing = await findCartId(db, owner);
  if (existing) return existing;
  if ("userId" in owner) {
    await db.insert(carts).values({ id: newCartId(), userId: owner.userId }).onConflictDoNothing({ target: carts.userId });
    const id = await findCartId(db, owner);
    if (!id) throw new Error("cart vanished while being created");
    return id;
  }
  const id = newCartId();
  await db.insert(carts).values({ id });
  return id;
}

// ---------- reading and pricing ----------

type PricedComponent = { variantId: number; productName: string; portionLabel: string; quantity: number };

export type PricedLine = {
  id: number;
  kind: "meal" | "pack";
  variantId: number | null;
  packId: number | null;
  name: string;
  href: string;
  imageUrl: string | null;
  portionLabel: string | null;
  quantity: number;
  unitPriceCents: number;
  lineTotalCents: number;
  /** For a pack: the meals one pack draws on. */
  components: PricedComponent[] | null;
  /** Whether the item can still be bought at all. */
  active: boolean;
};

/** The owner's cart as read at one moment: priced from the database, never from what the cart or a form says. */
export type CartSnapshot = {
  cartId: string | null;
  /** Its lines and quantities, as `cartLinesAre` checks them again when the order is written. */
  fingerprint: string;
  lines: PricedLine[];
  /** Stock now of every meal the lines draw on (a pack's meals included). */
  stock: Map<number, number>;
};

const linesFingerprint = (cartId: SQL | string) =>
  sql<string>`(select coalesce(string_agg(ci.id || ':' || ci.quantity, ',' order by ci.id), '') from ${cartItems} ci where ci.cart_id = ${cartId})`;

/** True while the cart still holds exactly the lines of `snapshot` (an SQL condition, for the statement that writes). */
export const cartLinesAre = (snapshot: { cartId: string; fingerprint: string }) =>
  sql`${linesFingerprint(snapshot.cartId)} = ${snapshot.fingerprint}`;

/**
 * Reads the owner's cart in three statements sent side by side (one round trip from the edge): the cart, its lines
 * with their meal or pack, and the meals of its packs. Not inside a transaction: one connection runs one at a time.
 */
export async function readCart(db: Db, owner: CartOwner): Promise<CartSnapshot> {
  const whose = whoseCart(owner);
  if (!whose) return { cartId: null, fingerprint: "", lines: [], stock: new Map() };
  const ownLines = and(eq(carts.id, cartItems.cartId), whose);
  const [cartRows, lineRows, partRows] = await Promise.all([
    db
      .select({ id: carts.id, fingerprint: linesFingerprint(sql`${carts.id}`) })
      .from(carts)
      .where(whose)
      .limit(1),
    db
      .select({
        id: cartItems.id,
        quantity: cartItems.quantity,
        variantId: cartItems.variantId,
        packId: cartItems.packId,
        variantPriceCents: productVariants.priceCents,
        variantActive: onSale(),
        stock: productVariants.stock,
        productName: products.name,
        productSlug: products.slug,
        productImageUrl: products.imageUrl,
        portionLabel: portionSizes.label,
        packName: packs.name,
        packSlug: packs.slug,
        packImageUrl: packs.imageUrl,
        packPriceCents: packs.priceCents,
        packActive: packs.active,
      })
      .from(cartItems)
      .innerJoin(carts, ownLines)
      .leftJoin(productVariants, eq(productVariants.id, cartItems.variantId))
      .leftJoin(products, eq(products.id, productVariants.productId))
      .leftJoin(portionSizes, eq(portionSizes.id, productVariants.portionSizeId))
      .leftJoin(packs, eq(packs.id, cartItems.packId))
      .orderBy(asc(cartItems.id)),
    selectPackItems(db, {
      packId: packItems.packId,
      variantId: packItems.variantId,
      quantity: packItems.quantity,
      productName: products.name,
      portionLabel: portionSizes.label,
      active: onSale(),
      stock: productVariants.stock,
    })
      .where(inArray(packItems.packId, db.select({ id: cartItems.packId }).from(cartItems).innerJoin(carts, ownLines)))
      .orderBy(asc(packItems.variantId)),
  ]);

  const stock = new Map<number, number>();
  for (const r of [...lineRows, ...partRows]) if (r.variantId !== null && r.stock !== null) stock.set(r.variantId, r.stock);
  const lines = lineRows.flatMap((r): PricedLine[] => {
    if (r.variantId !== null && r.variantPriceCents !== null) {
      return [
        {
          id: r.id,
          kind: "meal",
          variantId: r.variantId,
          packId: null,
          name: r.productName ?? "",
          href: `/shop/${r.productSlug}`,
          imageUrl: r.productImageUrl,
          portionLabel: r.portionLabel,
          quantity: r.quantity,
          unitPriceCents: r.variantPriceCents,
          lineTotalCents: r.variantPriceCents * r.quantity,
          components: null,
          active: Boolean(r.variantActive),
        },
      ];
    }
    if (r.packId === null || r.packPriceCents === null) return [];
    const parts = partRows.filter((c) => c.packId === r.packId);
    return [
      {
        id: r.id,
        kind: "pack",
        variantId: null,
        packId: r.packId,
        name: r.packName ?? "",
        href: `/packs/${r.packSlug}`,
        imageUrl: r.packImageUrl,
        portionLabel: null,
        quantity: r.quantity,
        unitPriceCents: r.packPriceCents,
        lineTotalCents: r.packPriceCents * r.quantity,
        components: parts.map((c) => ({
          variantId: c.variantId,
          productName: c.productName,
          portionLabel: c.portionLabel,
          quantity: c.quantity,
        })),
        active: Boolean(r.packActive) && parts.length > 0 && parts.every((c) => c.active),
      },
    ];
  });
  return { cartId: cartRows[0]?.id ?? null, fingerprint: cartRows[0]?.fingerprint ?? "", lines, stock };
}

/** Units of each variant the lines need (packs drawing on each of their meals), keyed by variant id. */
export function variantDemand(lines: readonly Pick<PricedLine, "variantId" | "quantity" | "components">[]): Map<number, number> {
  const need = new Map<number, number>();
  for (const line of lines) {
    if (line.variantId) need.set(line.variantId, (need.get(line.variantId) ?? 0) + line.quantity);
    for (const c of line.components ?? []) need.set(c.variantId, (need.get(c.variantId) ?? 0) + c.quantity * line.quantity);
  }
  return need;
}

export type CartLineView = PricedLine & {
  /** Most the shopper can have of this line right now. */
  maxQuantity: number;
  /** A human problem that blocks checkout ("Only 3 left", "No longer available"), or null. */
  problem: string | null;
};

export type CartView = {
  lines: CartLineView[];
  /** Units in the cart (a pack counts once). */
  count: number;
  subtotalCents: number;
  deliveryFeeCents: number;
  totalCents: number;
  /** From settings, to explain the fee. */
  standardDeliveryFeeCents: number;
  freeDeliveryThresholdCents: number;
  /** How much more to spend for free delivery; 0 when already free. */
  freeDeliveryRemainingCents: number;
  hasProblems: boolean;
};

/** The owner's cart priced now, with stock problems and the delivery fee from settings. */
export async function getCart(deps: CartDeps, owner: CartOwner): Promise<CartView> {
  const [{ lines: priced, stock }, settings] = await Promise.all([readCart(deps.db, owner), getSettings(deps)]);
  const demand = variantDemand(priced);

  const lines: CartLineView[] = priced.map((line) => {
    const parts = line.variantId ? [{ variantId: line.variantId, quantity: 1 }] : (line.components ?? []);
    // What this line alone could have, and whether the cart as a whole asks more of a meal than there is.
    const maxQuantity = Math.min(MAX_LINE_QUANTITY, ...parts.map((c) => Math.floor((stock.get(c.variantId) ?? 0) / c.quantity)));
    const short = parts.some((c) => (demand.get(c.variantId) ?? 0) > (stock.get(c.variantId) ?? 0));
    // A pack names the meal that limits it: the shopper never added that meal on its own.
    const scarce =
      line.kind === "pack"
        ? line.components?.find((c) => Math.floor((stock.get(c.variantId) ?? 0) / c.quantity) <= maxQuantity)
        : undefined;
    const meal = scarce && `${scarce.productName} (${scarce.portionLabel})`;
    let problem: string | null = null;
    if (!line.active) problem = "No longer available — please remove it";
    else if (maxQuantity <= 0)
      problem = meal ? `Can't be made right now: not enough ${meal} left — please remove it` : "Sold out — please remove it";
    else if (line.quantity > maxQuantity)
      problem = `Only ${maxQuantity} left${meal ? `: ${meal} is running low` : ""} — please lower the quantity`;
    else if (short) problem = "Not enough stock for everything in your cart — please lower a quantity";
    return { ...line, maxQuantity: Math.max(0, maxQuantity), problem };
  });
  const subtotalCents = lines.filter((l) => l.active).reduce((sum, l) => sum + l.lineTotalCents, 0);
  const deliveryFeeCents = deliveryFeeFor(subtotalCents, settings);
  return {
    lines,
    count: lines.reduce((n, l) => n + l.quantity, 0),
    subtotalCents,
    deliveryFeeCents,
    totalCents: subtotalCents + deliveryFeeCents,
    standardDeliveryFeeCents: settings.deliveryFeeCents,
    freeDeliveryThresholdCents: settings.freeDeliveryThresholdCents,
    freeDeliveryRemainingCents: Math.max(0, settings.freeDeliveryThresholdCents - subtotalCents),
    hasProblems: lines.some((l) => l.problem !== null),
  };
}

/** Units in the owner's cart, for every page's header: one statement. */
export async function getCartCount(db: Db, owner: CartOwner): Promise<number> {
  const whose = whoseCart(owner);
  if (!whose) return 0;
  const [row] = await db
    .select({ n: sql<number>`coalesce(sum(${cartItems.quantity}), 0)::int` })
    .from(cartItems)
    .innerJoin(carts, eq(carts.id, cartItems.cartId))
    .where(whose);
  return Number(row?.n ?? 0);
}

// ---------- changing ----------

export type AddItem = { variantId: number; productId?: number } | { packId: number };

function checkQuantity(quantity: number) {
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_LINE_QUANTITY) {
    throw refuse(`Choose a quantity from 1 to ${MAX_LINE_QUANTITY}.`, "quantity");
  }
}

const stockMessage = (available: number, inCart: number) =>
  available <= 0
    ? "Sorry, this is sold out."
    : inCart > 0
      ? `Only ${available} left, and ${inCart} ${inCart === 1 ? "is" : "are"} already in your cart.`
      : `Only ${available} left — please choose ${available === 1 ? "1" : `${available} or fewer`}.`;

/**
 * A signed-in shopper adding something one of their children is allergic to must say they understand (a ticked
 * checkbox): without it nothing is added and the refusal names the child and the allergen.
 */
async function checkAllergies(
  db: DbOrTx,
  owner: CartOwner,
  item: { contains: string[]; mayContain: string[] },
  confirmed: boolean,
) {
  if (confirmed || !("userId" in owner)) return;
  const kids = await db
    .select({ name: children.name, allergies: children.allergies })
    .from(children)
    .where(eq(children.userId, owner.userId));
  const warnings = allergyWarnings(kids, item);
  if (warnings.length) throw refuse(allergyRefusal(warnings), "allergyConfirm");
}

/**
 * Adds `quantity` of a meal portion or a pack. Checks that the item exists and is on sale (and, when `productId` is
 * given, that the portion belongs to that product), that a child's allergen was acknowledged (`allergyConfirmed`),
 * and that the cart's new quantity fits in stock.
 * Returns the cart id — a new one for a guest who had none, which the route puts in the cookie.
 */
export async function addToCart(
  deps: CartDeps,
  owner: CartOwner,
  item: AddItem,
  quantity: number,
  opts: { allergyConfirmed?: boolean } = {},
): Promise<{ cartId: string }> {
  checkQuantity(quantity);
  const { db } = deps;
  const confirmed = opts.allergyConfirmed === true;
  let available: number;
  if ("variantId" in item) {
    const [v] = await db
      .select({
        productId: productVariants.productId,
        stock: productVariants.stock,
        contains: products.contains,
        mayContain: products.mayContain,
      })
      .from(productVariants)
      .innerJoin(products, eq(productVariants.productId, products.id))
      .where(and(eq(productVariants.id, item.variantId), eq(productVariants.active, true), eq(products.active, true)))
      .limit(1);
    if (!v || (item.productId !== undefined && v.productId !== item.productId)) {
      throw refuse("Please choose one of the portions shown.", "variantId");
    }
    await checkAllergies(db, owner, v, confirmed);
    available = v.stock;
  } else {
    const [p] = await db
      .select({ id: packs.id })
      .from(packs)
      .where(and(eq(packs.id, item.packId), eq(packs.active, true)))
      .limit(1);
    if (!p) throw refuse("That pack is not available.", "packId");
    const parts = await selectPackItems(db, {
      quantity: packItems.quantity,
      stock: productVariants.stock,
      active: onSale(),
      contains: products.contains,
      mayContain: products.mayContain,
    }).where(eq(packItems.packId, p.id));
    const contains = [...new Set(parts.flatMap((c) => c.contains))];
    await checkAllergies(
      db,
      owner,
      { contains, mayContain: [...new Set(parts.flatMap((c) => c.mayContain))].filter((c) => !contains.includes(c)) },
      confirmed,
    );
    available = parts.length ? Math.min(...parts.map((c) => (c.active ? Math.floor(c.stock / c.quantity) : 0))) : 0;
  }

  const existingCart = await findCartId(db, owner);
  let inCart = 0;
  if (existingCart) {
    const [row] = await db
      .select({ quantity: cartItems.quantity })
      .from(cartItems)
      .where(
        and(
          eq(cartItems.cartId, existingCart),
          "variantId" in item ? eq(cartItems.variantId, item.variantId) : eq(cartItems.packId, item.packId),
        ),
      )
      .limit(1);
    inCart = row?.quantity ?? 0;
  }
  if (inCart + quantity > available) throw refuse(stockMessage(available, inCart), "quantity");
  if (inCart + quantity > MAX_LINE_QUANTITY) {
    throw refuse(`You can have at most ${MAX_LINE_QUANTITY} of one item; ${inCart} are already in your cart.`, "quantity");
  }

  const cartId = existingCart ?? (await ensureCart(db, owner));
  // A meal and a pack each have their own line (a partial unique index per kind): adding one again adds to it.
  const line = "variantId" in item ? cartItems.variantId : cartItems.packId;
  await db
    .insert(cartItems)
    .values("variantId" in item ? { cartId, variantId: item.variantId, quantity } : { cartId, packId: item.packId, quantity })
    .onConflictDoUpdate({
      target: [cartItems.cartId, line],
      targetWhere: sql`${line} is not null`,
      set: { quantity: sql`least(${cartItems.quantity} + excluded.quantity, ${MAX_LINE_QUANTITY})` },
    });
  await db.update(carts).set({ updatedAt: deps.clock.now() }).where(eq(carts.id, cartId));
  return { cartId };
}

/** Sets a line's quantity (1–50, within stock). A line of someone else's cart is "not found" and nothing changes. */
export async function setLineQuantity(deps: CartDeps, owner: CartOwner, lineId: number, quantity: number): Promise<void> {
  checkQuantity(quantity);
  const cartId = await findCartId(deps.db, owner);
  if (!cartId) throw refuse("That item is no longer in your cart.", "lineId");
  const view = await getCart(deps, owner);
  const line = view.lines.find((l) => l.id === lineId);
  if (!line) throw refuse("That item is no longer in your cart.", "lineId");
  if (quantity > line.maxQuantity) throw refuse(stockMessage(line.maxQuantity, 0), "quantity");
  await deps.db
    .update(cartItems)
    .set({ quantity })
    .where(and(eq(cartItems.id, lineId), eq(cartItems.cartId, cartId)));
}

export async function removeLine(deps: CartDeps, owner: CartOwner, lineId: number): Promise<void> {
  const cartId = await findCartId(deps.db, owner);
  if (!cartId) return;
  await deps.db.delete(cartItems).where(and(eq(cartItems.id, lineId), eq(cartItems.cartId, cartId)));
}

/**
 * Called once at sign-in: moves the guest cart's lines into the user's cart (adding quantities, capped per line) and
 * deletes the guest cart. A cookie naming no guest cart — or a user's cart — changes nothing.
 */
export async function mergeGuestCart(db: Db, guestCartId: string | undefined, userId: number): Promise<void> {
  if (!isGuestCartId(guestCartId)) return;
  await db.transaction(async (tx) => {
    const guest = await findCartId(tx, { guestCartId });
    if (!guest) return;
    const userCart = await ensureCart(tx, { userId });
    if (userCart === guest) return;
    await tx.execute(sql`
      insert into cart_items (cart_id, variant_id, quantity)
      select ${userCart}, variant_id, least(quantity, ${MAX_LINE_QUANTITY}) from cart_items where cart_id = ${guest} and variant_id is not null
      on conflict (cart_id, variant_id) where variant_id is not null
      do update set quantity = least(cart_items.quantity + excluded.quantity, ${MAX_LINE_QUANTITY})`);
    await tx.execute(sql`
      insert into cart_items (cart_id, pack_id, quantity)
      select ${userCart}, pack_id, least(quantity, ${MAX_LINE_QUANTITY}) from cart_items where cart_id = ${guest} and pack_id is not null
      on conflict (cart_id, pack_id) where pack_id is not null
      do update set quantity = least(cart_items.quantity + excluded.quantity, ${MAX_LINE_QUANTITY})`);
    await tx.delete(carts).where(eq(carts.id, guest));
  });
}
