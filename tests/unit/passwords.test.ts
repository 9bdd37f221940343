import { describe, expect, it } from "vitest";
import { hashPassword, passwordProblem, verifyPassword } from "~/domain/passwords.server";

describe("hashPassword / verifyPassword", () => {
  it("round-trips with argon2id and rejects a wrong password", async () => {
    const hash = await hashPassword("carrot-cake-on-tuesday");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "carrot-cake-on-tuesday")).toBe(true);
    expect(await verifyPassword(hash, "carrot-cake-on-wednesday")).toBe(false);
  });

  it("salts: the same password hashes differently each time", async () => {
    expect(await hashPassword("same-password-twice")).not.toBe(await hashPassword("same-password-twice"));
  });

  it("returns false instead of throwing on a malformed or missing hash", async () => {
    for (const bad of ["", "not-a-hash", "$argon2id$v=19$m=19456,t=2,p=1$broken", "$2b$12$abcdefghijklmnopqrstuv"]) {
      expect(await verifyPassword(bad, "whatever-password")).toBe(false);
    }
    expect(await verifyPassword(null, "whatever-password")).toBe(false);
    expect(await verifyPassword(undefined, "whatever-password")).toBe(false);
  });
});

describe("passwordProblem", () => {
  it("accepts a reasonable passphrase without composition rules", () => {
    expect(passwordProblem("butternut for breakfast")).toBeNull();
    expect(passwordProblem("harvest-demo-2026")).toBeNull();
    expect(passwordProblem("a".repeat(8) + "zq")).toBeNull();
  });

  it("rejects passwords shorter than 8 or longer than 128 characters", () => {
    expect(passwordProblem("a".repeat(7))).toMatch(/at least 8/);
    expect(passwordProblem("x7$kq9!")).toMatch(/at least 8/);
    expect(passwordProblem("ab".repeat(64))).toBeNull(); // exactly 128
    expect(passwordProblem("a".repeat(129))).toMatch(/at most 128/);
  });

  it("rejects common passwords from the zxcvbn dictionary, case-insensitively", () => {
    expect(passwordProblem("password123")).toMatch(/too common/);
    expect(passwordProblem("PassWord123")).toMatch(/too common/);
    expect(passwordProblem("12345678")).toMatch(/too common/);
    expect(passwordProblem("qwerty123")).toMatch(/too common/);
  });
});
