import { and, count, eq } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeHasher } from "~/infra/passwords/node-hasher.server";
import { createDb, type DbHandle } from "~/infra/db/client.server";
import * as s from "~/infra/db/schema";
import { DEMO_CUSTOMER_EMAIL, DEMO_CUSTOMER_PASSWORD, SEED_PACKS, SEED_PRODUCTS, seed, seedIfEmpty } from "~/domain/seed.server";

let handle: DbHandle;
const ADMIN_EMAIL = "Owner@LittleHarvest.test";
const ADMIN_PASSWORD = "correct horse battery staple";

async function counts() {
  const db = handle.db;
  const n = async (table: PgTable) => (await db.select({ n: count() }).from(table))[0].n;
  return {
    ageGroups: await n(s.ageGroups),
    textures: await n(s.textures),
    portions: await n(s.portionSizes),
    products: await n(s.products),
    variants: await n(s.productVariants),
    packs: await n(s.packs),
    packItems: await n(s.packItems),
    settings: await n(s.storeSettings),
    users: await n(s.users),
    addresses: await n(s.addresses),
    children: await n(s.children),
  };
}

beforeAll(async () => {
  handle = await createDb({ driver: "pglite", dataDir: ":memory:" });
  await handle.migrate();
});
afterAll(async () => {
  await handle?.close();
});

