import { describe, expect, it } from "vitest";
import { centsToInput, parseRandToCents } from "./money-input";

describe("parseRandToCents", () => {
  it.each([
    ["45", 4500],
    ["R45", 4500],
    ["r45", 4500],
    ["R 45", 4500],
    ["  45.00  ", 4500],
    ["45.5", 4550], // one decimal is tenths, not cents
    ["45.05", 4505],
    ["45,50", 4550], // a decimal comma
    ["1 234.00", 123400],
    ["1\u00a0234,5", 123450], // a no-break space from a pasted spreadsheet value
    ["0", 0],
    ["0.01", 1],
    ["007", 700],
    ["9999999.99", 999999999], // the largest amount accepted
  ])("%j → %i cents", (input, cents) => {
    expect(parseRandToCents(input)).toBe(cents);
  });

  it.each([
    [""],
    ["R"],
    ["-45"],
    ["R-45"],
    ["+45"],
    ["45.555"], // more than two decimals: refused, not rounded
    ["45.001"],
    ["45."],
    [".5"],
    ["1,234.50"], // thousands comma plus decimal point: ambiguous
    ["45,5,0"],
    ["1e3"],
    ["0x10"],
    ["45 rand"],
    ["RR45"],
    ["10000000"], // eight digits of rand
    ["NaN"],
    ["Infinity"],
    ["４５"], // full-width digits
  ])("%j → null", (input) => {
    expect(parseRandToCents(input)).toBeNull();
  });

  it("round-trips with centsToInput", () => {
    for (const cents of [0, 1, 10, 99, 100, 4550, 123456, 999999999]) {
      expect(parseRandToCents(centsToInput(cents))).toBe(cents);
    }
  });
});

describe("centsToInput", () => {
  it.each([
    [0, "0.00"],
    [1, "0.01"],
    [10, "0.10"],
    [4550, "45.50"],
    [123456, "1234.56"], // no grouping: it goes back into an input
  ])("%i → %j", (cents, text) => {
    expect(centsToInput(cents)).toBe(text);
  });
});
