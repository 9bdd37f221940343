// Seed data for a fresh store: catalogue, weekly packs, store settings, the first admin and (optionally) a demo
// customer. Idempotent: every insert is keyed on a natural key (slug, grams, email, id 1) with ON CONFLICT DO
// NOTHING, and child rows (variants, pack items, demo address/child) are only written alongside a parent created
// in this very run — so a re-seed neither duplicates rows nor undoes an admin's later edits (prices, stock, pack
// contents, passwords).
import { randomBytes } from "node:crypto";
import { count, eq, inArray } from "drizzle-orm";
import type { AllergenCode } from "~/domain/allergens";
import { passwordProblem } from "~/domain/passwords.server";
import { nodeHasher } from "~/infra/passwords/node-hasher.server";
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

type AgeSlug = "6-8m" | "9-12m" | "12-24m" | "24-48m";
type TextureSlug = "puree" | "lumpy" | "toddler";

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

export type SeedProduct = {
  slug: string;
  name: string;
  description: string;
  age: AgeSlug;
  texture: TextureSlug;
  contains: AllergenCode[];
  mayContain: AllergenCode[];
  /** Stock for the 130 g, 160 g and 220 g variants. */
  stock: [number, number, number];
  featured?: boolean;
};

export const SEED_PRODUCTS: SeedProduct[] = [
  // 6–8 months, puree
  {
    slug: "chicken-sweet-potato-carrot",
    name: "Chicken, Sweet Potato & Carrot",
    description:
      "Free-range chicken slow-cooked with sweet potato and carrot, blended silky smooth. A gentle, naturally sweet first taste of meat.",
    age: "6-8m",
    texture: "puree",
    contains: ["chicken"],
    mayContain: [],
    stock: [48, 36, 24],
    featured: true,
  },
  {
    slug: "beef-butternut-lentil-puree",
    name: "Beef & Butternut Lentil Puree",
    description:
      "Tender beef, roasted butternut and red lentils, rich in iron for growing little bodies. Smooth, warming and full of flavour.",
    age: "6-8m",
    texture: "puree",
    contains: ["beef", "lentils"],
    mayContain: ["gluten"],
    stock: [40, 30, 3],
  },
  {
    slug: "fish-vegetable-medley",
    name: "Fish & Vegetable Medley",
    description:
      "Flaky hake with courgette, carrot and potato, blended until beautifully smooth. An easy way to bring fish to the table early.",
    age: "6-8m",
    texture: "puree",
    contains: ["fish"],
    mayContain: ["milk"],
    stock: [32, 22, 20],
  },
  {
    slug: "apple-pear-oat-puree",
    name: "Apple, Pear & Oat Breakfast Puree",
    description:
      "Stewed apples and pears stirred through creamy oats with a pinch of cinnamon. A cosy, vegetarian start to the morning.",
    age: "6-8m",
    texture: "puree",
    contains: ["gluten"],
    mayContain: [],
    stock: [55, 40, 26],
  },
  // 9–12 months, lumpy
  {
    slug: "turkey-rice-broccoli",
    name: "Turkey, Rice & Broccoli",
    description:
      "Lean turkey mince with soft rice and little broccoli florets, mashed to a gentle lumpy texture. Perfect for practising chewing.",
    age: "9-12m",
    texture: "lumpy",
    contains: ["turkey"],
    mayContain: ["gluten"],
    stock: [44, 38, 30],
    featured: true,
  },
  {
    slug: "lamb-mash-potato-peas",
    name: "Lamb Mash with Potato & Peas",
    description:
      "Slow-braised Karoo lamb folded into buttery-soft potato and sweet garden peas. Hearty comfort food sized for small spoons.",
    age: "9-12m",
    texture: "lumpy",
    contains: ["lamb"],
    mayContain: ["milk"],
    stock: [36, 2, 28],
  },
  {
    slug: "cheesy-vegetable-risotto",
    name: "Cheesy Vegetable Risotto",
    description:
      "Creamy risotto with baby marrow, peas and a little mild cheddar. A vegetarian favourite that tastes like a hug.",
    age: "9-12m",
    texture: "lumpy",
    contains: ["milk"],
    mayContain: [],
    stock: [30, 34, 22],
  },
  {
    slug: "lentil-spinach-dhal",
    name: "Lentil & Spinach Dhal",
    description:
      "Red lentils simmered with spinach, tomato and mild spices until thick and soothing. Plant-powered protein with a gentle warmth.",
    age: "9-12m",
    texture: "lumpy",
    contains: ["lentils"],
    mayContain: ["sesame"],
    stock: [42, 46, 0],
  },
  // 12–24 months, toddler
  {
    slug: "beef-stew-vegetables",
    name: "Beef Stew with Mixed Vegetables",
    description:
      "Chunky beef stew with carrots, potatoes and green beans in a rich, low-salt gravy. A proper family-style meal for toddlers.",
    age: "12-24m",
    texture: "toddler",
    contains: ["beef"],
    mayContain: ["gluten"],
    stock: [26, 32, 40],
  },
  {
    slug: "chicken-pasta-primavera",
    name: "Chicken Pasta Primavera",
    description:
      "Little pasta shapes tossed with chicken and spring vegetables in a light tomato sauce. Easy to pick up, easier to love.",
    age: "12-24m",
    texture: "toddler",
    contains: ["chicken", "gluten"],
    mayContain: ["eggs"],
    stock: [28, 34, 52],
    featured: true,
  },
  {
    slug: "veggie-frittata-bites",
    name: "Veggie Frittata Bites",
    description:
      "Soft baked frittata bites packed with spinach, sweetcorn and a sprinkle of cheese. Vegetarian finger food for independent eaters.",
    age: "12-24m",
    texture: "toddler",
    contains: ["eggs", "milk"],
    mayContain: [],
    stock: [24, 20, 38],
  },
  // 24–48 months, toddler
  {
    slug: "cottage-pie",
    name: "Mini Cottage Pie",
    description:
      "Savoury beef mince and vegetables under a fluffy mashed potato lid. The classic, made just the way little ones like it.",
    age: "24-48m",
    texture: "toddler",
    contains: ["beef", "milk"],
    mayContain: [],
    stock: [22, 30, 60],
    featured: true,
  },
  {
    slug: "mild-chicken-curry-rice",
    name: "Mild Chicken Curry & Rice",
    description:
      "A gentle, creamy chicken curry with a swirl of yoghurt, served with fluffy rice. All the flavour of Sunday lunch, none of the heat.",
    age: "24-48m",
    texture: "toddler",
    contains: ["chicken", "milk"],
    mayContain: ["tree-nuts"],
    stock: [20, 27, 45],
  },
  {
    slug: "butternut-mac-cheese",
    name: "Butternut Mac & Cheese",
    description: "Macaroni in a velvety cheese sauce with roasted butternut hiding in plain sight. A vegetarian crowd-pleaser.",
    age: "24-48m",
    texture: "toddler",
    contains: ["milk", "gluten"],
    mayContain: ["eggs"],
    stock: [25, 33, 5],
  },
  {
    slug: "salmon-fishcakes-peas",
    name: "Salmon Fishcakes with Minted Peas",
    description: "Golden salmon and potato fishcakes with crushed minted peas. Omega-3 goodness that little hands can hold.",
    age: "24-48m",
    texture: "toddler",
    contains: ["fish", "eggs", "gluten"],
    mayContain: ["milk"],
    stock: [21, 29, 34],
  },
  {
    slug: "three-bean-veggie-chilli",
    name: "Three-Bean Veggie Chilli with Rice",
    description:
      "Kidney, black and butter beans in a mild, smoky tomato sauce with rice. Vegetarian, colourful and full of fibre.",
    age: "24-48m",
    texture: "toddler",
    contains: [],
    mayContain: ["soy"],
    stock: [23, 31, 42],
  },
];

