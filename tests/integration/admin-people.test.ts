import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSettings } from "~/domain/settings.server";
import { auditLog, sessions } from "~/infra/db/schema";
import { startTestApp, type TestApp } from "../support/app";
import {
  ADMIN_EMAIL,
  CUSTOMER_EMAIL,
  getAs,
  placeTestOrder,
  postForm,
  sessionCookieFor,
  userId,
  variantId,
} from "../support/admin-fixtures";

let app: TestApp;
let admin: string;
beforeAll(async () => {
  app = await startTestApp();
  admin = await sessionCookieFor(app, ADMIN_EMAIL);
});
afterAll(() => app?.close());

const VALID_SETTINGS = {
  deliveryFee: "30.00",
  freeDeliveryThreshold: "250",
  postalCodes: "2196, 2000 2193\n2196",
  deliveryWeekdays: ["1", "3", "5"],
  cutoffHour: "12",
  cashOnDelivery: "on",
  contactEmail: "Kitchen@LittleHarvest.co.za",
  contactPhone: "+27 11 555 0199",
  contactAddress: "Unit 4, 27 Fourth Avenue, Parkhurst, Johannesburg, 2193",
};

describe(`settings (${process.env.LH_TEST_DB ?? "pglite"})`, () => {
  it("saving the settings unchanged records nothing in the audit log (the seeded postal codes are not sorted)", async () => {
    const s = await getSettings(app.ctx);
    const asShown = {
      deliveryFee: (s.deliveryFeeCents / 100).toFixed(2),
      freeDeliveryThreshold: (s.freeDeliveryThresholdCents / 100).toFixed(2),
      postalCodes: s.deliveryPostalCodes.join(", "),
      deliveryWeekdays: s.deliveryWeekdays.map(String),
      cutoffHour: String(s.cutoffHour),
      ...(s.paymentMethods.cash_on_delivery ? { cashOnDelivery: "on" } : {}),
      ...(s.paymentMethods.card ? { card: "on" } : {}),
      contactEmail: s.contactEmail,
      contactPhone: s.contactPhone,
      contactAddress: s.contactAddress,
    };
    expect(s.deliveryPostalCodes).not.toEqual([...s.deliveryPostalCodes].sort());
    expect((await postForm(app, "/admin/settings", admin, asShown)).status).toBe(303);
    expect(await app.ctx.db.select().from(auditLog).where(eq(auditLog.entityType, "settings"))).toEqual([]);
  });

  it("refuses invalid settings with 400 and a message per field", async () => {
    const res = await postForm(app, "/admin/settings", admin, {
      deliveryFee: "free",
      freeDeliveryThreshold: "",
      postalCodes: "2196 20X",
      cutoffHour: "25",
      contactEmail: "not-an-email",
      contactPhone: "call me",
      contactAddress: "here",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    for (const message of [
      "Enter the delivery fee in rand",
      "Enter the free-delivery threshold",
      "Postal codes have four digits: 20X",
      "Choose at least one delivery day",
      "The cut-off is an hour from 0 to 23",
      "Keep at least one payment method on",
      "Enter the shop&#x27;s email address",
      "Enter a phone number",
      "Enter the shop&#x27;s street address",
    ]) {
      expect(html).toContain(message);
    }
    expect((await getSettings(app.ctx)).deliveryFeeCents).toBe(2500);
  });

  it("saves valid settings, which the shop reads at once, and audits before → after", async () => {
    expect((await getSettings(app.ctx)).deliveryFeeCents).toBe(2500); // cached now
    const res = await postForm(app, "/admin/settings", admin, VALID_SETTINGS);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/settings?saved=1");
    const s = await getSettings(app.ctx);
    expect(s).toMatchObject({
      deliveryFeeCents: 3000,
      freeDeliveryThresholdCents: 25000,
      deliveryPostalCodes: ["2000", "2193", "2196"],
      deliveryWeekdays: [1, 3, 5],
      cutoffHour: 12,
      paymentMethods: { cash_on_delivery: true, card: false },
      contactEmail: "kitchen@littleharvest.co.za",
    });
    const [audit] = await app.ctx.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityType, "settings"))
      .orderBy(desc(auditLog.id));
    expect(audit).toMatchObject({ action: "settings.update", actorLabel: ADMIN_EMAIL });
    expect(audit.before).toMatchObject({ deliveryFeeCents: 2500, deliveryWeekdays: [2, 4, 6] });
    expect(audit.after).toMatchObject({ deliveryFeeCents: 3000, deliveryWeekdays: [1, 3, 5] });
    const page = await (await getAs(app, "/admin/settings", admin)).text();
    expect(page).toContain('value="30.00"');
    const log = await (await getAs(app, "/admin/audit", admin)).text();
    expect(log).toContain("Delivery fee of store settings changed from R25.00 to R30.00");
    expect(log).toContain(
      "Delivery days of store settings changed from Tuesday, Thursday, Saturday to Monday, Wednesday, Friday",
    );
  });
});

