import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessions } from "~/infra/db/schema";
import { sessionCookieName } from "~/infra/session.server";
import { startTestApp, type TestApp } from "../support/app";
import { addMeal, get, guest, signedInCustomer, textOf, variant, type Shopper } from "../support/storefront";

// A session cookie starts with the id of the user it was issued to, so a page can read that user's rows while the
// session is checked (app/web/viewer.server.ts). The id proves nothing: these tests hand the app cookies whose id
// names someone else, and check that nobody sees another person's cart, orders or checkout.

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

const cartCount = async (s: Shopper) =>
  Number(/data-testid="cart-count"[^>]*>(\d+)</.exec(await (await get(app, s, "/shop")).text())?.[1] ?? "0");

/** A browser holding a real session of `owner` whose cookie names `named` (as a tampered or buggy cookie would). */
async function sessionNaming(owner: number, named: number): Promise<Shopper> {
  const token = `${named}.${randomBytes(32).toString("base64url")}`;
  const now = new Date();
  await app.ctx.db.insert(sessions).values({
    id: createHash("sha256").update(token).digest("hex"),
    userId: owner,
    persistent: false,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + 3_600_000),
  });
  const s = guest();
  s.cookies.set(sessionCookieName(app.ctx.config), token);
  return s;
}

describe(`a session cookie naming another user (${process.env.LH_TEST_DB ?? "pglite"})`, () => {
  it("shows the session's own user, never the one the cookie names", async () => {
    const meal = await variant(app, "chicken-sweet-potato-carrot", 130);
    const other = await variant(app, "cottage-pie", 220);
    const owner = await signedInCustomer(app, guest(), "Owner Parent");
    const victim = await signedInCustomer(app, guest(), "Victim Parent");
    await addMeal(app, owner, "chicken-sweet-potato-carrot", meal.id, 1);
    await addMeal(app, victim, "cottage-pie", other.id, 3);

    const tampered = await sessionNaming(owner.userId!, victim.userId!);
    const cart = textOf(await (await get(app, tampered, "/cart")).text());
    expect(cart).toContain("Chicken, Sweet Potato & Carrot");
    expect(cart).not.toContain("Cottage Pie");
    expect(await cartCount(tampered)).toBe(1);
    const checkout = textOf(await (await get(app, tampered, "/checkout")).text());
    expect(checkout).toContain("Chicken, Sweet Potato & Carrot");
    expect(checkout).not.toContain("Cottage Pie");
  });

  it("a made-up session under someone's id is nobody: an empty cart, and checkout asks to log in", async () => {
    const victim = await signedInCustomer(app, guest(), "Victim Parent");
    const other = await variant(app, "cottage-pie", 220);
    await addMeal(app, victim, "cottage-pie", other.id, 2);

    const forged = guest();
    forged.cookies.set(sessionCookieName(app.ctx.config), `${victim.userId}.${randomBytes(32).toString("base64url")}`);
    expect(textOf(await (await get(app, forged, "/cart")).text())).toContain("Your cart is empty");
    expect(await cartCount(forged)).toBe(0);
    const checkout = await get(app, forged, "/checkout");
    expect(checkout.status).toBe(302);
    expect(checkout.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    expect((await get(app, forged, "/account/orders")).status).toBe(302);
  });
});
