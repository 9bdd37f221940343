import { describe, expect, it } from "vitest";
import { countOf } from "./count-of";

describe("countOf", () => {
  it.each([
    [0, "0 stops"], // zero takes the plural
    [1, "1 stop"],
    [2, "2 stops"],
    [11, "11 stops"],
    [21, "21 stops"], // English has no "21 stop"
    [-1, "-1 stops"],
  ])("%i → %s", (n, text) => {
    expect(countOf(n, "stop", "stops")).toBe(text);
  });
});
