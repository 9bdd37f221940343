// Seed data for a fresh store: catalogue, weekly packs, store settings, the first admin and (optionally) a demo
// customer. Idempotent: every insert is keyed on a natural key (slug, grams, email, id 1) with ON CONFLICT DO
// NOTHING, and child rows (variants, pack items, demo address/child) are only written alongside a parent created
// in this very run — so a re-seed neither duplicates rows nor undoes an admin's later edits (prices, stock, pack
// contents, passwords).
import { randomBytes } from "node:crypto";
import { count, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { type AllergenCode, isAllergenCode } from "~/domain/allergens";
import { passwordProblem } from "~/domain/passwords.server";
import { packagedCommonPasswords } from "~/infra/passwords/packaged-common-passwords.server";
import { nodeHasher } from "~/infra/passwords/node-hasher.server";
import { systemClock } from "~/infra/clock.server";
import type { Db, Tx } from "~/infra/db/client.server";
import {
  addresses,
  ageGroups,
  children,
  packItems,
  packs,
  portionSizes,
  products,
  productVariants,
  storeSettings,
  textures,
  users,
} from "~/infra/db/schema";
import catalogData from "./seed-catalog.json";
import { selectVariants } from "./variant-rows.server";

export type SeedOptions = {
  adminEmail: string;
  adminPassword?: string;
  demoCustomer: boolean;
  log?: (msg: string) => void;
  /** "Today" for the demo child's date of birth; defaults to the real now. */
  now?: Date;
};

export type SeedResult = {
  /** Set only when this run created the admin with a generated password: print it once, never log it again. */
  generatedAdminPassword?: string;
};

export const DEMO_CUSTOMER_EMAIL = "parent@example.com";
export const DEMO_CUSTOMER_PASSWORD = "harvest-demo-2026";
const DEMO_CUSTOMER_NAME = "Thandi Demo";

// ---------- catalogue data ----------

const AGE_SLUGS = ["6-8m", "9-12m", "12-24m", "24-48m"] as const;
const TEXTURE_SLUGS = ["puree", "lumpy", "toddler"] as const;
type AgeSlug = (typeof AGE_SLUGS)[number];
type TextureSlug = (typeof TEXTURE_SLUGS)[number];

const SEED_AGE_GROUPS: { slug: AgeSlug; label: string; minMonths: number; maxMonths: number }[] = [
  { slug: "6-8m", label: "6–8 months", minMonths: 6, maxMonths: 8 },
  { slug: "9-12m", label: "9–12 months", minMonths: 9, maxMonths: 12 },
  { slug: "12-24m", label: "12–24 months", minMonths: 12, maxMonths: 24 },
  { slug: "24-48m", label: "24–48 months", minMonths: 24, maxMonths: 48 },
];

const SEED_TEXTURES: { slug: TextureSlug; label: string }[] = [
  { slug: "puree", label: "Puree" },
  { slug: "lumpy", label: "Lumpy" },
  { slug: "toddler", label: "Toddler" },
];

const SEED_PORTIONS = [
  { grams: 130, label: "130 g", defaultPriceCents: 4500 },
  { grams: 160, label: "160 g", defaultPriceCents: 5500 },
  { grams: 220, label: "220 g", defaultPriceCents: 7600 },
] as const;

// The meals and packs themselves are data (seed-catalog.json), checked here as they load: a typo in an age, a
// texture or an allergen code fails the first seed rather than landing in the shop.
const allergen = z.custom<AllergenCode>(isAllergenCode, "unknown allergen code");
const seedProduct = z
  .object({
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    age: z.enum(AGE_SLUGS),
    texture: z.enum(TEXTURE_SLUGS),
    contains: z.array(allergen),
    mayContain: z.array(allergen),
    /** Stock for the 130 g, 160 g and 220 g variants. */
    stock: z.tuple([z.number().int(), z.number().int(), z.number().int()]),
    featured: z.boolean().optional(),
  })
  .strict();
const seedPack = z
  .object({
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    age: z.enum(AGE_SLUGS),
    grams: z.union([z.literal(130), z.literal(160), z.literal(220)]),
    items: z.array(z.object({ product: z.string(), quantity: z.number().int().positive() }).strict()),
  })
  .strict();

export type SeedProduct = z.infer<typeof seedProduct>;
export const SEED_PRODUCTS: SeedProduct[] = z.array(seedProduct).parse(catalogData.products);
export const SEED_PACKS = z.array(seedPack).parse(catalogData.packs);

/** About 10% off the sum of the single prices, rounded to whole rands. */
function packPriceCents(sumOfSinglesCents: number): number {
  return Math.round((sumOfSinglesCents * 0.9) / 100) * 100;
}

const SEED_STORE_SETTINGS = {
  id: 1,
  deliveryFeeCents: 2500,
  freeDeliveryThresholdCents: 20000,
  // Johannesburg and the northern suburbs we deliver to
  deliveryPostalCodes: [
    "2000",
    "2001",
    "2017",
    "2028",
    "2033",
    "2041",
    "2050",
    "2090",
    "2091",
    "2092",
    "2094",
    "2109",
    "2116",
    "2121",
    "2146",
    "2148",
    "2151",
    "2152",
    "2188",
    "2191",
    "2192",
    "2193",
    "2194",
    "2195",
    "2196",
    "2197",
    "2198",
    "2052",
    "2060",
    "2062",
  ],
  deliveryWeekdays: [2, 4, 6], // Tue, Thu, Sat (ISO, 1 = Monday)
  cutoffHour: 14,
  paymentMethods: { cash_on_delivery: true, card: false },
  contactEmail: "hello@littleharvest.co.za",
  contactPhone: "+27 11 555 0142",
  contactAddress: "Unit 4, 27 Fourth Avenue, Parkhurst, Johannesburg, 2193",
};

// ---------- seeding ----------

export async function seed(db: Db, opts: SeedOptions): Promise<SeedResult> {
  const log = opts.log ?? (() => {});
  const now = opts.now ?? systemClock.now();
  return db.transaction(async (tx) => {
    await seedCatalog(tx, log);
    await tx.insert(storeSettings).values(SEED_STORE_SETTINGS).onConflictDoNothing();
    const result = await seedAdmin(tx, opts, now, log);
    if (opts.demoCustomer) await seedDemoCustomer(tx, now, log);
    return result;
  });
}

/** Seeds only a brand-new database (no age groups yet); used on the first start of embedded mode. */
export async function seedIfEmpty(db: Db, opts: SeedOptions): Promise<SeedResult & { seeded: boolean }> {
  const [{ n }] = await db.select({ n: count() }).from(ageGroups);
  if (n > 0) return { seeded: false };
  return { seeded: true, ...(await seed(db, opts)) };
}

async function seedCatalog(tx: Tx, log: (msg: string) => void) {
  await tx
    .insert(ageGroups)
    .values(SEED_AGE_GROUPS.map((g, i) => ({ ...g, sort: i })))
    .onConflictDoNothing();
  await tx
    .insert(textures)
    .values(SEED_TEXTURES.map((t, i) => ({ ...t, sort: i })))
    .onConflictDoNothing();
  await tx
    .insert(portionSizes)
    .values(SEED_PORTIONS.map((p, i) => ({ ...p, sort: i })))
    .onConflictDoNothing();

  const ageId = new Map((await tx.select({ id: ageGroups.id, slug: ageGroups.slug }).from(ageGroups)).map((r) => [r.slug, r.id]));
  const textureId = new Map(
    (await tx.select({ id: textures.id, slug: textures.slug }).from(textures)).map((r) => [r.slug, r.id]),
  );
  const portions = await tx
    .select()
    .from(portionSizes)
    .where(
      inArray(
        portionSizes.grams,
        SEED_PORTIONS.map((p) => p.grams),
      ),
    );
  const portionByGrams = new Map(portions.map((p) => [p.grams, p]));

  // Products: variants are created only together with a product created now.
  const created = await tx
    .insert(products)
    .values(
      SEED_PRODUCTS.map((p) => ({
        slug: p.slug,
        name: p.name,
        description: p.description,
        ageGroupId: must(ageId.get(p.age), p.age),
        textureId: must(textureId.get(p.texture), p.texture),
        contains: p.contains,
        mayContain: p.mayContain,
        imageUrl: `/images/products/${p.slug}.svg`,
        featured: p.featured ?? false,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: products.id, slug: products.slug });
  const variantRows = created.flatMap((row) => {
    const p = must(
      SEED_PRODUCTS.find((s) => s.slug === row.slug),
      row.slug,
    );
    return SEED_PORTIONS.map((portion, i) => {
      const ps = must(portionByGrams.get(portion.grams), `${portion.grams} g`);
      return { productId: row.id, portionSizeId: ps.id, priceCents: ps.defaultPriceCents, stock: p.stock[i] };
    });
  });
  if (variantRows.length > 0) await tx.insert(productVariants).values(variantRows).onConflictDoNothing();
  if (created.length > 0) log(`seed: ${created.length} products, ${variantRows.length} variants`);

  // Packs: items are created only together with a pack created now.
  const variants = await selectVariants(tx, {
    id: productVariants.id,
    priceCents: productVariants.priceCents,
    slug: products.slug,
    grams: portionSizes.grams,
  });
  const variantFor = (slug: string, grams: number) =>
    must(
      variants.find((v) => v.slug === slug && v.grams === grams),
      `${slug} ${grams} g`,
    );

  for (const pack of SEED_PACKS) {
    const items = pack.items.map((it) => ({ variant: variantFor(it.product, pack.grams), quantity: it.quantity }));
    const sum = items.reduce((acc, it) => acc + it.variant.priceCents * it.quantity, 0);
    const [row] = await tx
      .insert(packs)
      .values({
        slug: pack.slug,
        name: pack.name,
        description: pack.description,
        ageGroupId: must(ageId.get(pack.age), pack.age),
        priceCents: packPriceCents(sum),
        imageUrl: `/images/packs/${pack.slug}.svg`,
      })
      .onConflictDoNothing()
      .returning({ id: packs.id });
    if (!row) continue;
    await tx
      .insert(packItems)
      .values(items.map((it) => ({ packId: row.id, variantId: it.variant.id, quantity: it.quantity })))
      .onConflictDoNothing();
    log(`seed: pack ${pack.slug}`);
  }
}

async function seedAdmin(tx: Tx, opts: SeedOptions, now: Date, log: (msg: string) => void): Promise<SeedResult> {
  const email = opts.adminEmail.trim().toLowerCase();
  const [existing] = await tx.select({ id: users.id, role: users.role }).from(users).where(eq(users.email, email));
  if (existing) {
    // Never touch an existing account's password — and never promote an account someone else may have
    // registered with this address: that would hand them the shop.
    if (existing.role !== "admin") log(`seed: ${email} already exists as a customer; not promoting it to admin`);
    return {};
  }
  const weakness = opts.adminPassword ? await passwordProblem(packagedCommonPasswords, opts.adminPassword) : null;
  if (weakness) log(`seed: warning: the configured admin password is weak (${weakness})`);
  const generated = opts.adminPassword ? undefined : randomBytes(18).toString("base64url");
  const password = opts.adminPassword ?? (generated as string);
  const inserted = await tx
    .insert(users)
    .values({
      email,
      passwordHash: await nodeHasher.hash(password),
      name: "Shop admin",
      role: "admin",
      emailVerifiedAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: users.id });
  if (inserted.length === 0) return {};
  log(`seed: admin ${email} created`);
  return generated ? { generatedAdminPassword: generated } : {};
}

async function seedDemoCustomer(tx: Tx, now: Date, log: (msg: string) => void) {
  const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, DEMO_CUSTOMER_EMAIL));
  if (existing) return;
  const [user] = await tx
    .insert(users)
    .values({
      email: DEMO_CUSTOMER_EMAIL,
      passwordHash: await nodeHasher.hash(DEMO_CUSTOMER_PASSWORD),
      name: DEMO_CUSTOMER_NAME,
      phone: "+27 82 555 0123",
      role: "customer",
      emailVerifiedAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: users.id });
  if (!user) return;
  await tx.insert(addresses).values({
    userId: user.id,
    label: "Home",
    recipientName: DEMO_CUSTOMER_NAME,
    phone: "+27 82 555 0123",
    line1: "14 Oxford Road",
    suburb: "Illovo",
    city: "Johannesburg",
    postalCode: "2196",
    instructions: "Gate code 2580; please ring the bell.",
    isDefault: true,
  });
  await tx.insert(children).values({
    userId: user.id,
    name: "Lerato",
    dateOfBirth: monthsBefore(now, 10),
    allergies: ["milk"],
    dietaryNeeds: [],
  });
  log(`seed: demo customer ${DEMO_CUSTOMER_EMAIL} created`);
}

/** YYYY-MM-DD of the date `months` before `now` (calendar date in Johannesburg, UTC+2 all year). */
function monthsBefore(now: Date, months: number): string {
  const local = new Date(now.getTime() + 2 * 60 * 60 * 1000);
  const d = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - months, 1));
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(local.getUTCDate(), lastDay));
  return d.toISOString().slice(0, 10);
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`seed: missing ${what}`);
  return value;
}
