// Carts: a guest cart (its id lives in the `lh_cart` cookie) and one cart per signed-in user, merged at sign-in.
// Prices are never stored in the cart or taken from a form: every view and every checkout re-prices from the database.
import { randomBytes } from "node:crypto";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Cache } from "~/infra/cache.server";
import type { Db, DbOrTx } from "~/infra/db/client.server";
import { cartItems, carts, children, packItems, packs, portionSizes, productVariants, products } from "~/infra/db/schema";
import { invalidField } from "./domain-error";
import { allergyRefusal, allergyWarnings } from "./allergy-warnings";
import { deliveryFeeFor } from "./delivery";
import { getSettings } from "./settings.server";
import { onSale, selectPackItems, selectVariants } from "./variant-rows.server";

export type CartDeps = { db: Db; cache: Cache };

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

/** The cart id for this owner, or null when they have none yet. A guest id must name a guest cart, never a user's. */
export async function findCartId(db: DbOrTx, owner: CartOwner): Promise<string | null> {
  if ("userId" in owner) {
    const [row] = await db.select({ id: carts.id }).from(carts).where(eq(carts.userId, owner.userId)).limit(1);
    return row?.id ?? null;
  }
  if (!isGuestCartId(owner.guestCartId)) return null;
  const [row] = await db
    .select({ id: carts.id })
    .from(carts)
    .where(and(eq(carts.id, owner.guestCartId), isNull(carts.userId)))
    .limit(1);
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

type RawLine = {
  id: number;
  quantity: number;
  variantId: number | null;
  packId: number | null;
};

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

/** The cart's lines priced from the database now (use a transaction handle inside checkout). */
export async function priceCartLines(db: DbOrTx, cartId: string): Promise<PricedLine[]> {
  const raw: RawLine[] = await db
    .select({ id: cartItems.id, quantity: cartItems.quantity, variantId: cartItems.variantId, packId: cartItems.packId })
    .from(cartItems)
    .where(eq(cartItems.cartId, cartId))
    .orderBy(asc(cartItems.id));
  if (raw.length === 0) return [];

  const variantIds = raw.flatMap((l) => (l.variantId ? [l.variantId] : []));
  const packIds = raw.flatMap((l) => (l.packId ? [l.packId] : []));
  // One query after another: inside checkout `db` is a transaction's single connection, which runs one at a time
  // (pg warns about concurrent queries on one client, and pg 9 refuses them).
  const variantRows = variantIds.length
    ? await selectVariants(db, {
        id: productVariants.id,
        priceCents: productVariants.priceCents,
        active: onSale(),
        name: products.name,
        slug: products.slug,
        imageUrl: products.imageUrl,
        portionLabel: portionSizes.label,
      }).where(inArray(productVariants.id, variantIds))
    : [];
  const packRows = packIds.length
    ? await db
        .select({
          id: packs.id,
          name: packs.name,
          slug: packs.slug,
          imageUrl: packs.imageUrl,
          priceCents: packs.priceCents,
          active: packs.active,
        })
        .from(packs)
        .where(inArray(packs.id, packIds))
    : [];
  const componentRows = packIds.length
    ? await selectPackItems(db, {
        packId: packItems.packId,
        variantId: packItems.variantId,
        quantity: packItems.quantity,
        productName: products.name,
        portionLabel: portionSizes.label,
        active: onSale(),
      })
        .where(inArray(packItems.packId, packIds))
        .orderBy(asc(packItems.variantId))
    : [];
  const variantById = new Map(variantRows.map((v) => [v.id, v]));
  const packById = new Map(packRows.map((p) => [p.id, p]));

  return raw.flatMap((line): PricedLine[] => {
    if (line.variantId) {
      const v = variantById.get(line.variantId);
      if (!v) return [];
      return [
        {
          id: line.id,
          kind: "meal",
          variantId: v.id,
          packId: null,
          name: v.name,
          href: `/shop/${v.slug}`,
          imageUrl: v.imageUrl,
          portionLabel: v.portionLabel,
          quantity: line.quantity,
          unitPriceCents: v.priceCents,
          lineTotalCents: v.priceCents * line.quantity,
          components: null,
          active: Boolean(v.active),
        },
      ];
    }
    const p = line.packId ? packById.get(line.packId) : undefined;
    if (!p) return [];
    const parts = componentRows.filter((c) => c.packId === p.id);
    return [
      {
        id: line.id,
        kind: "pack",
        variantId: null,
        packId: p.id,
        name: p.name,
        href: `/packs/${p.slug}`,
        imageUrl: p.imageUrl,
        portionLabel: null,
        quantity: line.quantity,
        unitPriceCents: p.priceCents,
        lineTotalCents: p.priceCents * line.quantity,
        components: parts.map((c) => ({
          variantId: c.variantId,
          productName: c.productName,
          portionLabel: c.portionLabel,
          quantity: c.quantity,
        })),
        active: p.active && parts.length > 0 && parts.every((c) => c.active),
      },
    ];
  });
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

async function stockOf(db: DbOrTx, variantIds: number[]): Promise<Map<number, number>> {
  if (variantIds.length === 0) return new Map();
  const rows = await db
    .select({ id: productVariants.id, stock: productVariants.stock })
    .from(productVariants)
    .where(inArray(productVariants.id, variantIds));
  return new Map(rows.map((r) => [r.id, r.stock]));
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
  const cartId = await findCartId(deps.db, owner);
  const [priced, settings] = await Promise.all([cartId ? priceCartLines(deps.db, cartId) : [], getSettings(deps)]);
  const demand = variantDemand(priced);
  const stock = await stockOf(deps.db, [...demand.keys()]);

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

/** Units in the owner's cart, for the header. */
/** Every page's header shows this: one statement, so one round trip (the edge pays ~80 ms for each). */
export async function getCartCount(db: Db, owner: CartOwner): Promise<number> {
  let whose;
  if ("userId" in owner) whose = eq(carts.userId, owner.userId);
  else if (isGuestCartId(owner.guestCartId)) whose = and(eq(carts.id, owner.guestCartId), isNull(carts.userId));
  else return 0;
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
  await db.update(carts).set({ updatedAt: new Date() }).where(eq(carts.id, cartId));
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
