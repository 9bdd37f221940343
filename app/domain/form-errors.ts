import type { ZodError } from "zod";

/** Field name → first message: the one shape every action returns its validation errors in (status 400). */
export type FieldErrors = Record<string, string>;

export function fieldErrors(error: ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : "form";
    out[key] ??= issue.message;
  }
  return out;
}

/** The one message a small form (a single button) shows: the form-wide one, else the first field's. */
export function firstError(errors: FieldErrors | undefined): string | undefined {
  return errors && (errors.form ?? Object.values(errors)[0]);
}
