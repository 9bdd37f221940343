import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, carts, children, orders, payments, paymentEvents, users } from "~/infra/db/schema";
import { get, login, newBrowser, post, sessionOf, signUpAndLogIn } from "../support/accounts";
import { startTestApp, type TestApp } from "../support/app";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

const PERSON = {
  name: "Thembeka Mokoena",
  email: "thembeka.mokoena@example.com",
  phone: "+27 71 987 6543",
  line1: "42 Jacaranda Crescent",
  suburb: "Melville",
  password: "my baby eats butternut",
};

const rowsOf = (result: unknown): Array<Record<string, unknown>> =>
  Array.isArray(result) ? result : ((result as { rows: Array<Record<string, unknown>> }).rows ?? []);

/** Every (table, column) in the public schema that can hold text: text, varchar, jsonb/json and arrays. */
async function textColumns() {
  const result = await app.ctx.db.execute(sql`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and data_type in ('text', 'character varying', 'jsonb', 'json', 'ARRAY')
    order by table_name, column_name`);
  return rowsOf(result).map((r) => ({ table: String(r.table_name), column: String(r.column_name) }));
}

async function findEverywhere(needle: string) {
  const hits: string[] = [];
  for (const { table, column } of await textColumns()) {
    const result = await app.ctx.db.execute(
      sql`select count(*)::int as n from ${sql.identifier(table)} where ${sql.identifier(column)}::text ilike ${"%" + needle + "%"}`,
    );
    if (Number(rowsOf(result)[0].n) > 0) hits.push(`${table}.${column}`);
  }
  return hits;
}

describe(`delete my account (POPIA) (${process.env.LH_TEST_DB ?? "pglite"}/${process.env.LH_TEST_KV ?? "memory"})`, () => {
  it("erases the person from every table but keeps their orders for the books", async () => {
    const b = newBrowser("203.0.113.60");
    await signUpAndLogIn(app, b, { name: PERSON.name, email: PERSON.email, password: PERSON.password });
    await post(app, b, "/account", { intent: "profile", name: PERSON.name, phone: PERSON.phone });
    await post(app, b, "/account/addresses", {
      intent: "add",
      label: "Home",
      recipientName: PERSON.name,
      phone: PERSON.phone,
      line1: PERSON.line1,
      suburb: PERSON.suburb,
      city: "Johannesburg",
      postalCode: "2092",
      instructions: "Ring Thembeka at the gate",
    });
    await post(app, newBrowser("203.0.113.61"), "/forgot-password", { email: PERSON.email });
    const second = newBrowser("203.0.113.62");
    await login(app, second, PERSON.email, PERSON.password);

    // What other parts of the shop will have written about this person by now (checkout, carts, children, admin).
    const [user] = await app.ctx.db.select().from(users).where(eq(users.email, PERSON.email));
    await app.ctx.db
      .insert(children)
      .values({ userId: user.id, name: "Baby Mokoena", dateOfBirth: "2025-06-01", allergies: ["egg"] });
    await app.ctx.db.insert(carts).values({ id: `cart-${user.id}`, userId: user.id });
    const [order] = await app.ctx.db
      .insert(orders)
      .values({
        number: "LH-009999",
        userId: user.id,
        checkoutToken: "deletion-test-token",
        paymentMethod: "cash_on_delivery",
        email: PERSON.email,
        subtotalCents: 18_000,
        deliveryFeeCents: 6_000,
        totalCents: 24_000,
        deliveryDate: "2026-03-04",
        address: {
          recipientName: PERSON.name,
          phone: PERSON.phone,
          line1: PERSON.line1,
          suburb: PERSON.suburb,
          city: "Johannesburg",
          postalCode: "2092",
        },
        notes: `Call ${PERSON.phone} on arrival`,
      })
      .returning();
    const [payment] = await app.ctx.db
      .insert(payments)
      .values({ orderId: order.id, provider: "cash", method: "cash_on_delivery", amountCents: 24_000 })
      .returning();
    await app.ctx.db
      .insert(paymentEvents)
      .values({ paymentId: payment.id, providerEventId: "evt-del-1", type: "paid", payload: { payer: PERSON.email } });
    await app.ctx.db.insert(auditLog).values({
      actorLabel: "admin:1",
      action: "customer.updated",
      entityType: "user",
      entityId: String(user.id),
      after: { name: PERSON.name, email: PERSON.email },
    });

    for (const needle of [PERSON.email, PERSON.name, PERSON.phone, PERSON.line1])
      expect(await findEverywhere(needle), needle).not.toEqual([]);

    // The wrong password or a missing confirmation changes nothing.
    const wrong = await post(app, b, "/account/security", {
      intent: "delete",
      currentPassword: "not it at all",
      confirm: "DELETE",
    });
    expect(wrong.status).toBe(400);
    const unconfirmed = await post(app, b, "/account/security", {
      intent: "delete",
      currentPassword: PERSON.password,
      confirm: "",
    });
    expect(unconfirmed.status).toBe(400);
    expect((await get(app, b, "/account")).status).toBe(200);

    const done = await post(app, b, "/account/security", {
      intent: "delete",
      currentPassword: PERSON.password,
      confirm: "DELETE",
    });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/?account=deleted");
    expect(sessionOf(b)).toBeUndefined();

    for (const needle of [PERSON.email, "thembeka", "Mokoena", PERSON.phone, "987 6543", PERSON.line1, "Jacaranda"]) {
      expect(await findEverywhere(needle), needle).toEqual([]);
    }
    // The order stays, with its money and items, and without the person.
    const [kept] = await app.ctx.db.select().from(orders).where(eq(orders.id, order.id));
    expect(kept.totalCents).toBe(24_000);
    expect(kept.email).toBeNull();
    expect(kept.address).toBeNull();
    // Nobody can sign in as them any more, on any device.
    expect((await get(app, second, "/account")).status).toBe(302);
    expect((await login(app, newBrowser("203.0.113.63"), PERSON.email, PERSON.password)).status).toBe(400);
    // The address can sign up afresh.
    expect(
      (
        await post(app, newBrowser("203.0.113.64"), "/signup", {
          name: "New Start",
          email: PERSON.email,
          password: "a brand new phrase",
        })
      ).status,
    ).toBe(303);
  });

  it("an admin cannot delete their staff account from the account page", async () => {
    const admin = newBrowser("203.0.113.65");
    await login(app, admin, "admin@littleharvest.test", "admin-password-123");
    const res = await post(app, admin, "/account/security", {
      intent: "delete",
      currentPassword: "admin-password-123",
      confirm: "DELETE",
    });
    expect(res.status).toBe(400);
    expect((await get(app, admin, "/admin")).status).toBe(200);
  });
});
