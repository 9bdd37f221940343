// The whole Little Harvest data model (docs/architecture.md §4). Money is integer cents (ZAR); timestamps are timestamptz.
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  type PgColumnBuilderBase,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

// Column builders for what many tables repeat. Each yields exactly the column it replaces: changing one here
// would change the generated SQL, so `drizzle-kit generate` must keep answering "No schema changes".
const moment = (name: string) => timestamp(name, { withTimezone: true });
const createdAt = () => moment("created_at").notNull().defaultNow();
const updatedAt = () => moment("updated_at").notNull().defaultNow();
const timestamps = () => ({ createdAt: createdAt(), updatedAt: updatedAt() });
const id = () => serial("id").primaryKey();
const slug = () => text("slug").notNull().unique();
const sort = () => integer("sort").notNull().default(0);
const active = () => boolean("active").notNull().default(true);
/** An empty-by-default list of codes (allergens, dietary needs). */
const codes = (name: string) =>
  text(name)
    .array()
    .notNull()
    .default(sql`'{}'::text[]`);
/** A required reference to a row that outlives this one (a product's age group, a pack item's variant). */
const refersTo = (name: string, parent: () => AnyPgColumn) => integer(name).notNull().references(parent);
/** A row that belongs to its parent and goes when the parent goes. */
const ownedBy = (name: string, parent: () => AnyPgColumn) => integer(name).notNull().references(parent, { onDelete: "cascade" });
/**
 * A table of a user's own rows (tokens, addresses, children): an id, the user's key, and the index that lists a
 * user's rows; deleting the user deletes them.
 */
const userRows = <N extends string, C extends Record<string, PgColumnBuilderBase>>(name: N, columns: C) =>
  pgTable(name, { id: id(), userId: ownedBy("user_id", () => users.id), ...columns }, (t) => [
    index(`${name}_user_idx`).on(t.userId),
  ]);
/** Who did it: the user while they exist, and a label ("customer", "admin:3", "system") that outlives them. */
const actor = () => ({
  actorUserId: integer("actor_user_id").references(() => users.id, { onDelete: "set null" }),
  actorLabel: text("actor_label").notNull(),
});

// ---------- catalog ----------

