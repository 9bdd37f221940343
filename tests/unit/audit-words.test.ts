import { describe, expect, it } from "vitest";
import { changedFields, describeAudit, type AuditLine } from "~/domain/audit-words";

const line = (over: Partial<AuditLine>): AuditLine => ({
  action: "variant.price",
  entityType: "variant",
  subject: "Cottage Pie 130 g",
  before: null,
  after: {},
  ...over,
});

describe("the audit log in words", () => {
  it.each<[string, Partial<AuditLine>, string[]]>([
    [
      "a price change, in rand",
      { before: { productId: 3, priceCents: 4500 }, after: { productId: 3, priceCents: 4700 } },
      ["Price of Cottage Pie 130 g changed from R45.00 to R47.00"],
    ],
    [
      "a stock adjustment with its reason",
      { action: "variant.stock_adjust", before: { stock: 2 }, after: { stock: 26, delta: 24, reason: "Tuesday batch" } },
      ["Stock of Cottage Pie 130 g raised by 24 (Tuesday batch), from 2 to 26"],
    ],
    [
      "an order status change, with labels and the reason",
      {
        action: "order.cancel",
        entityType: "order",
        subject: "order LH-001000",
        before: { number: "LH-001000", status: "placed" },
        after: { number: "LH-001000", status: "cancelled", reason: "Out of chicken" },
      },
      ["Status of order LH-001000 changed from Placed to Cancelled", "Reason given: Out of chicken"],
    ],
    [
      "settings: days by name, postal codes as a set",
      {
        action: "settings.update",
        entityType: "settings",
        subject: "store settings",
        before: { deliveryWeekdays: [2, 4], deliveryPostalCodes: ["2196", "2000"], cutoffHour: 14 },
        after: { deliveryWeekdays: [1, 3], deliveryPostalCodes: ["2000", "2196"], cutoffHour: 9 },
      },
      [
        "Delivery days of store settings changed from Tuesday, Thursday to Monday, Wednesday",
        "Order cut-off of store settings changed from 14:00 to 09:00",
      ],
    ],
    ["a new meal", { action: "product.create", entityType: "product", subject: "Cottage Pie" }, ["Created meal Cottage Pie"]],
    [
      "hiding a pack",
      {
        action: "pack.deactivate",
        entityType: "pack",
        subject: "pack Toddler Feast",
        before: { active: true },
        after: { active: false },
      },
      ["Pack Toddler Feast hidden from the shop"],
    ],
    [
      "a customer disabled",
      { action: "customer.disable", entityType: "customer", subject: "thandi@example.com" },
      ["Customer thandi@example.com disabled"],
    ],
  ])("%s", (_name, over, expected) => {
    expect(describeAudit(line(over))).toEqual(expected);
  });

  it("compares lists as sets and objects by key: re-sorting is not a change", () => {
    expect(changedFields({ codes: ["2196", "2000"], fee: 2500 }, { codes: ["2000", "2196"], fee: 2500 })).toEqual([]);
    expect(changedFields({ methods: { card: false, cash: true } }, { methods: { cash: true, card: false } })).toEqual([]);
    expect(changedFields({ fee: 2500 }, { fee: 3000 })).toEqual(["fee"]);
  });
});
