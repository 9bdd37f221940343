import { describe, expect, it } from "vitest";
import { enabledPaymentMethods, paymentMethodLabel } from "./payment-methods";

describe("paymentMethodLabel", () => {
  it.each([
    ["cash_on_delivery", "Cash on delivery"],
    ["card", "Card"],
    ["eft", "eft"], // an old value still renders
    ["__proto__", "__proto__"],
    ["constructor", "constructor"],
  ])("%s → %s", (method, label) => {
    expect(paymentMethodLabel(method)).toBe(label);
  });
});

describe("enabledPaymentMethods", () => {
  it.each([
    [true, true, ["cash_on_delivery", "card"]],
    [true, false, ["cash_on_delivery"]],
    [false, true, ["card"]],
    [false, false, []],
  ])("cash %s, card %s → %j", (cash_on_delivery, card, codes) => {
    expect(enabledPaymentMethods({ paymentMethods: { cash_on_delivery, card } }).map((m) => m.code)).toEqual(codes);
  });
});
