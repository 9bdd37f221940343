// How large a form post each route accepts (docs/architecture.md §10). A route opts into a different limit through its `handle`
// export: `export const handle = { bodyLimit: "auth" }`. Shared with the browser bundle, so plain constants only.

export const BODY_LIMITS = {
  /** Login, sign-up, password forms: a few short fields. */
  auth: 8 * 1024,
  /** Every other form. */
  form: 64 * 1024,
  /** Forms carrying a product photo (2 MB image + the fields and multipart framing). */
  upload: 2 * 1024 * 1024 + 256 * 1024,
} as const;

export type BodyLimit = keyof typeof BODY_LIMITS;
