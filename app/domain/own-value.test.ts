import { describe, expect, it } from "vitest";
import { ownValue } from "./own-value";

describe("ownValue", () => {
  const table: Record<string, string> = { google: "Google", "": "empty key" };
  it.each([
    ["google", "Google"],
    ["", "empty key"],
    ["Google", undefined], // keys are exact
    ["__proto__", undefined],
    ["constructor", undefined],
    ["toString", undefined],
    ["hasOwnProperty", undefined],
    ["valueOf", undefined],
  ])("%j → %s", (key, value) => {
    expect(ownValue(table, key)).toBe(value);
  });

  it("finds an own __proto__ entry and works on a prototype-less table", () => {
    expect(ownValue(JSON.parse('{"__proto__":"own"}') as Record<string, string>, "__proto__")).toBe("own");
    const bare = Object.assign(Object.create(null) as Record<string, number>, { a: 1 });
    expect(ownValue(bare, "a")).toBe(1);
  });
});
