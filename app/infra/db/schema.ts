// The whole Little Harvest data model (DESIGN §4). Money is integer cents (ZAR); timestamps are timestamptz.
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgSequence,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

// ---------- catalog ----------

export const ageGroups = pgTable("age_groups", {
  id: serial("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  label: text("label").notNull(),
  minMonths: integer("min_months").notNull(),
  maxMonths: integer("max_months").notNull(),
  sort: integer("sort").notNull().default(0),
});

export const textures = pgTable("textures", {
  id: serial("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  label: text("label").notNull(),
  sort: integer("sort").notNull().default(0),
});

export const portionSizes = pgTable("portion_sizes", {
  id: serial("id").primaryKey(),
  grams: integer("grams").notNull().unique(),
  label: text("label").notNull(),
  defaultPriceCents: integer("default_price_cents").notNull(),
  sort: integer("sort").notNull().default(0),
});

export const products = pgTable(
  "products",
  {
    id: serial("id").primaryKey(),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    ageGroupId: integer("age_group_id")
      .notNull()
      .references(() => ageGroups.id),
    textureId: integer("texture_id")
      .notNull()
      .references(() => textures.id),
    // Allergen / ingredient codes from app/domain/allergens.ts
    contains: text("contains")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    mayContain: text("may_contain")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    imageUrl: text("image_url"),
    active: boolean("active").notNull().default(true),
    featured: boolean("featured").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("products_age_group_idx").on(t.ageGroupId), index("products_texture_idx").on(t.textureId)],
);

export const productVariants = pgTable(
  "product_variants",
  {
    id: serial("id").primaryKey(),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    portionSizeId: integer("portion_size_id")
      .notNull()
      .references(() => portionSizes.id),
    priceCents: integer("price_cents").notNull(),
    stock: integer("stock").notNull().default(0),
    active: boolean("active").notNull().default(true),
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
    id: serial("id").primaryKey(),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    ageGroupId: integer("age_group_id")
      .notNull()
      .references(() => ageGroups.id),
    priceCents: integer("price_cents").notNull(),
    imageUrl: text("image_url"),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [check("packs_price_pos", sql`${t.priceCents} > 0`)],
);

export const packItems = pgTable(
  "pack_items",
  {
    id: serial("id").primaryKey(),
    packId: integer("pack_id")
      .notNull()
      .references(() => packs.id, { onDelete: "cascade" }),
    variantId: integer("variant_id")
      .notNull()
      .references(() => productVariants.id),
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
    id: serial("id").primaryKey(),
    // Stored lower-cased; nullable so an erased (POPIA) account keeps its orders without an email.
    email: text("email"),
    passwordHash: text("password_hash"),
    name: text("name").notNull().default(""),
    phone: text("phone"),
    role: userRole("role").notNull().default("customer"),
    emailVerifiedAt: timestamp("email_verified_at", { withTimezone: true }),
    googleSub: text("google_sub"),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("users_email_uq").on(t.email), uniqueIndex("users_google_sub_uq").on(t.googleSub)],
);

export const sessions = pgTable(
  "sessions",
  {
    // SHA-256 of the random cookie value: a leaked table cannot be replayed as cookies.
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    persistent: boolean("persistent").notNull().default(false),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);

export const tokenPurpose = pgEnum("token_purpose", ["verify_email", "reset_password"]);

export const verificationTokens = pgTable(
  "verification_tokens",
  {
    id: serial("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: tokenPurpose("purpose").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    // e.g. the new address for an email change
    email: text("email"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("verification_tokens_user_idx").on(t.userId)],
);

export const addresses = pgTable(
  "addresses",
  {
    id: serial("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
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
  },
  (t) => [index("addresses_user_idx").on(t.userId)],
);

export const children = pgTable(
  "children",
  {
    id: serial("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    dateOfBirth: date("date_of_birth").notNull(),
    allergies: text("allergies")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    dietaryNeeds: text("dietary_needs")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    notes: text("notes"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("children_user_idx").on(t.userId)],
);

// ---------- commerce ----------

export const carts = pgTable("carts", {
  id: text("id").primaryKey(), // random id, also the guest cookie value
  userId: integer("user_id")
    .unique()
    .references(() => users.id, { onDelete: "cascade" }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const cartItems = pgTable(
  "cart_items",
  {
    id: serial("id").primaryKey(),
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

export const orderNumberSeq = pgSequence("order_number_seq", { startWith: 1000 });

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
    id: serial("id").primaryKey(),
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
    createdAt: createdAt(),
    updatedAt: updatedAt(),
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
    id: serial("id").primaryKey(),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
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
    id: serial("id").primaryKey(),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    type: text("type").notNull(), // status_changed, payment_changed, delivery_changed, note
    fromValue: text("from_value"),
    toValue: text("to_value"),
    actorUserId: integer("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    actorLabel: text("actor_label").notNull(), // "customer", "admin:3", "system"
    note: text("note"),
    createdAt: createdAt(),
  },
  (t) => [index("order_events_order_idx").on(t.orderId)],
);

export const payments = pgTable(
  "payments",
  {
    id: serial("id").primaryKey(),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
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
    lastCheckedAt: timestamp("last_checked_at", { withTimezone: true }),
    // why the provider's report disagrees with the order (amount, currency); null when it agrees
    mismatch: text("mismatch"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("payments_order_idx").on(t.orderId), index("payments_status_idx").on(t.status)],
);

export const paymentEvents = pgTable(
  "payment_events",
  {
    id: serial("id").primaryKey(),
    paymentId: integer("payment_id")
      .notNull()
      .references(() => payments.id, { onDelete: "cascade" }),
    // unique: a replayed webhook (same signed parameters) or a second refund request is refused by the database
    providerEventId: text("provider_event_id").notNull().unique(),
    type: text("type").notNull(),
    payload: jsonb("payload"),
    createdAt: createdAt(),
  },
  (t) => [index("payment_events_payment_idx").on(t.paymentId)],
);

// ---------- ops ----------

export const outboxStatus = pgEnum("outbox_status", ["pending", "sending", "sent", "failed"]);

export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: serial("id").primaryKey(),
    template: text("template").notNull(),
    toEmail: text("to_email").notNull(),
    payload: jsonb("payload").notNull(),
    status: outboxStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastError: text("last_error"),
    providerMessageId: text("provider_message_id"),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("email_outbox_due_idx").on(t.status, t.nextAttemptAt)],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: serial("id").primaryKey(),
    actorUserId: integer("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    actorLabel: text("actor_label").notNull(),
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
