import { describe, expect, it } from "vitest";
import { readQuery } from "~/infra/form.server";

const at = (qs: string) => new Request(`http://localhost/admin/orders?${qs}`);

describe("readQuery", () => {
  it.each([
    ["", [], {}],
    ["status=placed&q=", [], { status: "placed" }],
    ["page=&page=3", [], { page: "3" }],
    ["free=milk&free=eggs&age=6-8m", ["free"], { free: ["milk", "eggs"], age: "6-8m" }],
    ["age=6-8m", ["free"], { age: "6-8m", free: [] }],
  ])("?%s (lists %j) → %j", (qs, lists, expected) => {
    expect(readQuery(at(qs), lists)).toEqual(expected);
  });
});
