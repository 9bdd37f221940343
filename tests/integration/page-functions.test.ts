import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAdminPackPage, getAdminProductPage, getPackFormOptions } from "~/domain/admin-catalog-pages.server";
import { setCustomerDisabled } from "~/domain/admin-customers.server";
import { getSecurityPage } from "~/domain/accounts.server";
import { addToCart } from "~/domain/cart.server";
import { getCheckoutPage } from "~/domain/checkout-page.server";
import { addChild, todayIn } from "~/domain/children.server";
import { resendFailedEmail } from "~/domain/email-admin.server";
import { getPrepPage } from "~/domain/prep.server";
import { getMealPage, getShopPage, getStagePackPage } from "~/domain/shop-pages.server";
import { createSession, findSessionUser } from "~/infra/session.server";
import { startTestApp, type TestApp } from "../support/app";
import { ADMIN_EMAIL, userId } from "../support/admin-fixtures";
import { signedInCustomer, variant } from "../support/storefront";

// The page-level domain functions, called directly against the real (PGlite) database: each composite page's data
// as one value, without rendering or scraping HTML. Also the DomainError kinds the domain throws for refusals.

let app: TestApp;
let parentId: number;
let childId: number;
const admin = { id: 0, email: "admin@test" };

beforeAll(async () => {
  app = await startTestApp();
  parentId = (await signedInCustomer(app)).userId!;
  const today = todayIn(app.ctx.clock);
  // Two years old today (born on the 1st, so the age is whole months whatever today's date).
  const dateOfBirth = `${Number(today.slice(0, 4)) - 2}-${today.slice(5, 7)}-01`;
  childId = await addChild(app.ctx.db, app.ctx.clock, parentId, {
    name: "Lerato",
    dateOfBirth,
    allergies: ["milk"],
    dietaryNeeds: [],
    notes: "",
  });
  admin.id = await userId(app, ADMIN_EMAIL);
});
afterAll(() => app?.close());

describe("storefront pages", () => {
  it("the shop for a guest: every active meal, no children, no fits", async () => {
    const page = await getShopPage(app.ctx, null, { free: [] });
    expect(page.products.length).toBeGreaterThan(10);
    expect(page.filtered).toBe(false);
    expect(page.children).toEqual([]);
    expect(page.shopFor).toBeNull();
    expect(Object.values(page.fits).every((f) => f.length === 0)).toBe(true);
    expect(page.facets.ageGroups.map((a) => a.slug)).toContain("24-48m");
  });

  it("shopping for a child narrows to their age and leaves out their allergens, but shows only what was ticked", async () => {
    const page = await getShopPage(app.ctx, parentId, { free: ["gluten"], childId });
    expect(page.shopFor).toEqual({ id: childId, name: "Lerato" });
    expect(page.filtered).toBe(true);
    expect(page.filters.freeFrom).toEqual(["gluten"]);
    expect(page.products.length).toBeGreaterThan(0);
    for (const p of page.products) {
      expect(p.contains).not.toContain("milk");
      expect(p.contains).not.toContain("gluten");
      expect(p.ageGroup.minMonths).toBeLessThanOrEqual(24);
      expect(p.ageGroup.maxMonths).toBeGreaterThanOrEqual(24);
      expect(page.fits[p.slug]).toHaveLength(1);
    }
  });

  it("another family's child id is ignored", async () => {
    const other = (await signedInCustomer(app)).userId!;
    const page = await getShopPage(app.ctx, other, { free: [], childId });
    expect(page.shopFor).toBeNull();
    expect(page.children).toEqual([]);
  });

  it("a meal page carries each child's fit; an unknown slug is null", async () => {
    const page = await getMealPage(app.ctx, parentId, "butternut-mac-cheese");
    expect(page?.product.variants.length).toBeGreaterThan(0);
    expect(page?.fits).toHaveLength(1);
    expect(page?.fits[0]).toMatchObject({ childId, suitable: false, contains: ["milk"] });
    expect((await getMealPage(app.ctx, null, "butternut-mac-cheese"))?.fits).toEqual([]);
    expect(await getMealPage(app.ctx, parentId, "no-such-meal")).toBeNull();
  });

  it("a stage pack page carries its meals and each child's fit", async () => {
    const page = await getStagePackPage(app.ctx, parentId, "weekly-stage-pack-12-24m");
    expect(page?.pack.items.length).toBeGreaterThan(0);
    expect(page?.fits).toHaveLength(1);
    expect(await getStagePackPage(app.ctx, parentId, "no-such-pack")).toBeNull();
  });

  it("the checkout page is null for an empty cart, and prices the cart once it has a meal", async () => {
    const deps = { ...app.ctx, payments: null };
    expect(await getCheckoutPage(deps, parentId)).toBeNull();
    // No milk in it: the parent's child is allergic to milk, which would ask for a confirmation first.
    const v = await variant(app, "turkey-rice-broccoli", 160);
    await addToCart(app.ctx, { userId: parentId }, { variantId: v.id }, 2);
    const page = await getCheckoutPage(deps, parentId);
    expect(page?.cart.subtotalCents).toBe(2 * v.priceCents);
    expect(page?.deliveryDates.length).toBeGreaterThan(0);
    expect(page?.paymentMethods.map((m) => m.code)).not.toContain("card");
  });
});

