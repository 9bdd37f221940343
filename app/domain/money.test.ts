import { describe, expect, it } from "vitest";
import { formatRand, formatRandShort } from "./money";

describe("formatRand", () => {
  it.each([
    [0, "R0.00"],
    [5, "R0.05"],
    [99, "R0.99"],
    [100, "R1.00"],
    [4550, "R45.50"],
    [99999, "R999.99"],
    [100000, "R1 000.00"], // grouping starts at four digits of rand
    [123456, "R1 234.56"],
    [99999999, "R999 999.99"],
    [100000000, "R1 000 000.00"],
    [-5, "-R0.05"],
    [-123456, "-R1 234.56"],
  ])("%i cents → %s", (cents, text) => {
    expect(formatRand(cents)).toBe(text);
  });

  it.each([[45.5], [0.1], [NaN], [Infinity]])("refuses %s: money is integer cents", (cents) => {
    expect(() => formatRand(cents)).toThrow(TypeError);
  });
});

describe("formatRandShort", () => {
  it.each([
    [0, "R0"],
    [4500, "R45"],
    [4550, "R45.50"],
    [4501, "R45.01"],
    [123400, "R1 234"],
    [-4500, "-R45"],
  ])("%i cents → %s", (cents, text) => {
    expect(formatRandShort(cents)).toBe(text);
  });
});
