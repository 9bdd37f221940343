import { describe, expect, it } from "vitest";
import { SLUG, slugify } from "./slug";

describe("slugify", () => {
  it.each([
    ["Butternut Purée", "butternut-puree"],
    ["Crème Brûlée & Pear", "creme-brulee-and-pear"],
    ["  Sweet   potato -- mash  ", "sweet-potato-mash"],
    ["Mango/Peach (6m+)", "mango-peach-6m"],
    ["Chicken's 1st stew!", "chicken-s-1st-stew"],
    ["Ñandú", "nandu"],
    ["!!!", ""], // nothing usable: the form asks for a slug
    ["", ""],
    ["粥", ""],
  ])("%j → %j", (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it("cuts at 80 characters without leaving a trailing hyphen", () => {
    const name = `${"a".repeat(79)} b`; // the cut lands right after the hyphen
    expect(slugify(name)).toBe("a".repeat(79));
    expect(slugify("b".repeat(100))).toHaveLength(80);
  });

  it.each(["Butternut Purée", "Crème Brûlée & Pear", "  x  ", `${"a".repeat(79)} b`])("%j gives a valid slug", (name) => {
    expect(SLUG.test(slugify(name))).toBe(true);
  });
});

describe("SLUG", () => {
  it.each([
    ["butternut-puree", true],
    ["a", true],
    ["6m-plus", true],
    ["Butternut", false],
    ["-lead", false],
    ["trail-", false],
    ["double--hyphen", false],
    ["under_score", false],
    ["", false],
  ])("%j → %s", (slug, ok) => {
    expect(SLUG.test(slug)).toBe(ok);
  });
});
