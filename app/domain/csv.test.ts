import { describe, expect, it } from "vitest";
import { csvField, toCsv } from "./csv";

describe("csvField", () => {
  it.each([
    // a spreadsheet would run these as formulas: they become text
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ["+27 82 555 0101", `"'+27 82 555 0101"`],
    ["-2+3", `"'-2+3"`],
    ["@SUM(A1)", `"'@SUM(A1)"`],
    ["\t=1", `"'\t=1"`],
    ["\r=1", `"'\r=1"`],
    // harmless text is only quoted
    ["Lerato", `"Lerato"`],
    ["a=b", `"a=b"`], // a formula sign after the first character is not a formula
    ["", `""`],
    ['Say "hi"', `"Say ""hi"""`],
    ["one, two", `"one, two"`],
    ["line\nbreak", `"line\nbreak"`],
  ])("%j → %s", (value, field) => {
    expect(csvField(value)).toBe(field);
  });

  it.each([
    [4550, "4550"],
    [-5, "-5"], // a number is data, not a formula
    [0, "0"],
    [NaN, ""],
    [Infinity, ""],
    [null, ""],
    [undefined, ""],
  ])("%s → %j", (value, field) => {
    expect(csvField(value)).toBe(field);
  });
});

describe("toCsv", () => {
  it("joins fields with commas and ends every row with CRLF", () => {
    expect(
      toCsv([
        ["name", 2],
        [null, "=x"],
      ]),
    ).toBe(`"name",2\r\n,"'=x"\r\n`);
  });
});