describe("seed", () => {
  it("seeds the catalogue, packs, settings and people, and a second run changes nothing", async () => {
    const logs: string[] = [];
    const first = await seed(handle.db, {
      adminEmail: ADMIN_EMAIL,
      adminPassword: ADMIN_PASSWORD,
      demoCustomer: true,
      log: (m) => logs.push(m),
    });
    expect(first.generatedAdminPassword).toBeUndefined();
    expect(logs.length).toBeGreaterThan(0);
    const after1 = await counts();
    const expected = {
      ageGroups: 4,
      textures: 3,
      portions: 3,
      products: SEED_PRODUCTS.length,
      variants: SEED_PRODUCTS.length * 3,
      packs: 3,
      packItems: SEED_PACKS.reduce((n, p) => n + p.items.length, 0),
      settings: 1,
      users: 2,
      addresses: 1,
      children: 1,
    };
    expect(after1).toEqual(expected);
    expect(SEED_PRODUCTS.length).toBeGreaterThanOrEqual(14);

    const snapshot = async () => ({
      products: await handle.db.select().from(s.products).orderBy(s.products.id),
      variants: await handle.db.select().from(s.productVariants).orderBy(s.productVariants.id),
      packs: await handle.db.select().from(s.packs).orderBy(s.packs.id),
      packItems: await handle.db.select().from(s.packItems).orderBy(s.packItems.id),
      users: await handle.db.select().from(s.users).orderBy(s.users.id),
      settings: await handle.db.select().from(s.storeSettings),
    });
    const before = await snapshot();
    const second = await seed(handle.db, { adminEmail: ADMIN_EMAIL, demoCustomer: true });
    expect(second.generatedAdminPassword).toBeUndefined();
    expect(await counts()).toEqual(expected);
    expect(await snapshot()).toEqual(before);
  });

  it("has the named products with their allergens, age group, texture and R45/R55/R76 prices", async () => {
    const named: [string, string, string, string[], string[]][] = [
      ["chicken-sweet-potato-carrot", "6-8m", "puree", ["chicken"], []],
      ["beef-butternut-lentil-puree", "6-8m", "puree", ["beef", "lentils"], ["gluten"]],
      ["fish-vegetable-medley", "6-8m", "puree", ["fish"], ["milk"]],
      ["turkey-rice-broccoli", "9-12m", "lumpy", ["turkey"], ["gluten"]],
      ["lamb-mash-potato-peas", "9-12m", "lumpy", ["lamb"], ["milk"]],
      ["beef-stew-vegetables", "12-24m", "toddler", ["beef"], ["gluten"]],
      ["chicken-pasta-primavera", "12-24m", "toddler", ["chicken", "gluten"], ["eggs"]],
    ];
    for (const [slug, age, texture, contains, mayContain] of named) {
      const [p] = await handle.db
        .select({
          id: s.products.id,
          contains: s.products.contains,
          mayContain: s.products.mayContain,
          age: s.ageGroups.slug,
          texture: s.textures.slug,
          imageUrl: s.products.imageUrl,
          description: s.products.description,
        })
        .from(s.products)
        .innerJoin(s.ageGroups, eq(s.ageGroups.id, s.products.ageGroupId))
        .innerJoin(s.textures, eq(s.textures.id, s.products.textureId))
        .where(eq(s.products.slug, slug));
      expect(p, slug).toBeDefined();
      expect([p.age, p.texture]).toEqual([age, texture]);
      expect([...p.contains].sort()).toEqual([...contains].sort());
      expect([...p.mayContain].sort()).toEqual([...mayContain].sort());
      expect(p.imageUrl).toBe(`/images/products/${slug}.svg`);
      expect(p.description.length).toBeGreaterThan(20);
      const prices = await handle.db
        .select({ grams: s.portionSizes.grams, price: s.productVariants.priceCents })
        .from(s.productVariants)
        .innerJoin(s.portionSizes, eq(s.portionSizes.id, s.productVariants.portionSizeId))
        .where(eq(s.productVariants.productId, p.id))
        .orderBy(s.portionSizes.grams);
      expect(prices).toEqual([
        { grams: 130, price: 4500 },
        { grams: 160, price: 5500 },
        { grams: 220, price: 7600 },
      ]);
    }
    const featured = await handle.db.select({ n: count() }).from(s.products).where(eq(s.products.featured, true));
    expect(featured[0].n).toBe(4);
    const outOfStock = await handle.db.select({ n: count() }).from(s.productVariants).where(eq(s.productVariants.stock, 0));
    expect(outOfStock[0].n).toBeGreaterThanOrEqual(1);
    const olders = await handle.db
      .select({ n: count() })
      .from(s.products)
      .innerJoin(s.ageGroups, eq(s.ageGroups.id, s.products.ageGroupId))
      .where(eq(s.ageGroups.slug, "24-48m"));
    expect(olders[0].n).toBeGreaterThanOrEqual(3);
  });

  it("has three weekly packs of 7 meals from their own age group and portion, ~10% below singles", async () => {
    const expectations = { "weekly-stage-pack-6-8m": 130, "weekly-stage-pack-9-12m": 160, "weekly-stage-pack-12-24m": 220 };
    for (const [slug, grams] of Object.entries(expectations)) {
      const [pack] = await handle.db.select().from(s.packs).where(eq(s.packs.slug, slug));
      expect(pack, slug).toBeDefined();
      const items = await handle.db
        .select({
          quantity: s.packItems.quantity,
          price: s.productVariants.priceCents,
          grams: s.portionSizes.grams,
          ageGroupId: s.products.ageGroupId,
        })
        .from(s.packItems)
        .innerJoin(s.productVariants, eq(s.productVariants.id, s.packItems.variantId))
        .innerJoin(s.portionSizes, eq(s.portionSizes.id, s.productVariants.portionSizeId))
        .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
        .where(eq(s.packItems.packId, pack.id));
      expect(items.reduce((n, i) => n + i.quantity, 0)).toBe(7);
      expect(items.every((i) => i.grams === grams && i.ageGroupId === pack.ageGroupId)).toBe(true);
      const singles = items.reduce((n, i) => n + i.quantity * i.price, 0);
      const discount = 1 - pack.priceCents / singles;
      expect(discount).toBeGreaterThan(0.08);
      expect(discount).toBeLessThan(0.12);
      expect(pack.imageUrl).toBe(`/images/packs/${slug}.svg`);
    }
  });

  it("stores the Johannesburg delivery settings", async () => {
    const [settings] = await handle.db.select().from(s.storeSettings);
    expect(settings).toMatchObject({
      id: 1,
      deliveryFeeCents: 2500,
      freeDeliveryThresholdCents: 20000,
      deliveryWeekdays: [2, 4, 6],
      cutoffHour: 14,
      paymentMethods: { cash_on_delivery: true, card: false },
    });
    expect(settings.deliveryPostalCodes.length).toBeGreaterThanOrEqual(25);
    expect(settings.deliveryPostalCodes).toEqual(
      expect.arrayContaining(["2000", "2001", "2092", "2146", "2191", "2193", "2195", "2196"]),
    );
    expect(settings.deliveryPostalCodes.every((c) => /^\d{4}$/.test(c))).toBe(true);
  });

  it("creates a verified admin (email lower-cased) whose password verifies and survives a re-seed", async () => {
    const [admin] = await handle.db.select().from(s.users).where(eq(s.users.email, ADMIN_EMAIL.toLowerCase()));
    expect(admin.role).toBe("admin");
    expect(admin.emailVerifiedAt).toBeInstanceOf(Date);
    expect(await nodeHasher.verify(admin.passwordHash, ADMIN_PASSWORD)).toBe(true);
    await seed(handle.db, { adminEmail: ADMIN_EMAIL, adminPassword: "a-completely-different-password", demoCustomer: false });
    const [again] = await handle.db.select().from(s.users).where(eq(s.users.email, ADMIN_EMAIL.toLowerCase()));
    expect(again.passwordHash).toBe(admin.passwordHash);
    expect(await nodeHasher.verify(again.passwordHash, ADMIN_PASSWORD)).toBe(true);
  });

  it("creates the demo customer with an address in 2196 and a child with a milk allergy", async () => {
    const [user] = await handle.db.select().from(s.users).where(eq(s.users.email, DEMO_CUSTOMER_EMAIL));
    expect(user).toMatchObject({ role: "customer", name: "Thandi Demo" });
    expect(user.emailVerifiedAt).toBeInstanceOf(Date);
    expect(await nodeHasher.verify(user.passwordHash, DEMO_CUSTOMER_PASSWORD)).toBe(true);
    const [address] = await handle.db.select().from(s.addresses).where(eq(s.addresses.userId, user.id));
    expect(address).toMatchObject({ postalCode: "2196", city: "Johannesburg", isDefault: true });
    const [child] = await handle.db
      .select()
      .from(s.children)
      .where(and(eq(s.children.userId, user.id), eq(s.children.name, "Lerato")));
    expect(child.allergies).toEqual(["milk"]);
    const ageMonths = (Date.now() - new Date(child.dateOfBirth).getTime()) / (30.44 * 24 * 3600 * 1000);
    expect(ageMonths).toBeGreaterThan(9.5);
    expect(ageMonths).toBeLessThan(10.5);
  });
});

