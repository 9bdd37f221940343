// The password acceptability rule: length 8–128 and not a well-known password. No composition rules (NIST SP
// 800-63B). Hashing lives behind `PasswordHasher` (app/infra/passwords), chosen by the runtime.
import type { CommonPasswords } from "~/infra/passwords/common-passwords";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password-rules";

/** Words an attacker tries first against this site (NIST SP 800-63B "context-specific words"), letters only. */
const SITE_WORDS = ["littleharvest"];
const lettersAndDigits = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/**
 * Null when acceptable, otherwise a message to show beside the field. `email` is the account's own address. The
 * common-password list is consulted only once the length is right.
 */
export async function passwordProblem(common: CommonPasswords, plain: string, email?: string): Promise<string | null> {
  const length = [...plain].length;
  if (length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (await common.has(plain)) return "That password is too common and easy to guess. Try a longer phrase only you would know.";
  const flat = lettersAndDigits(plain);
  const mailbox = email ? lettersAndDigits(email.split("@")[0]) : "";
  if (SITE_WORDS.some((w) => flat.includes(w)) || (mailbox.length >= 4 && flat.includes(mailbox)))
    return "Don't build your password from our shop's name or your email address: those are guessed first.";
  return null;
}
