// The password acceptability rule: length 8–128 and not a well-known password. No composition rules (NIST SP
// 800-63B). Hashing lives behind `PasswordHasher` (app/infra/passwords), chosen by the runtime.
import { dictionary } from "@zxcvbn-ts/language-common";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password-rules";

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH };

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary.passwords.map((p) => p.toLowerCase()));
  return common;
}

/** Null when acceptable, otherwise a message to show beside the field. */
export function passwordProblem(plain: string): string | null {
  const length = [...plain].length;
  if (length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (commonPasswords().has(plain.toLowerCase()))
    return "That password is too common and easy to guess. Try a longer phrase only you would know.";
  return null;
}
