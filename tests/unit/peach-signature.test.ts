import { describe, expect, it } from "vitest";
import { amountOf, centsOf, stateOfCode } from "~/infra/payments/peach.server";
import { sign, signingString, verify } from "~/infra/payments/peach-signature";

// Peach's documented example (Hosted Checkout authentication page): parameters, secret token and the HMAC it lists.
const DOC_PARAMS = {
  "authentication.entityId": "8ac7a4ca68c22c4d0168c2caab2e0025",
  amount: "2",
  currency: "ZAR",
  defaultPaymentMethod: "CARD",
  merchantTransactionId: "Test1234",
  nonce: "JHGJSGHDSKJHGJDHGJH",
  paymentType: "DB",
  shopperResultUrl: "https://webhook.site/4e9b63bf-0d99-4d62-bd24-1d36ca866e1b",
};
const DOC_SECRET = "3fcd7cf22f55119eadbe02d14de18c0c";
const DOC_SIGNATURE = "311ed8e11e2da00d98c7479ca390a5396fe643e13629d850243dada877963afd";

describe("Peach signature", () => {
  it("matches the documented example: names sorted, name+value concatenated, HMAC-SHA256 hex", async () => {
    expect(signingString(DOC_PARAMS)).toBe(
      "amount2authentication.entityId8ac7a4ca68c22c4d0168c2caab2e0025currencyZARdefaultPaymentMethodCARD" +
        "merchantTransactionIdTest1234nonceJHGJSGHDSKJHGJDHGJHpaymentTypeDBshopperResultUrlhttps://webhook.site/4e9b63bf-0d99-4d62-bd24-1d36ca866e1b",
    );
    expect(await sign(DOC_SECRET, DOC_PARAMS)).toBe(DOC_SIGNATURE);
  });

  it("includes empty parameters by name and leaves out the signature itself", async () => {
    const withEmpty = { ...DOC_PARAMS, notificationUrl: "" };
    expect(signingString(withEmpty)).toContain("nonceJHGJSGHDSKJHGJDHGJHnotificationUrlpaymentTypeDB");
    expect(signingString({ ...withEmpty, signature: "x" })).toBe(signingString(withEmpty));
    expect(await sign(DOC_SECRET, withEmpty)).not.toBe(DOC_SIGNATURE);
  });

  it("verifies a genuine signature and refuses tampered, re-keyed, truncated or missing ones", async () => {
    const signed = { ...DOC_PARAMS, signature: DOC_SIGNATURE };
    expect(await verify(DOC_SECRET, signed)).toBe(true);
    expect(await verify(DOC_SECRET, { ...signed, signature: DOC_SIGNATURE.toUpperCase() })).toBe(true);
    expect(await verify(DOC_SECRET, { ...signed, amount: "200" })).toBe(false);
    expect(await verify(DOC_SECRET, { ...signed, extra: "" })).toBe(false);
    expect(await verify("another-secret", signed)).toBe(false);
    expect(await verify(DOC_SECRET, { ...signed, signature: DOC_SIGNATURE.slice(0, 63) })).toBe(false);
    expect(await verify(DOC_SECRET, DOC_PARAMS)).toBe(false);
  });
});

describe("Peach amounts and result codes", () => {
  it("formats cents as Peach amounts and reads them back, refusing anything else", () => {
    expect(amountOf(12345)).toBe("123.45");
    expect(amountOf(5)).toBe("0.05");
    expect(centsOf("123.45")).toBe(12345);
    expect(centsOf("2")).toBe(200);
    expect(centsOf("1.5")).toBe(150);
    for (const bad of ["", "-1.00", "1.234", "1e3", "12,00", undefined]) expect(centsOf(bad)).toBeNull();
  });

  it("maps result codes to successful, pending or failed, failing closed on manual review", () => {
    expect(stateOfCode("000.000.000")).toBe("successful");
    expect(stateOfCode("000.100.110")).toBe("successful");
    expect(stateOfCode("000.200.000")).toBe("pending");
    expect(stateOfCode("000.400.000")).toBe("pending");
    expect(stateOfCode("800.100.151")).toBe("failed");
    expect(stateOfCode("100.396.101")).toBe("failed");
  });
});