/** What every shop listing (a meal, a pack) has: its address, name, blurb and the age group it suits. */
const listing = () => ({
  id: id(),
  slug: slug(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  ageGroupId: refersTo("age_group_id", () => ageGroups.id),
});

export const ageGroups = pgTable("age_groups", {
  id: id(),
  slug: slug(),
  label: text("label").notNull(),
  minMonths: integer("min_months").notNull(),
  maxMonths: integer("max_months").notNull(),
  sort: sort(),
});

export const textures = pgTable("textures", {
  id: id(),
  slug: slug(),
  label: text("label").notNull(),
  sort: sort(),
});

export const portionSizes = pgTable("portion_sizes", {
  id: id(),
  grams: integer("grams").notNull().unique(),
  label: text("label").notNull(),
  defaultPriceCents: integer("default_price_cents").notNull(),
  sort: sort(),
});

export const products = pgTable(
  "products",
  {
    ...listing(),
    textureId: refersTo("texture_id", () => textures.id),
    // Allergen / ingredient codes from app/domain/allergens.ts
    contains: codes("contains"),
    mayContain: codes("may_contain"),
    imageUrl: text("image_url"),
    active: active(),
    featured: boolean("featured").notNull().default(false),
    ...timestamps(),
  },
  (t) => [index("products_age_group_idx").on(t.ageGroupId), index("products_texture_idx").on(t.textureId)],
);

export const productVariants = pgTable(
  "product_variants",
  {
    id: id(),
    productId: ownedBy("product_id", () => products.id),
    portionSizeId: refersTo("portion_size_id", () => portionSizes.id),
    priceCents: integer("price_cents").notNull(),
    stock: integer("stock").notNull().default(0),
    active: active(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("product_variants_product_portion_uq").on(t.productId, t.portionSizeId),
    check("product_variants_stock_nonneg", sql`${t.stock} >= 0`),
    check("product_variants_price_pos", sql`${t.priceCents} > 0`),
  ],
);

export const packs = pgTable(
  "packs",
  {
    ...listing(),
    priceCents: integer("price_cents").notNull(),
    imageUrl: text("image_url"),
    active: active(),
    ...timestamps(),
  },
  (t) => [check("packs_price_pos", sql`${t.priceCents} > 0`)],
);

export const packItems = pgTable(
  "pack_items",
  {
    id: id(),
    packId: ownedBy("pack_id", () => packs.id),
    variantId: refersTo("variant_id", () => productVariants.id),
    quantity: integer("quantity").notNull().default(1),
  },
  (t) => [
    uniqueIndex("pack_items_pack_variant_uq").on(t.packId, t.variantId),
    check("pack_items_qty_pos", sql`${t.quantity} > 0`),
  ],
);

// ---------- people ----------

export const userRole = pgEnum("user_role", ["customer", "admin"]);

export const users = pgTable(
  "users",
  {
    id: id(),
    // Stored lower-cased; nullable so an erased (POPIA) account keeps its orders without an email.
    email: text("email"),
    passwordHash: text("password_hash"),
    name: text("name").notNull().default(""),
    phone: text("phone"),
    role: userRole("role").notNull().default("customer"),
    emailVerifiedAt: moment("email_verified_at"),
    googleSub: text("google_sub"),
    disabledAt: moment("disabled_at"),
    deletedAt: moment("deleted_at"),
    ...timestamps(),
  },
  (t) => [uniqueIndex("users_email_uq").on(t.email), uniqueIndex("users_google_sub_uq").on(t.googleSub)],
);

export const sessions = pgTable(
  "sessions",
  {
    // SHA-256 of the random cookie value: a leaked table cannot be replayed as cookies.
    id: text("id").primaryKey(),
    userId: ownedBy("user_id", () => users.id),
    persistent: boolean("persistent").notNull().default(false),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
    lastSeenAt: moment("last_seen_at").notNull().defaultNow(),
    expiresAt: moment("expires_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);

export const tokenPurpose = pgEnum("token_purpose", ["verify_email", "reset_password"]);

export const verificationTokens = userRows("verification_tokens", {
  purpose: tokenPurpose("purpose").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  // e.g. the new address for an email change
  email: text("email"),
  expiresAt: moment("expires_at").notNull(),
  usedAt: moment("used_at"),
  createdAt: createdAt(),
});

export const addresses = userRows("addresses", {
  label: text("label").notNull().default("Home"),
  recipientName: text("recipient_name").notNull(),
  phone: text("phone").notNull(),
  line1: text("line1").notNull(),
  line2: text("line2"),
  suburb: text("suburb").notNull(),
  city: text("city").notNull().default("Johannesburg"),
  postalCode: text("postal_code").notNull(),
  instructions: text("instructions"),
  isDefault: boolean("is_default").notNull().default(false),
  createdAt: createdAt(),
});

export const children = userRows("children", {
  name: text("name").notNull(),
  dateOfBirth: date("date_of_birth").notNull(),
  allergies: codes("allergies"),
  dietaryNeeds: codes("dietary_needs"),
  notes: text("notes"),
  ...timestamps(),
});

// ---------- commerce ----------

export const carts = pgTable("carts", {
  id: text("id").primaryKey(), // random id, also the guest cookie value
  userId: integer("user_id")
    .unique()
    .references(() => users.id, { onDelete: "cascade" }),
  ...timestamps(),
});

export const cartItems = pgTable(
  "cart_items",
  {
    id: id(),
    cartId: text("cart_id")
      .notNull()
      .references(() => carts.id, { onDelete: "cascade" }),
    variantId: integer("variant_id").references(() => productVariants.id, { onDelete: "cascade" }),
    packId: integer("pack_id").references(() => packs.id, { onDelete: "cascade" }),
    quantity: integer("quantity").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("cart_items_variant_uq")
      .on(t.cartId, t.variantId)
      .where(sql`${t.variantId} is not null`),
    uniqueIndex("cart_items_pack_uq")
      .on(t.cartId, t.packId)
      .where(sql`${t.packId} is not null`),
    check("cart_items_one_kind", sql`(${t.variantId} is null) <> (${t.packId} is null)`),
    check("cart_items_qty_pos", sql`${t.quantity} > 0`),
  ],
);

// The last order number given out (one row). The order's own batch moves it on, so a checkout that fails gives its
// number back and numbers run without gaps (docs/decisions/040-order-numbers-without-gaps.md).
export const orderNumbers = pgTable(
  "order_numbers",
  {
    id: integer("id").primaryKey().default(1), // single row
    last: integer("last").notNull(),
  },
  (t) => [check("order_numbers_single_row", sql`${t.id} = 1`)],
);

export const orderStatus = pgEnum("order_status", [
  // card orders wait here, stock held, until the provider's verified outcome (app/domain/payments.server.ts)
  "awaiting_payment",
  "placed",
  "confirmed",
  "preparing",
  "out_for_delivery",
  "delivered",
  "cancelled",
]);
export const paymentStatus = pgEnum("payment_status", ["unpaid", "pending", "paid", "refunded", "failed"]);
export const deliveryStatus = pgEnum("delivery_status", ["scheduled", "out_for_delivery", "delivered", "failed", "cancelled"]);
export const paymentMethod = pgEnum("payment_method", ["cash_on_delivery", "card"]);

export type AddressSnapshot = {
  recipientName: string;
  phone: string;
  line1: string;
  line2?: string | null;
  suburb: string;
  city: string;
  postalCode: string;
  instructions?: string | null;
};

export const orders = pgTable(
  "orders",
  {
    id: id(),
    number: text("number").notNull().unique(), // LH-001000
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    checkoutToken: text("checkout_token").notNull().unique(),
    status: orderStatus("status").notNull().default("placed"),
    paymentStatus: paymentStatus("payment_status").notNull().default("unpaid"),
    deliveryStatus: deliveryStatus("delivery_status").notNull().default("scheduled"),
    paymentMethod: paymentMethod("payment_method").notNull(),
    email: text("email"),
    subtotalCents: integer("subtotal_cents").notNull(),
    deliveryFeeCents: integer("delivery_fee_cents").notNull(),
    totalCents: integer("total_cents").notNull(),
    deliveryDate: date("delivery_date").notNull(),
    address: jsonb("address").$type<AddressSnapshot | null>(),
    notes: text("notes"),
    cancelReason: text("cancel_reason"),
    // bumped on every status change so two admins acting at once cannot both win
    version: integer("version").notNull().default(1),
    ...timestamps(),
  },
  (t) => [
    index("orders_user_idx").on(t.userId),
    index("orders_status_idx").on(t.status),
    index("orders_delivery_date_idx").on(t.deliveryDate),
    index("orders_created_idx").on(t.createdAt),
  ],
);

export type PackComponent = { variantId: number; productName: string; portionLabel: string; quantity: number };

export const orderItems = pgTable(
  "order_items",
  {
    id: id(),
    orderId: ownedBy("order_id", () => orders.id),
    variantId: integer("variant_id").references(() => productVariants.id, { onDelete: "set null" }),
    packId: integer("pack_id").references(() => packs.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    portionLabel: text("portion_label"),
    quantity: integer("quantity").notNull(),
    unitPriceCents: integer("unit_price_cents").notNull(),
    lineTotalCents: integer("line_total_cents").notNull(),
    components: jsonb("components").$type<PackComponent[] | null>(),
  },
  (t) => [index("order_items_order_idx").on(t.orderId)],
);

export const orderEvents = pgTable(
  "order_events",
  {
    id: id(),
    orderId: ownedBy("order_id", () => orders.id),
    type: text("type").notNull(), // status_changed, payment_changed, delivery_changed, note
    fromValue: text("from_value"),
    toValue: text("to_value"),
    ...actor(),
    note: text("note"),
    createdAt: createdAt(),
  },
  (t) => [index("order_events_order_idx").on(t.orderId)],
);

export const payments = pgTable(
  "payments",
  {
    id: id(),
    orderId: ownedBy("order_id", () => orders.id),
    provider: text("provider").notNull(), // "cash", later a card provider
    method: paymentMethod("method").notNull(),
    amountCents: integer("amount_cents").notNull(),
    status: paymentStatus("status").notNull().default("unpaid"),
    // the provider's id of the successful payment (what a refund references)
    providerRef: text("provider_ref"),
    // ours, sent to the provider (8–16 alphanumerics); webhooks and the status API are matched by it
    merchantTransactionId: text("merchant_transaction_id").unique(),
    checkoutId: text("checkout_id"),
    refundedCents: integer("refunded_cents").notNull().default(0),
    // last call to the provider's rate-limited status API (claimed with a conditional UPDATE)
    lastCheckedAt: moment("last_checked_at"),
    // why the provider's report disagrees with the order (amount, currency); null when it agrees
    mismatch: text("mismatch"),
    ...timestamps(),
  },
  (t) => [index("payments_order_idx").on(t.orderId), index("payments_status_idx").on(t.status)],
);

export const paymentEvents = pgTable(
  "payment_events",
  {
    id: id(),
    paymentId: ownedBy("payment_id", () => payments.id),
    // unique: a replayed webhook (same signed parameters) or a second refund request is refused by the database
    providerEventId: text("provider_event_id").notNull().unique(),
    type: text("type").notNull(),
    payload: jsonb("payload"),
    createdAt: createdAt(),
  },
  (t) => [index("payment_events_payment_idx").on(t.paymentId)],
);

// ---------- ops ----------

// suppressed: never handed to the provider because the address hard-bounced or complained (email_suppressions).
export const outboxStatus = pgEnum("outbox_status", ["pending", "sending", "sent", "failed", "suppressed"]);
/** What the provider last told us about a sent message (Resend webhooks); precedence in email-tracking.server.ts. */
export const emailDeliveryState = pgEnum("email_delivery_state", [
  "sent",
  "delayed",
  "delivered",
  "bounced",
  "failed",
  "complained",
]);

export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: id(),
    template: text("template").notNull(),
    toEmail: text("to_email").notNull(),
    payload: jsonb("payload").notNull(),
    status: outboxStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: moment("next_attempt_at").notNull().defaultNow(),
    lockedUntil: moment("locked_until"),
    lastError: text("last_error"),
    providerMessageId: text("provider_message_id"),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    sentAt: moment("sent_at"),
    createdAt: createdAt(),
    /** The order an email is about (its payload's orderNumber), so the order page can show how its emails fared. */
    orderNumber: text("order_number"),
    deliveryState: emailDeliveryState("delivery_state"),
    /** When the provider saw the latest state (the event's own time). */
    deliveryStateAt: moment("delivery_state_at"),
    /** Bounces: "Permanent" | "Transient" | "Undetermined" and the sub-type, e.g. "Permanent/General". */
    bounceType: text("bounce_type"),
    /** Why it did not arrive: the bounce message, or the provider's reason for a failed send. */
    bounceReason: text("bounce_reason"),
  },
  (t) => [
    index("email_outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("email_outbox_provider_idx").on(t.providerMessageId),
    index("email_outbox_order_idx").on(t.orderNumber),
  ],
);

/** Addresses that hard-bounced or complained: nothing more is sent to them until the account's address changes. */
export const emailSuppressions = pgTable("email_suppressions", {
  /** Lower-cased address. */
  email: text("email").primaryKey(),
  reason: text("reason", { enum: ["bounced", "complained"] }).notNull(),
  detail: text("detail"),
  outboxId: integer("outbox_id").references(() => emailOutbox.id, { onDelete: "set null" }),
  createdAt: createdAt(),
});

/** Every provider webhook delivery we accepted, by its svix-id: a replay finds its id here and changes nothing. */
export const emailWebhookEvents = pgTable(
  "email_webhook_events",
  {
    svixId: text("svix_id").primaryKey(),
    type: text("type").notNull(),
    providerMessageId: text("provider_message_id"),
    receivedAt: moment("received_at").notNull(),
  },
  (t) => [index("email_webhook_events_received_idx").on(t.receivedAt)],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: id(),
    ...actor(),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    createdAt: createdAt(),
  },
  (t) => [index("audit_log_created_idx").on(t.createdAt), index("audit_log_entity_idx").on(t.entityType, t.entityId)],
);

export type PaymentMethodsSetting = { cash_on_delivery: boolean; card: boolean };

export const storeSettings = pgTable(
  "store_settings",
  {
    id: integer("id").primaryKey().default(1), // single row
    deliveryFeeCents: integer("delivery_fee_cents").notNull(),
    freeDeliveryThresholdCents: integer("free_delivery_threshold_cents").notNull(),
    deliveryPostalCodes: text("delivery_postal_codes").array().notNull(),
    // ISO weekdays, 1 = Monday … 7 = Sunday
    deliveryWeekdays: integer("delivery_weekdays").array().notNull(),
    cutoffHour: integer("cutoff_hour").notNull(),
    paymentMethods: jsonb("payment_methods").$type<PaymentMethodsSetting>().notNull(),
    contactEmail: text("contact_email").notNull(),
    contactPhone: text("contact_phone").notNull(),
    contactAddress: text("contact_address").notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [check("store_settings_single_row", sql`${t.id} = 1`)],
);
