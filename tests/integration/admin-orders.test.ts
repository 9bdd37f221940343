import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, emailOutbox, orderEvents, orders, packs } from "~/infra/db/schema";
import { startTestApp, type TestApp } from "../support/app";
import {
  ADMIN_EMAIL,
  CUSTOMER_EMAIL,
  getAs,
  placeTestOrder,
  postForm,
  sessionCookieFor,
  stockOf,
  variantId,
} from "../support/admin-fixtures";

let app: TestApp;
let admin: string;
beforeAll(async () => {
  app = await startTestApp();
  admin = await sessionCookieFor(app, ADMIN_EMAIL);
});
afterAll(() => app?.close());

const orderRow = async (id: number) => (await app.ctx.db.select().from(orders).where(eq(orders.id, id)))[0];
const act = (id: number, fields: Record<string, string>) => postForm(app, `/admin/orders/${id}`, admin, fields);
const outboxFor = (template: string) => app.ctx.db.select().from(emailOutbox).where(eq(emailOutbox.template, template));

describe(`orders in the back office (${process.env.LH_TEST_DB ?? "pglite"})`, () => {
  it("moves an order from placed to delivered; each step is recorded with the admin, and out-for-delivery emails the customer", async () => {
    const vid = await variantId(app, "cottage-pie", 220);
    const { orderId, number } = await placeTestOrder(app, {
      items: [{ item: { variantId: vid }, quantity: 2 }],
      notes: "Leave with the guard",
    });
    const page = await (await getAs(app, `/admin/orders/${orderId}`, admin)).text();
    expect(page).toContain(number);
    expect(page).toContain("Leave with the guard");
    expect(page).toContain("Mini Cottage Pie");
    expect(page).toContain("Confirm order");
    expect(page).not.toContain("Mark delivered");

    let version = (await orderRow(orderId)).version;
    for (const [action, status] of [
      ["confirm", "confirmed"],
      ["prepare", "preparing"],
      ["dispatch", "out_for_delivery"],
      ["deliver", "delivered"],
    ] as const) {
      const res = await act(orderId, { action, version: String(version) });
      expect(res.status, action).toBe(303);
      expect(res.headers.get("location")).toBe(`/admin/orders/${orderId}?done=${action}`);
      const row = await orderRow(orderId);
      expect(row.status).toBe(status);
      version = row.version;
    }
    expect((await orderRow(orderId)).deliveryStatus).toBe("delivered");
    const onItsWay = await outboxFor("order-on-its-way");
    expect(onItsWay.map((e) => e.toEmail)).toContain(CUSTOMER_EMAIL);
    expect(onItsWay.find((e) => (e.payload as { orderNumber: string }).orderNumber === number)).toBeTruthy();

    const events = await app.ctx.db
      .select()
      .from(orderEvents)
      .where(and(eq(orderEvents.orderId, orderId), eq(orderEvents.type, "status_changed")));
    expect(events.filter((e) => e.actorLabel.startsWith("admin:")).map((e) => e.toValue)).toEqual([
      "confirmed",
      "preparing",
      "out_for_delivery",
      "delivered",
    ]);
    const history = await (await getAs(app, `/admin/orders/${orderId}`, admin)).text();
    expect(history).toContain(ADMIN_EMAIL); // who did what
    // Delivered is the end of the line; only booking the driver's cash is left.
    expect(history).not.toContain("Mark delivered");
    expect(history).not.toContain("Cancel order");
    expect(history).toContain("Mark paid (cash received)");

    const audits = await app.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "order"), eq(auditLog.entityId, String(orderId))));
    expect(audits.map((a) => a.action)).toEqual(["order.confirm", "order.prepare", "order.dispatch", "order.deliver"]);
    expect(audits[0].before).toMatchObject({ status: "placed" });
    expect(audits[0].after).toMatchObject({ status: "confirmed" });
  });

  it("an illegal transition is a 409 with a message, and writes nothing", async () => {
    const { orderId } = await placeTestOrder(app, {
      items: [{ item: { variantId: await variantId(app, "cottage-pie", 130) }, quantity: 1 }],
    });
    const before = await orderRow(orderId);
    const res = await act(orderId, { action: "deliver", version: String(before.version) });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("cannot be marked delivered");
    const after = await orderRow(orderId);
    expect(after.status).toBe("placed");
    expect(after.version).toBe(before.version);
    const audits = await app.ctx.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, String(orderId)));
    expect(audits).toEqual([]);
  });

  it("two admins acting on the same view at once: exactly one wins, the other gets 409", async () => {
    const { orderId } = await placeTestOrder(app, {
      items: [{ item: { variantId: await variantId(app, "cottage-pie", 160) }, quantity: 1 }],
    });
    const second = await sessionCookieFor(app, ADMIN_EMAIL);
    const { version } = await orderRow(orderId);
    const [a, b] = await Promise.all([
      postForm(app, `/admin/orders/${orderId}`, admin, { action: "confirm", version: String(version) }),
      postForm(app, `/admin/orders/${orderId}`, second, {
        action: "cancel",
        reason: "Customer phoned to cancel",
        version: String(version),
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([303, 409]);
    const loser = a.status === 409 ? a : b;
    expect(await loser.text()).toContain("changed by someone else");
    const row = await orderRow(orderId);
    expect(row.version).toBe(version + 1);
    expect(["confirmed", "cancelled"]).toContain(row.status);
  });

  it("cancel needs a reason; it returns the stock (packs to each meal) and queues the cancellation email", async () => {
    const single = await variantId(app, "turkey-rice-broccoli", 130);
    const [pack] = await app.ctx.db.select().from(packs).where(eq(packs.slug, "weekly-stage-pack-9-12m"));
    const turkey160 = await variantId(app, "turkey-rice-broccoli", 160);
    const before = { single: await stockOf(app, single), turkey160: await stockOf(app, turkey160) };
    const { orderId, number } = await placeTestOrder(app, {
      items: [
        { item: { variantId: single }, quantity: 3 },
        { item: { packId: pack.id }, quantity: 1 },
      ],
    });
    expect(await stockOf(app, single)).toBe(before.single - 3);
    expect(await stockOf(app, turkey160)).toBe(before.turkey160 - 2);
    const { version } = await orderRow(orderId);

    const noReason = await act(orderId, { action: "cancel", version: String(version), reason: "" });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain("Give the customer a reason");

    const res = await act(orderId, { action: "cancel", version: String(version), reason: "Kitchen closed for a power cut" });
    expect(res.status).toBe(303);
    const row = await orderRow(orderId);
    expect(row.status).toBe("cancelled");
    expect(row.cancelReason).toBe("Kitchen closed for a power cut");
    expect(await stockOf(app, single)).toBe(before.single);
    expect(await stockOf(app, turkey160)).toBe(before.turkey160);
    const mail = (await outboxFor("order-cancellation")).find(
      (e) => (e.payload as { orderNumber: string }).orderNumber === number,
    );
    expect(mail?.toEmail).toBe(CUSTOMER_EMAIL);
    expect(mail?.payload).toMatchObject({ reason: "Kitchen closed for a power cut" });
    const [audit] = await app.ctx.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, String(orderId)))
      .orderBy(desc(auditLog.id));
    expect(audit).toMatchObject({ action: "order.cancel", actorLabel: ADMIN_EMAIL });
    expect(audit.after).toMatchObject({ status: "cancelled", reason: "Kitchen closed for a power cut" });

    const again = await act(orderId, { action: "cancel", version: String(row.version), reason: "Twice" });
    expect(again.status).toBe(409);
  });

  it("marks a cash-on-delivery order paid and queues the payment confirmation", async () => {
    const { orderId, number } = await placeTestOrder(app, {
      items: [{ item: { variantId: await variantId(app, "cottage-pie", 220) }, quantity: 1 }],
    });
    const page = await (await getAs(app, `/admin/orders/${orderId}`, admin)).text();
    expect(page).toContain("Mark paid (cash received)");
    const res = await act(orderId, { action: "mark-paid", version: String((await orderRow(orderId)).version) });
    expect(res.status).toBe(303);
    expect((await orderRow(orderId)).paymentStatus).toBe("paid");
    const mail = (await outboxFor("payment-confirmation")).find(
      (e) => (e.payload as { orderNumber: string }).orderNumber === number,
    );
    expect(mail?.toEmail).toBe(CUSTOMER_EMAIL);
    const twice = await act(orderId, { action: "mark-paid", version: String((await orderRow(orderId)).version) });
    expect(twice.status).toBe(409);
    const [audit] = await app.ctx.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, String(orderId)))
      .orderBy(desc(auditLog.id));
    expect(audit).toMatchObject({ action: "order.mark-paid" });
    expect(audit.after).toMatchObject({ paymentStatus: "paid" });
  });

  it("the list filters by status, delivery date and payment method, searches by number or email, and pages", async () => {
    const all = await (await getAs(app, "/admin/orders", admin)).text();
    const numbers = [...all.matchAll(/>(LH-\d{6})</g)].map((m) => m[1]);
    expect(numbers.length).toBeGreaterThanOrEqual(5);

    const cancelled = await (await getAs(app, "/admin/orders?status=cancelled", admin)).text();
    const cancelledNumbers = [...cancelled.matchAll(/>(LH-\d{6})</g)].map((m) => m[1]);
    const cancelledRows = await app.ctx.db.select({ number: orders.number }).from(orders).where(eq(orders.status, "cancelled"));
    expect(cancelledNumbers.sort()).toEqual(cancelledRows.map((r) => r.number).sort());

    const one = numbers[0];
    const search = await (await getAs(app, `/admin/orders?q=${one}`, admin)).text();
    expect([...search.matchAll(/>(LH-\d{6})</g)].map((m) => m[1])).toEqual([one]);
    const byEmail = await (await getAs(app, "/admin/orders?q=PARENT@example", admin)).text();
    expect(byEmail).toContain(one);
    expect(await (await getAs(app, "/admin/orders?q=nobody@nowhere", admin)).text()).toContain("No orders match.");
    expect(await (await getAs(app, "/admin/orders?payment=card", admin)).text()).toContain("No orders match.");
    const [{ deliveryDate }] = await app.ctx.db.select({ deliveryDate: orders.deliveryDate }).from(orders).limit(1);
    expect(await (await getAs(app, `/admin/orders?date=${deliveryDate}`, admin)).text()).toContain(numbers[numbers.length - 1]);
    expect(await (await getAs(app, "/admin/orders?date=2099-01-01", admin)).text()).toContain("No orders match.");
    expect(await (await getAs(app, "/admin/orders?page=2", admin)).text()).toContain("No orders match.");
  });
});
