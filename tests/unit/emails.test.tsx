import { describe, expect, it } from "vitest";
import { formatRand } from "~/domain/money";
import { EMAIL_TEMPLATES, fixtureFor } from "~/emails";
import type { StoreInfo } from "~/emails/store-info";
import { InvalidEmailError, renderEmail } from "~/emails/render.server";

const store: StoreInfo = {
  contactEmail: "hello@littleharvest.test",
  contactPhone: "+27 11 555 0100",
  contactAddress: "4 Kitchen Lane, Parkhurst, Johannesburg",
  appUrl: "https://littleharvest.test",
};

/** HTML with the entities React writes for `&` and `'` turned back into characters, for matching. */
const decoded = (html: string) => html.replaceAll("&amp;", "&").replaceAll("&#x27;", "'");

describe("every template", () => {
  it.each(EMAIL_TEMPLATES)("%s renders a subject, HTML and text with the store footer", async (template) => {
    const email = await renderEmail(template, fixtureFor(template), store);
    expect(email.subject).not.toBe("");
    expect(email.html).toContain("<html");
    expect(email.html).toContain("Little");
    for (const body of [decoded(email.html), email.text]) {
      expect(body).toContain(store.contactEmail);
      expect(body).toContain(store.contactPhone);
      expect(body).toContain("You're getting this email because");
    }
    expect(email.text).not.toContain("<");
  });
});

describe("order confirmation", () => {
  const order = fixtureFor("order-confirmation");

  it("shows items, quantities, line totals, fee, total and delivery date in HTML and text", async () => {
    const email = await renderEmail("order-confirmation", order, store);
    expect(email.subject).toBe("Order LH-000123 confirmed");
    for (const text of [decoded(email.html), email.text]) {
      for (const item of order.items) {
        expect(text).toContain(item.name);
        expect(text).toContain(`${item.quantity} × ${formatRand(item.unitPriceCents)}`);
        expect(text).toContain(formatRand(item.lineTotalCents));
      }
      expect(text).toContain("Pack");
      expect(text).toContain(formatRand(order.deliveryFeeCents));
      expect(text).toContain(formatRand(order.totalCents));
      expect(text).toContain("R784.00");
      expect(text).toContain("Friday, 14 March 2025");
      expect(text).toContain("Cash on delivery");
      expect(text).toContain("Johannesburg 2193");
    }
    expect(email.html).toContain(`href="${order.orderUrl}"`);
  });

  it('says "Free" when there is no delivery fee', async () => {
    const email = await renderEmail("order-confirmation", { ...order, deliveryFeeCents: 0 }, store);
    expect(email.text).toMatch(/Delivery\s+Free/);
    expect(email.html).toContain("Free");
  });

  it("escapes user input in the HTML", async () => {
    const hostile = "<script>alert(1)</script>";
    const email = await renderEmail(
      "order-confirmation",
      { ...order, name: hostile, items: [{ ...order.items[0], name: hostile }] },
      store,
    );
    expect(email.html).not.toContain("<script");
    expect(email.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
});

describe("order cancellation", () => {
  it("shows the reason and a refund note only when paid", async () => {
    const cancellation = fixtureFor("order-cancellation");
    const paid = await renderEmail("order-cancellation", cancellation, store);
    expect(paid.text).toContain(cancellation.reason);
    expect(decoded(paid.html)).toContain("We're refunding the R245.00");

    const unpaid = await renderEmail("order-cancellation", { ...cancellation, refundCents: null }, store);
    expect(unpaid.text).toContain(cancellation.reason);
    expect(unpaid.text).not.toContain("refunding");
  });
});

describe("dates", () => {
  it("shows delivery dates and payment times in Johannesburg without shifting the day", async () => {
    const onItsWay = await renderEmail(
      "order-on-its-way",
      { ...fixtureFor("order-on-its-way"), deliveryDate: "2025-01-01" },
      store,
    );
    expect(onItsWay.text).toContain("Wednesday, 1 January 2025");

    const paid = await renderEmail(
      "payment-confirmation",
      { ...fixtureFor("payment-confirmation"), paidAt: "2025-03-14T22:30:00Z" },
      store,
    );
    expect(paid.text).toContain("15 March 2025 at 00:30");
  });
});

describe("invalid payloads", () => {
  it("rejects malformed props with an error naming the template and the field", async () => {
    const order = fixtureFor("order-confirmation");
    const payload = JSON.parse(JSON.stringify({ ...order, items: [{ ...order.items[0], quantity: "2" }] }));
    const attempt = renderEmail("order-confirmation", payload, store);
    await expect(attempt).rejects.toBeInstanceOf(InvalidEmailError);
    await expect(attempt).rejects.toThrow(/email template "order-confirmation".*items\.0\.quantity/);
  });

  it("rejects an unknown template, a missing field, an impossible date and a javascript: link", async () => {
    await expect(renderEmail("newsletter", {}, store)).rejects.toThrow('Unknown email template "newsletter"');
    await expect(renderEmail("welcome", { name: "Thandi" }, store)).rejects.toThrow(/"welcome".*shopUrl/);
    await expect(
      renderEmail("order-on-its-way", { ...fixtureFor("order-on-its-way"), deliveryDate: "2025-02-30" }, store),
    ).rejects.toThrow(/deliveryDate/);
    await expect(renderEmail("password-reset", { name: "Thandi", resetUrl: "javascript:alert(1)" }, store)).rejects.toThrow(
      /resetUrl/,
    );
  });
});
