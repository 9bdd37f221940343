import type { ZodError } from "zod";

/** Field name → first message, the shape every admin form shows beside its inputs. */
export type FieldErrors = Record<string, string>;

export function fieldErrorsOf(error: ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : "form";
    out[key] ??= issue.message;
  }
  return out;
}
