import { describe, expect, it } from "vitest";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password-rules";
import { packagedCommonPasswords } from "~/infra/passwords/packaged-common-passwords.server";
import { passwordProblem } from "./passwords.server";

// Boundaries of the length rule in characters (code points), and the context words; tests/unit/passwords.test.ts
// covers the plain cases and the common-password list.
describe("passwordProblem", () => {
  it.each([
    ["7 carrots (14 UTF-16 units)", "🥕".repeat(PASSWORD_MIN_LENGTH - 1), undefined, /at least 8/],
    ["8 carrots", "🥕".repeat(PASSWORD_MIN_LENGTH), undefined, null],
    ["128 carrots (256 UTF-16 units)", "🥕".repeat(PASSWORD_MAX_LENGTH), undefined, null],
    ["129 carrots", "🥕".repeat(PASSWORD_MAX_LENGTH + 1), undefined, /at most 128/],
    ["the shop's name in disguise", "Little-Harvest-99", undefined, /shop's name/],
    ["the mailbox, dotted", "L.e.r.a.t.o-2026!", "lerato@example.com", /email address/],
    ["the mailbox with its punctuation", "thandi.m-likes-pears", "thandi.m@example.com", /email address/],
    ["a mailbox under four characters is not a context word", "bobobobo-carrots", "bo@example.com", null],
    ["the email's domain is not the mailbox", "example-sweet-pea", "lerato@example.com", null],
  ])("%s", async (_what, password, email, expected) => {
    const problem = await passwordProblem(packagedCommonPasswords, password, email);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});
