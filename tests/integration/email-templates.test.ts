import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { and, eq, gt } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addToCart } from "~/domain/cart.server";
import { placeOrder } from "~/domain/checkout.server";
import { nextDeliveryDates } from "~/domain/delivery";
import { createEmailSender, getStoreInfo } from "~/domain/email-sender.server";
import { formatRand } from "~/domain/money";
import { getSettings } from "~/domain/settings.server";
import { renderEmail } from "~/emails/render.server";
import { formatIsoDate } from "~/domain/jhb-dates";
import { emailOutbox, orderItems, orders, packs, productVariants, users } from "~/infra/db/schema";
import { startTestApp, type TestApp } from "../support/app";

// Emails built from a real order placed through the checkout domain, rendered with the store's settings; and in
// embedded mode (no RESEND_API_KEY) the confirmation lands as readable files in $DATA_DIR/outbox/.

let app: TestApp;
let order: typeof orders.$inferSelect;
let items: (typeof orderItems.$inferSelect)[];

/** HTML with the entities React writes turned back into characters, for matching. */
const decoded = (html: string) => html.replaceAll("&amp;", "&").replaceAll("&#x27;", "'").replaceAll("&quot;", '"');

beforeAll(async () => {
  app = await startTestApp();
  const { db } = app.ctx;
  const [parent] = await db.select().from(users).where(eq(users.email, "parent@example.com"));
  const variants = await db
    .select()
    .from(productVariants)
    .where(and(eq(productVariants.active, true), gt(productVariants.stock, 20)))
    .limit(2);
  const [pack] = await db.select().from(packs).where(eq(packs.active, true)).limit(1);
  const owner = { userId: parent.id };
  // The demo parent's child has allergies: the parent confirms, as the shop asks them to.
  const confirmed = { allergyConfirmed: true };
  await addToCart(app.ctx, owner, { variantId: variants[0].id }, 3, confirmed);
  await addToCart(app.ctx, owner, { variantId: variants[1].id }, 1, confirmed);
  await addToCart(app.ctx, owner, { packId: pack.id }, 1, confirmed);
  const settings = await getSettings(app.ctx);
  const placed = await placeOrder(app.ctx, {
    user: { id: parent.id, email: parent.email!, name: parent.name },
    checkoutToken: "email-templates-test-token-0001",
    address: {
      recipientName: "Thandi Mokoena",
      phone: "+27 82 555 0199",
      line1: "12 Jacaranda Street",
      suburb: "Parkhurst",
      city: "Johannesburg",
      postalCode: settings.deliveryPostalCodes[0],
    },
    deliveryDate: nextDeliveryDates(app.ctx.clock.now(), settings)[0],
    paymentMethod: "cash_on_delivery",
  });
  [order] = await db.select().from(orders).where(eq(orders.id, placed.orderId));
  items = await db.select().from(orderItems).where(eq(orderItems.orderId, order.id)).orderBy(orderItems.id);
});
afterAll(() => app?.close());

function expectLines(body: string) {
  expect(items.length).toBe(3);
  for (const item of items) {
    expect(body).toContain(item.name);
    expect(body).toContain(`${item.portionLabel ?? "Pack"} · ${item.quantity} × ${formatRand(item.unitPriceCents)}`);
    expect(body).toContain(formatRand(item.lineTotalCents));
  }
}

const emailItems = () =>
  items.map((i) => ({
    name: i.name,
    portionLabel: i.portionLabel,
    quantity: i.quantity,
    unitPriceCents: i.unitPriceCents,
    lineTotalCents: i.lineTotalCents,
  }));

