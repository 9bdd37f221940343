import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nextDeliveryDates, nextKitchenDeliveryDate } from "~/domain/delivery";
import { formatIsoDate } from "~/domain/jhb-dates";
import { getSettings } from "~/domain/settings.server";
import { emailOutbox, orders, packs, products } from "~/infra/db/schema";
import { startTestApp, type TestApp } from "../support/app";
import { ADMIN_EMAIL, getAs, placeTestOrder, postForm, sessionCookieFor, variantId } from "../support/admin-fixtures";

let app: TestApp;
let admin: string;
let date: string;
let numbers: { a: string; b: string; cancelled: string };
beforeAll(async () => {
  app = await startTestApp();
  admin = await sessionCookieFor(app, ADMIN_EMAIL);
  date = nextDeliveryDates(app.ctx.clock.now(), await getSettings(app.ctx))[0];
  const [pack] = await app.ctx.db.select().from(packs).where(eq(packs.slug, "weekly-stage-pack-12-24m")); // 3 stew, 2 pasta, 2 frittata (220 g)
  const pie = await variantId(app, "cottage-pie", 220);
  const a = await placeTestOrder(app, {
    deliveryDate: date,
    items: [
      { item: { variantId: pie }, quantity: 2 },
      { item: { packId: pack.id }, quantity: 1 },
    ],
    address: { postalCode: "2196", line1: "14 Oxford Road" },
  });
  const b = await placeTestOrder(app, {
    deliveryDate: date,
    items: [{ item: { variantId: pie }, quantity: 1 }],
    address: {
      postalCode: "2001",
      line1: "1 Fox Street",
      suburb: "Marshalltown",
      recipientName: "Sipho Ndlovu",
      phone: "+27 83 000 1111",
    },
    notes: "@SUM(1+1) ring twice",
  });
  const c = await placeTestOrder(app, { deliveryDate: date, items: [{ item: { variantId: pie }, quantity: 5 }] });
  const { version } = (await app.ctx.db.select().from(orders).where(eq(orders.id, c.orderId)))[0];
  expect(
    (
      await postForm(app, `/admin/orders/${c.orderId}`, admin, {
        action: "cancel",
        reason: "Changed plans",
        version: String(version),
      })
    ).status,
  ).toBe(303);
  numbers = { a: a.number, b: b.number, cancelled: c.number };
});
afterAll(() => app?.close());

const mealCount = (html: string, meal: string) => {
  const m = new RegExp(`data-meal="${meal}"[^>]*>.*?<td class="num">(\\d+)</td>`).exec(html);
  return m ? Number(m[1]) : 0;
};

