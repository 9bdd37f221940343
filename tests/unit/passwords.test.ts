import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import setupWasm from "argon2id/lib/setup.js";
import { describe, expect, it } from "vitest";
import { passwordProblem } from "~/domain/passwords.server";
import type { PasswordHasher } from "~/infra/passwords/hasher";
import { nodeHasher } from "~/infra/passwords/node-hasher.server";
import { packagedCommonPasswords } from "~/infra/passwords/packaged-common-passwords.server";
import { createWasmHasher, type Argon2idCompute } from "~/infra/passwords/wasm-hasher";

// The worker imports these .wasm files as modules; on Node the same bytes are compiled from disk.
const wasmFile = (name: string) => readFileSync(createRequire(import.meta.url).resolve(`argon2id/dist/${name}`));
const wasmHasher = createWasmHasher(
  () =>
    setupWasm(
      (imports: WebAssembly.Imports) => WebAssembly.instantiate(wasmFile("simd.wasm"), imports),
      (imports: WebAssembly.Imports) => WebAssembly.instantiate(wasmFile("no-simd.wasm"), imports),
    ) as Promise<Argon2idCompute>,
);

const hashers: Array<[string, PasswordHasher]> = [
  ["native (Node)", nodeHasher],
  ["WebAssembly (workerd)", wasmHasher],
];

describe.each(hashers)("%s hasher", (_name, hasher) => {
  it("round-trips with argon2id and rejects a wrong password", async () => {
    const hash = await hasher.hash("carrot-cake-on-tuesday");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await hasher.verify(hash, "carrot-cake-on-tuesday")).toBe(true);
    expect(await hasher.verify(hash, "carrot-cake-on-wednesday")).toBe(false);
  });

  it("salts: the same password hashes differently each time", async () => {
    expect(await hasher.hash("same-password-twice")).not.toBe(await hasher.hash("same-password-twice"));
  });

  it("returns false instead of throwing on a malformed or missing hash", async () => {
    for (const bad of ["", "not-a-hash", "$argon2id$v=19$m=19456,t=2,p=1$broken", "$2b$12$abcdefghijklmnopqrstuv"]) {
      expect(await hasher.verify(bad, "whatever-password")).toBe(false);
    }
    expect(await hasher.verify(null, "whatever-password")).toBe(false);
    expect(await hasher.verify(undefined, "whatever-password")).toBe(false);
  });
});

describe("one PHC format across runtimes", () => {
  it("a hash made on Node verifies on workerd's hasher and the other way round", async () => {
    const fromNode = await nodeHasher.hash("sweet potato and pear");
    const fromWasm = await wasmHasher.hash("sweet potato and pear");
    expect(await wasmHasher.verify(fromNode, "sweet potato and pear")).toBe(true);
    expect(await nodeHasher.verify(fromWasm, "sweet potato and pear")).toBe(true);
    expect(await wasmHasher.verify(fromNode, "sweet potato and apple")).toBe(false);
    expect(await nodeHasher.verify(fromWasm, "sweet potato and apple")).toBe(false);
  });

  it("existing hashes (native defaults, before the hasher interface) keep verifying on both", async () => {
    // Made by the previous hashPassword (@node-rs/argon2 with m=19456, t=2, p=1 and its default lengths).
    const legacy = await (
      await import("@node-rs/argon2")
    ).hash("butternut for breakfast", {
      algorithm: 2,
      memoryCost: 19_456,
      timeCost: 2,
      parallelism: 1,
    });
    expect(await nodeHasher.verify(legacy, "butternut for breakfast")).toBe(true);
    expect(await wasmHasher.verify(legacy, "butternut for breakfast")).toBe(true);
  });
});

describe("passwordProblem", () => {
  it("accepts a reasonable passphrase without composition rules", async () => {
    expect(await passwordProblem(packagedCommonPasswords, "butternut for breakfast")).toBeNull();
    expect(await passwordProblem(packagedCommonPasswords, "harvest-demo-2026")).toBeNull();
    expect(await passwordProblem(packagedCommonPasswords, "a".repeat(8) + "zq")).toBeNull();
  });

  it("rejects passwords shorter than 8 or longer than 128 characters", async () => {
    expect(await passwordProblem(packagedCommonPasswords, "a".repeat(7))).toMatch(/at least 8/);
    expect(await passwordProblem(packagedCommonPasswords, "x7$kq9!")).toMatch(/at least 8/);
    expect(await passwordProblem(packagedCommonPasswords, "ab".repeat(64))).toBeNull(); // exactly 128
    expect(await passwordProblem(packagedCommonPasswords, "a".repeat(129))).toMatch(/at most 128/);
  });

  it("rejects common passwords from the zxcvbn dictionary, case-insensitively", async () => {
    expect(await passwordProblem(packagedCommonPasswords, "password123")).toMatch(/too common/);
    expect(await passwordProblem(packagedCommonPasswords, "PassWord123")).toMatch(/too common/);
    expect(await passwordProblem(packagedCommonPasswords, "12345678")).toMatch(/too common/);
    expect(await passwordProblem(packagedCommonPasswords, "qwerty123")).toMatch(/too common/);
  });
});
