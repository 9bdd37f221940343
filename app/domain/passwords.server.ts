// Password hashing (argon2id) and the acceptability rule: length 8–128 and not a well-known password.
// No composition rules (NIST SP 800-63B).
import { hash, verify, type Algorithm } from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password-rules";

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH };

// OWASP Password Storage Cheat Sheet: argon2id, m = 19 MiB, t = 2, p = 1.
const ARGON2_OPTIONS = {
  algorithm: 2 as Algorithm, // Algorithm.Argon2id (an ambient const enum, which isolatedModules cannot read)
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export function hashPassword(plain: string): Promise<string> {
  return hash(plain, ARGON2_OPTIONS);
}

/** True only when `plain` matches `hashed`; false (never a throw) for a malformed hash or bad input. */
export async function verifyPassword(hashed: string | null | undefined, plain: string): Promise<boolean> {
  if (typeof hashed !== "string" || typeof plain !== "string" || !hashed.startsWith("$argon2")) return false;
  try {
    return await verify(hashed, plain);
  } catch {
    return false;
  }
}

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary.passwords.map((p) => p.toLowerCase()));
  return common;
}

/** Words an attacker tries first against this site (NIST SP 800-63B "context-specific words"), letters only. */
const SITE_WORDS = ["littleharvest"];
const lettersAndDigits = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Null when acceptable, otherwise a message to show beside the field. `email` is the account's own address. */
export function passwordProblem(plain: string, email?: string): string | null {
  const length = [...plain].length;
  if (length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (commonPasswords().has(plain.toLowerCase()))
    return "That password is too common and easy to guess. Try a longer phrase only you would know.";
  const flat = lettersAndDigits(plain);
  const mailbox = email ? lettersAndDigits(email.split("@")[0]) : "";
  if (SITE_WORDS.some((w) => flat.includes(w)) || (mailbox.length >= 4 && flat.includes(mailbox)))
    return "Don't build your password from our shop's name or your email address: those are guessed first.";
  return null;
}