describe(`customers (${process.env.LH_TEST_DB ?? "pglite"})`, () => {
  it("lists and searches customers; the detail page shows orders, children and addresses", async () => {
    const { number } = await placeTestOrder(app, {
      items: [{ item: { variantId: await variantId(app, "cottage-pie", 220) }, quantity: 1 }],
    });
    await placeTestOrder(app, { items: [{ item: { variantId: await variantId(app, "cottage-pie", 130) }, quantity: 1 }] });
    const list = await (await getAs(app, "/admin/customers", admin)).text();
    expect(list).toContain(CUSTOMER_EMAIL);
    // The customer's row counts both orders (Customer, Phone, Orders columns).
    expect(list).toMatch(new RegExp(`${CUSTOMER_EMAIL}</small></td><td>[^<]*</td><td>2</td>`));
    expect(list).not.toContain(ADMIN_EMAIL + "</small>");
    expect(await (await getAs(app, "/admin/customers?q=thandi", admin)).text()).toContain(CUSTOMER_EMAIL);
    expect(await (await getAs(app, "/admin/customers?q=zzz-nobody", admin)).text()).not.toContain(CUSTOMER_EMAIL);
    const id = await userId(app, CUSTOMER_EMAIL);
    const detail = await (await getAs(app, `/admin/customers/${id}`, admin)).text();
    expect(detail).toContain(number);
    expect(detail).toContain("Lerato");
    expect(detail).toContain("allergies: <!-- -->Milk");
    expect(detail).toContain("14 Oxford Road");
  });

  it("disabling ends every session of the customer; re-enabling lets them sign in again; both are audited", async () => {
    const id = await userId(app, CUSTOMER_EMAIL);
    const customer = await sessionCookieFor(app, CUSTOMER_EMAIL);
    await sessionCookieFor(app, CUSTOMER_EMAIL); // a second device
    expect((await getAs(app, "/account", customer)).status).toBe(200);

    const res = await postForm(app, `/admin/customers/${id}`, admin, { intent: "disable" });
    expect(res.status).toBe(303);
    expect(await app.ctx.db.select().from(sessions).where(eq(sessions.userId, id))).toEqual([]);
    const after = await getAs(app, "/account", customer);
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toContain("/login");
    expect(await (await getAs(app, "/admin/customers?status=disabled", admin)).text()).toContain(CUSTOMER_EMAIL);

    expect((await postForm(app, `/admin/customers/${id}`, admin, { intent: "enable" })).status).toBe(303);
    const fresh = await sessionCookieFor(app, CUSTOMER_EMAIL);
    expect((await getAs(app, "/account", fresh)).status).toBe(200);

    const audits = await app.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "customer"), eq(auditLog.entityId, String(id))))
      .orderBy(auditLog.id);
    expect(audits.map((a) => a.action)).toEqual(["customer.disable", "customer.enable"]);
    expect(audits[0].after).toMatchObject({ sessionsEnded: 2 });
  });

  it("an admin account cannot be disabled from the customer pages", async () => {
    const adminId = await userId(app, ADMIN_EMAIL);
    const res = await postForm(app, `/admin/customers/${adminId}`, admin, { intent: "disable" });
    expect(res.status).toBe(409);
    expect((await getAs(app, "/admin", admin)).status).toBe(200);
  });
});