describe("account pages", () => {
  it("the security page counts the other devices signed in, and says how the account signs in", async () => {
    // The parent already has the session signedInCustomer gave them; this one is "this device".
    const { token } = await createSession(app.ctx.db, app.ctx.clock, parentId, { persistent: true });
    const mine = (await findSessionUser(app.ctx.db, app.ctx.clock, token))!.sessionId;
    const page = await getSecurityPage(app.ctx, parentId, mine);
    expect(page).toEqual({ hasPassword: false, googleLinked: false, otherSessions: 1, isAdmin: false });
    expect(await getSecurityPage(app.ctx, 99_999_999, mine)).toBeNull();
  });
});

describe("back-office pages", () => {
  it("the product editor: the product with its variants and the form's choices; null for an unknown id", async () => {
    const v = await variant(app, "cottage-pie", 130);
    const productId = (await getMealPage(app.ctx, null, "cottage-pie"))!.product.id;
    const page = await getAdminProductPage(app.ctx.db, productId);
    expect(page?.product.slug).toBe("cottage-pie");
    expect(page?.variants.map((x) => x.id)).toContain(v.id);
    expect(page?.ageGroups).toHaveLength(4);
    expect(page?.portionSizes.map((p) => p.grams)).toEqual([130, 160, 220]);
    expect(await getAdminProductPage(app.ctx.db, 99_999_999)).toBeNull();
  });

  it("the pack editor and the new-pack form offer the same choices", async () => {
    const packId = (await getStagePackPage(app.ctx, null, "weekly-stage-pack-6-8m"))!.pack.id;
    const [page, options] = await Promise.all([getAdminPackPage(app.ctx.db, packId), getPackFormOptions(app.ctx.db)]);
    expect(page?.pack.slug).toBe("weekly-stage-pack-6-8m");
    expect(page?.items.length).toBeGreaterThan(0);
    expect(page?.variants).toEqual(options.variants);
    expect(page?.ageGroups).toEqual(options.ageGroups);
    expect(await getAdminPackPage(app.ctx.db, 99_999_999)).toBeNull();
  });

  it("the prep page takes the asked date, or the kitchen's next delivery day when the date is not one", async () => {
    expect((await getPrepPage(app.ctx, "2031-02-03")).date).toBe("2031-02-03");
    const next = await getPrepPage(app.ctx, "not-a-date");
    expect(next.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(next.date >= todayIn(app.ctx.clock)).toBe(true);
  });
});

describe("refusals are DomainErrors of a kind", () => {
  it("invalid: a cart quantity out of range, beside its field", async () => {
    const v = await variant(app, "cottage-pie", 220);
    await expect(addToCart(app.ctx, { userId: parentId }, { variantId: v.id }, 0)).rejects.toMatchObject({
      name: "DomainError",
      kind: "invalid",
      fields: { quantity: "Choose a quantity from 1 to 50." },
    });
  });

  it("conflict: an admin account cannot be disabled from the customer pages", async () => {
    await expect(setCustomerDisabled(app.ctx, admin, admin.id, true)).rejects.toMatchObject({
      kind: "conflict",
      fields: { form: "Only customer accounts can be disabled here." },
    });
  });

  it("not_found: sending again an email that is not in the outbox", async () => {
    await expect(resendFailedEmail(app.ctx, admin, 99_999_999)).rejects.toMatchObject({
      kind: "not_found",
      message: "That email is not in the outbox.",
    });
  });
});