describe(`kitchen prep sheet and delivery run (${process.env.LH_TEST_DB ?? "pglite"})`, () => {
  it("counts portions per meal with packs expanded into their meals, leaving cancelled orders out", async () => {
    const html = await (await getAs(app, `/admin/prep?date=${date}`, admin)).text();
    expect(mealCount(html, "Mini Cottage Pie 220 g")).toBe(3);
    expect(mealCount(html, "Beef Stew with Mixed Vegetables 220 g")).toBe(3);
    expect(mealCount(html, "Chicken Pasta Primavera 220 g")).toBe(2);
    expect(mealCount(html, "Veggie Frittata Bites 220 g")).toBe(2);
    expect(html).toContain("To cook: <!-- -->10<!-- --> portions");
  });

  it("lists deliveries in postal-code order with addresses, phone numbers and notes; cancelled orders are not on the run", async () => {
    const html = await (await getAs(app, `/admin/prep?date=${date}`, admin)).text();
    expect(html.indexOf(numbers.b)).toBeGreaterThan(0);
    expect(html.indexOf(numbers.b)).toBeLessThan(html.indexOf(numbers.a)); // 2001 before 2196
    expect(html).not.toContain(numbers.cancelled);
    expect(html).toContain("Sipho Ndlovu");
    expect(html).toContain("+27 83 000 1111");
    expect(html).toContain("1 Fox Street");
    expect(html).toContain("@SUM(1+1) ring twice");
    expect(html).toContain("Gate code 2580");
  });

  it("defaults to the next delivery day, and a day without orders says so", async () => {
    const settings = await getSettings(app.ctx);
    const html = await (await getAs(app, "/admin/prep", admin)).text();
    expect(html).toContain(`value="${nextKitchenDeliveryDate(app.ctx.clock.now(), settings.deliveryWeekdays)}"`);
    expect(await (await getAs(app, "/admin/prep?date=2030-01-01", admin)).text()).toContain("No orders for this day yet.");
  });

  it("downloads CSV with every value quoted and formula-like values neutralised", async () => {
    // A product whose name a spreadsheet would run as a formula.
    const evil = '=HYPERLINK("http://evil.example","click")';
    const form = new FormData();
    for (const [k, v] of Object.entries({
      intent: "save",
      name: evil,
      slug: "evil-link",
      description: "",
      ageGroupId: "3",
      textureId: "3",
    }))
      form.set(k, v);
    expect((await postForm(app, "/admin/products/new", admin, form)).status).toBe(303);
    const [p] = await app.ctx.db.select().from(products).where(eq(products.slug, "evil-link"));
    const vid = await variantId(app, "evil-link", 130);
    expect(
      (
        await postForm(app, `/admin/products/${p.id}`, admin, {
          intent: "stock",
          variantId: String(vid),
          delta: "5",
          reason: "Test batch",
        })
      ).status,
    ).toBe(303);
    await placeTestOrder(app, { deliveryDate: date, items: [{ item: { variantId: vid }, quantity: 1 }], notes: "=1+2" });

    const meals = await getAs(app, `/admin/prep.csv?date=${date}&part=meals`, admin);
    expect(meals.status).toBe(200);
    expect(meals.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(meals.headers.get("content-disposition")).toContain(`attachment; filename="little-harvest-meals-${date}.csv"`);
    const mealsCsv = await meals.text();
    expect(mealsCsv.split("\r\n")[0]).toBe('"Delivery date","Meal","Portion","Portions to cook"');
    expect(mealsCsv).toContain(`"${date}","'=HYPERLINK(""http://evil.example"",""click"")","130 g",1`);
    expect(mealsCsv).toContain(`"${date}","Mini Cottage Pie","220 g",3`);
    expect(mealsCsv).not.toMatch(/(^|,)"?=HYPERLINK/m);

    const runCsv = await (await getAs(app, `/admin/prep.csv?date=${date}&part=deliveries`, admin)).text();
    expect(runCsv).toContain(`"'@SUM(1+1) ring twice"`);
    expect(runCsv).toContain(`"'=1+2"`);
    expect(runCsv).toContain(`"'+27 83 000 1111"`); // a phone number starting with + is text, not a formula
    expect(runCsv).toContain('"1 × =HYPERLINK(""http://evil.example"",""click"") 130 g"'); // mid-text: quoted, harmless
    expect((await getAs(app, "/admin/prep.csv?date=tomorrow", admin)).status).toBe(400);
  });

  it("the dashboard shows today's orders, revenue, statuses, low stock, the next delivery day and outbox health", async () => {
    const html = (await (await getAs(app, "/admin", admin)).text()).replace(/<!-- -->/g, "");
    expect(html).toContain("Last 7 days");
    expect(html).toContain("<svg");
    expect(html).toContain(numbers.a);
    expect(html).toMatch(/Low on stock[\s\S]*Beef &amp; Butternut Lentil Puree 220 g/); // seeded with 3
    const pending = await app.ctx.db.select().from(emailOutbox).where(eq(emailOutbox.status, "pending"));
    expect(pending.length).toBeGreaterThan(0); // order confirmations and the cancellation
    expect(html).toContain(`${pending.length} pending · 0 sending · 0 sent`);
    const nextDay = nextKitchenDeliveryDate(app.ctx.clock.now(), (await getSettings(app.ctx)).deliveryWeekdays);
    expect(html).toContain(`Next delivery day: ${formatIsoDate(nextDay)}`);
    const totals = await app.ctx.db.select({ total: orders.totalCents, status: orders.status }).from(orders);
    const expected = totals.filter((o) => o.status !== "cancelled").reduce((s, o) => s + o.total, 0);
    const { formatRand } = await import("~/domain/money");
    expect(html).toContain(`Last 7 days</h2><p class="stat__value">${formatRand(expected)}`);
    // Today: the live orders and their revenue; the cancelled one is named, not counted.
    const live = totals.filter((o) => o.status !== "cancelled").length;
    expect(totals.length - live).toBe(1);
    expect(html).toContain(
      `Today</h2><p class="stat__value">${live}</p><p class="muted">orders · ${formatRand(expected)} · 1 cancelled`,
    );
  });

  it("a delivery run with one stop says so in the singular", async () => {
    const later = nextDeliveryDates(app.ctx.clock.now(), await getSettings(app.ctx))[1];
    await placeTestOrder(app, {
      deliveryDate: later,
      items: [{ item: { variantId: await variantId(app, "cottage-pie", 130) }, quantity: 1 }],
    });
    const html = (await (await getAs(app, `/admin/prep?date=${later}`, admin)).text()).replace(/<!-- -->/g, "");
    expect(html).toContain("Delivery run: 1 stop<");
  });
});