describe("seed with a generated admin password and seedIfEmpty", () => {
  let fresh: DbHandle;
  beforeAll(async () => {
    fresh = await createDb({ driver: "pglite", dataDir: ":memory:" });
    await fresh.migrate();
  });
  afterAll(async () => {
    await fresh?.close();
  });

  it("generates a strong admin password once, returns it, and seedIfEmpty then does nothing", async () => {
    const first = await seedIfEmpty(fresh.db, { adminEmail: "admin@example.com", demoCustomer: false });
    expect(first.seeded).toBe(true);
    expect(first.generatedAdminPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const [admin] = await fresh.db.select().from(s.users).where(eq(s.users.email, "admin@example.com"));
    expect(await nodeHasher.verify(admin.passwordHash, first.generatedAdminPassword!)).toBe(true);
    const users = await fresh.db.select({ n: count() }).from(s.users);
    expect(users[0].n).toBe(1);

    const second = await seedIfEmpty(fresh.db, { adminEmail: "admin@example.com", demoCustomer: true });
    expect(second).toEqual({ seeded: false });
    const again = await seed(fresh.db, { adminEmail: "admin@example.com", demoCustomer: false });
    expect(again.generatedAdminPassword).toBeUndefined();
    const [same] = await fresh.db.select().from(s.users).where(eq(s.users.email, "admin@example.com"));
    expect(same.passwordHash).toBe(admin.passwordHash);
  });
});
