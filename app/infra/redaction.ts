// What never reaches a log sink, on either runtime (docs/architecture.md §7): pino on Node and the JSON logger on workerd both
// apply these paths, and both scrub free text.

export const REDACT_PATHS = [
  "password",
  "*.password",
  "newPassword",
  "*.newPassword",
  "currentPassword",
  "*.currentPassword",
  "token",
  "*.token",
  "*.*.token",
  "cookie",
  "*.cookie",
  "headers.cookie",
  "headers.authorization",
  "*.headers.cookie",
  "*.headers.authorization",
  "authorization",
  "*.authorization",
  "email",
  "*.email",
  "*.*.email",
  "to",
  "*.to",
  "phone",
  "*.phone",
  "*.*.phone",
  "apiKey",
  "*.apiKey",
];

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const PHONE = /(?<![\w-])\+?\d[\d\s-]{7,}\d(?![\w-])/g;

/** Scrubs emails and phone numbers that slip into free text such as error messages. */
export function scrubText(s: string): string {
  return s.replace(EMAIL, "[email]").replace(PHONE, "[phone]");
}