export type SeedPack = {
  slug: string;
  name: string;
  description: string;
  age: AgeSlug;
  grams: 130 | 160 | 220;
  items: { product: string; quantity: number }[];
};

export const SEED_PACKS: SeedPack[] = [
  {
    slug: "weekly-stage-pack-6-8m",
    name: "Weekly Stage Pack 6–8 m",
    description:
      "Seven smooth purees for a week of first tastes: chicken, beef, fish and a fruity oat breakfast, in 130 g portions.",
    age: "6-8m",
    grams: 130,
    items: [
      { product: "chicken-sweet-potato-carrot", quantity: 2 },
      { product: "beef-butternut-lentil-puree", quantity: 2 },
      { product: "fish-vegetable-medley", quantity: 2 },
      { product: "apple-pear-oat-puree", quantity: 1 },
    ],
  },
  {
    slug: "weekly-stage-pack-9-12m",
    name: "Weekly Stage Pack 9–12 m",
    description:
      "Seven lumpier meals to build chewing confidence, from turkey and lamb to a cheesy risotto and dhal, in 160 g portions.",
    age: "9-12m",
    grams: 160,
    items: [
      { product: "turkey-rice-broccoli", quantity: 2 },
      { product: "cheesy-vegetable-risotto", quantity: 2 },
      { product: "lentil-spinach-dhal", quantity: 2 },
      { product: "lamb-mash-potato-peas", quantity: 1 },
    ],
  },
  {
    slug: "weekly-stage-pack-12-24m",
    name: "Weekly Stage Pack 12–24 m",
    description: "Seven proper toddler dinners — stew, pasta and frittata bites — in hearty 220 g portions for the busiest week.",
    age: "12-24m",
    grams: 220,
    items: [
      { product: "beef-stew-vegetables", quantity: 3 },
      { product: "chicken-pasta-primavera", quantity: 2 },
      { product: "veggie-frittata-bites", quantity: 2 },
    ],
  },
];

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
  return db.transaction(async (tx) => {
    await seedCatalog(tx, log);
    await tx.insert(storeSettings).values(SEED_STORE_SETTINGS).onConflictDoNothing();
    const result = await seedAdmin(tx, opts, log);
    if (opts.demoCustomer) await seedDemoCustomer(tx, opts.now ?? new Date(), log);
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
  const variants = await tx
    .select({ id: productVariants.id, priceCents: productVariants.priceCents, slug: products.slug, grams: portionSizes.grams })
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .innerJoin(portionSizes, eq(portionSizes.id, productVariants.portionSizeId));
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

async function seedAdmin(tx: Tx, opts: SeedOptions, log: (msg: string) => void): Promise<SeedResult> {
  const email = opts.adminEmail.trim().toLowerCase();
  const [existing] = await tx.select({ id: users.id, role: users.role }).from(users).where(eq(users.email, email));
  if (existing) {
    // Never touch an existing account's password — and never promote an account someone else may have
    // registered with this address: that would hand them the shop.
    if (existing.role !== "admin") log(`seed: ${email} already exists as a customer; not promoting it to admin`);
    return {};
  }
  if (opts.adminPassword && passwordProblem(opts.adminPassword))
    log(`seed: warning: the configured admin password is weak (${passwordProblem(opts.adminPassword)})`);
  const generated = opts.adminPassword ? undefined : randomBytes(18).toString("base64url");
  const password = opts.adminPassword ?? (generated as string);
  const inserted = await tx
    .insert(users)
    .values({
      email,
      passwordHash: await nodeHasher.hash(password),
      name: "Shop admin",
      role: "admin",
      emailVerifiedAt: new Date(),
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