describe(`order emails (${process.env.LH_TEST_DB ?? "pglite"})`, () => {
  it("placing an order in embedded mode drops a readable confirmation in $DATA_DIR/outbox/", async () => {
    expect(app.ctx.mailer.kind).toBe("outbox-files");
    const [queued] = await app.ctx.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.idempotencyKey, `order-confirmation:${order.number}`));
    expect(queued).toMatchObject({ template: "order-confirmation", toEmail: "parent@example.com", status: "pending" });

    const sender = createEmailSender({ ...app.ctx, appUrl: app.ctx.config.appUrl });
    expect((await sender.runOnce()).sent).toBeGreaterThanOrEqual(1);

    const base = path.join(app.ctx.config.DATA_DIR, "outbox", String(queued.id));
    for (const ext of ["html", "txt", "json"]) expect(existsSync(`${base}.${ext}`)).toBe(true);
    const text = readFileSync(`${base}.txt`, "utf8");
    expect(text.startsWith(`Subject: Order ${order.number} confirmed\n`)).toBe(true);
    expectLines(text);
    expect(text).toContain(formatRand(order.subtotalCents));
    expect(text).toContain(order.deliveryFeeCents === 0 ? "Free" : formatRand(order.deliveryFeeCents));
    expect(text).toContain(formatRand(order.totalCents));
    expect(text).toContain(formatIsoDate(order.deliveryDate));
    expect(text).toContain("12 Jacaranda Street");
    expect(text).toContain("Cash on delivery");
    expect(text).toContain(`/orders/${order.number}`);
    expect(text).toContain("hello@littleharvest.co.za"); // store contact from settings
    expectLines(decoded(readFileSync(`${base}.html`, "utf8")));
    const meta = JSON.parse(readFileSync(`${base}.json`, "utf8"));
    expect(meta).toMatchObject({ outboxId: queued.id, template: "order-confirmation", to: "parent@example.com" });

    const [done] = await app.ctx.db.select().from(emailOutbox).where(eq(emailOutbox.id, queued.id));
    expect(done.status).toBe("sent");
    // One log line says where the file is — without the recipient.
    const line = app.logLines.find((l) => l.includes("email written to the outbox folder"));
    expect(line).toBeDefined();
    expect(line).toContain(`${queued.id}.html`);
    expect(line).not.toContain("parent@example.com");
  });

  it("the confirmation, payment, cancellation and on-its-way emails show the order's real lines and totals", async () => {
    const store = await getStoreInfo(app.ctx, app.ctx.config.appUrl);
    const [queued] = await app.ctx.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.idempotencyKey, `order-confirmation:${order.number}`));
    const addressLines = ["Thandi Mokoena", "12 Jacaranda Street", "Parkhurst", `Johannesburg ${order.address!.postalCode}`];

    const confirmation = await renderEmail("order-confirmation", queued.payload, store);
    for (const body of [decoded(confirmation.html), confirmation.text]) {
      expectLines(body);
      expect(body).toContain(formatRand(order.totalCents));
      expect(body).toContain(formatIsoDate(order.deliveryDate));
    }
    expect(order.totalCents).toBe(items.reduce((s, i) => s + i.lineTotalCents, 0) + order.deliveryFeeCents);

    const payment = await renderEmail(
      "payment-confirmation",
      {
        name: "Thandi",
        orderNumber: order.number,
        amountCents: order.totalCents,
        methodLabel: "Cash on delivery",
        paidAt: "2026-03-12T22:30:00Z", // 00:30 on 13 March in Johannesburg
        orderUrl: `${store.appUrl}/orders/${order.number}`,
      },
      store,
    );
    for (const body of [decoded(payment.html), payment.text]) {
      expect(body).toContain(order.number);
      expect(body).toContain(formatRand(order.totalCents));
      expect(body).toContain("13 March 2026");
    }

    const cancellation = await renderEmail(
      "order-cancellation",
      {
        name: "Thandi",
        orderNumber: order.number,
        reason: "The kitchen flooded.",
        items: emailItems(),
        refundCents: order.totalCents,
      },
      store,
    );
    for (const body of [decoded(cancellation.html), cancellation.text]) {
      expectLines(body);
      expect(body).toContain("The kitchen flooded.");
      expect(body).toContain(formatRand(order.totalCents));
    }

    const onItsWay = await renderEmail(
      "order-on-its-way",
      {
        name: "Thandi",
        orderNumber: order.number,
        deliveryDate: order.deliveryDate,
        deliveryAddressLines: addressLines,
        contactPhone: store.contactPhone,
      },
      store,
    );
    for (const body of [decoded(onItsWay.html), onItsWay.text]) {
      expect(body).toContain(order.number);
      expect(body).toContain(formatIsoDate(order.deliveryDate));
      for (const line of addressLines) expect(body).toContain(line);
      expect(body).toContain(store.contactPhone);
    }
  });
});
