import { describe, expect, it } from "vitest";
import { ALLERGENS, FREE_FROM_FILTERS, allergenLabel, isAllergenCode } from "./allergens";

describe("isAllergenCode", () => {
  it.each([
    ["milk", true],
    ["tree-nuts", true],
    ["lentils", true],
    ["Milk", false], // codes are lower-case, as stored
    ["tree nuts", false],
    [" milk", false],
    ["", false],
    ["__proto__", false],
    ["constructor", false],
    [5, false],
    [null, false],
    [undefined, false],
  ])("%j → %s", (value, known) => {
    expect(isAllergenCode(value)).toBe(known);
  });
});

describe("allergenLabel", () => {
  it.each([
    ["tree-nuts", "Tree nuts"],
    ["gluten", "Gluten (wheat, barley, oats)"],
    ["kiwi", "kiwi"], // a code dropped from the list still renders
    ["__proto__", "__proto__"],
  ])("%s → %s", (code, label) => {
    expect(allergenLabel(code)).toBe(label);
  });
});

describe("the allergen list", () => {
  it("has unique codes", () => {
    const codes = ALLERGENS.map((a) => a.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("offers exactly the major allergens as shop filters", () => {
    const major = ALLERGENS.filter((a) => a.major).map((a) => a.code);
    expect([...FREE_FROM_FILTERS].sort()).toEqual([...major].sort());
  });
});
