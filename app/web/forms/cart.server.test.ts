import { describe, expect, it } from "vitest";
import { addMealSchema, updateLineSchema } from "./cart.server";
import { INT4_MAX, idNumber } from "~/domain/form-fields";

describe("quantity", () => {
  it.each([
    ["1", 1],
    ["50", 50],
    [" 7 ", 7],
    ["007", 7],
  ])("%j → %i", (quantity, n) => {
    expect(addMealSchema.parse({ variantId: "3", quantity })).toEqual({ variantId: 3, quantity: n });
  });

  it.each(["0", "51", "-1", "1.5", "1e1", "abc", "", "9999999", undefined, 5])("%j → the one friendly message", (quantity) => {
    const result = updateLineSchema.safeParse({ lineId: "3", quantity });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual(["Choose a quantity from 1 to 50."]);
  });
});

describe("cart ids", () => {
  it.each([
    ["1", true],
    ["999999999", true],
    ["0", false],
    ["-3", false],
    ["1234567890", false], // ten digits cannot be an int4 id
    ["3abc", false],
  ])("variantId %j → %s", (variantId, ok) => {
    expect(addMealSchema.safeParse({ variantId, quantity: "1" }).success).toBe(ok);
  });
});

describe("idNumber", () => {
  it.each([
    ["1", true],
    [String(INT4_MAX), true],
    [String(INT4_MAX + 1), false], // past the int4 column: a 400, not a database error
    ["0", false],
    ["-1", false],
    ["1.5", false],
    ["abc", false],
    ["", false],
  ])("%j → %s", (value, ok) => {
    expect(idNumber.safeParse(value).success).toBe(ok);
  });
});
