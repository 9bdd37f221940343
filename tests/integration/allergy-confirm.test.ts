// A parent adding a meal or pack one of their children is allergic to must tick "I understand…": the action refuses
// without it (400, message naming the child, nothing added) and adds with it. Guests and children-free accounts are
// never asked.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cartItems, carts, packs } from "~/infra/db/schema";
import { DEMO_CUSTOMER_EMAIL } from "~/domain/seed.server";
import { startTestApp, type TestApp } from "../support/app";
import { addMeal, guest, post, signIn, signedInCustomer, textOf, userIdOf, variant } from "../support/storefront";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

async function linesOf(userId: number) {
  const [cart] = await app.ctx.db.select({ id: carts.id }).from(carts).where(eq(carts.userId, userId));
  if (!cart) return [];
  return app.ctx.db.select().from(cartItems).where(eq(cartItems.cartId, cart.id));
}

describe("adding something a child is allergic to", () => {
  it("is refused without the confirmation, naming the child and the allergen, and added with it", async () => {
    // The seeded demo parent has Lerato, allergic to milk; the risotto contains milk.
    const parentId = await userIdOf(app, DEMO_CUSTOMER_EMAIL);
    const parent = await signIn(app, guest(), parentId, DEMO_CUSTOMER_EMAIL);
    const risotto = await variant(app, "cheesy-vegetable-risotto", 160);

    const refused = await addMeal(app, parent, "cheesy-vegetable-risotto", risotto.id, 2);
    expect(refused.status).toBe(400);
    const text = textOf(await refused.text());
    expect(text).toContain("Contains milk — Lerato is allergic to milk");
    expect(text).toContain("Tick “I understand this contains milk” to add it to your cart.");
    expect(await linesOf(parentId)).toEqual([]);

    const added = await addMeal(app, parent, "cheesy-vegetable-risotto", risotto.id, 2, { allergyConfirm: "yes" });
    expect(added.status).toBe(303);
    expect((await linesOf(parentId)).map((l) => [l.variantId, l.quantity])).toEqual([[risotto.id, 2]]);
  });

  it("'may contain' asks too, and so does a pack holding such a meal", async () => {
    const parentId = await userIdOf(app, DEMO_CUSTOMER_EMAIL);
    const parent = await signIn(app, guest(), parentId, DEMO_CUSTOMER_EMAIL);
    const lamb = await variant(app, "lamb-mash-potato-peas", 130);
    const refused = await addMeal(app, parent, "lamb-mash-potato-peas", lamb.id, 1);
    expect(refused.status).toBe(400);
    expect(textOf(await refused.text())).toContain("May contain milk — Lerato is allergic to milk");

    const [pack] = await app.ctx.db.select().from(packs).where(eq(packs.slug, "weekly-stage-pack-9-12m"));
    const packPath = `/packs/${pack.slug}`;
    const packRefused = await post(app, parent, packPath, { packId: String(pack.id), quantity: "1" });
    expect(packRefused.status).toBe(400);
    expect(textOf(await packRefused.text())).toContain("Lerato is allergic to milk");
    const packAdded = await post(app, parent, packPath, { packId: String(pack.id), quantity: "1", allergyConfirm: "yes" });
    expect(packAdded.status).toBe(303);
  });

  it("a guest, or a parent whose children are not allergic, adds without being asked", async () => {
    const risotto = await variant(app, "cheesy-vegetable-risotto", 130);
    expect((await addMeal(app, guest(), "cheesy-vegetable-risotto", risotto.id, 1)).status).toBe(303);
    const other = await signedInCustomer(app);
    expect((await addMeal(app, other, "cheesy-vegetable-risotto", risotto.id, 1)).status).toBe(303);
  });
});
