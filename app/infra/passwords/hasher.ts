/**
 * Password hashing behind one interface (docs/architecture.md §9): @node-rs/argon2 on Node, the `argon2id` WebAssembly build on
 * workerd. Both write and read the same PHC string, `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`, so a hash made by
 * either runtime verifies on the other.
 */
export type PasswordHasher = {
  hash(plain: string): Promise<string>;
  /** True only when `plain` matches `hashed`; false (never a throw) for a malformed hash or bad input. */
  verify(hashed: string | null | undefined, plain: string): Promise<boolean>;
};

// OWASP Password Storage Cheat Sheet: argon2id, m = 19 MiB, t = 2, p = 1.
export const ARGON2_PARAMS = { memoryKiB: 19_456, passes: 2, parallelism: 1, saltBytes: 16, hashBytes: 32 } as const;

/** Guards shared by both hashers: anything that is not a string argon2 PHC hash never matches. */
export function isVerifiable(hashed: unknown, plain: unknown): hashed is string {
  return typeof hashed === "string" && typeof plain === "string" && hashed.startsWith("$argon2");
}
