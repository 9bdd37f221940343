/** Field name → message, a whole-form message under `form`: what a DomainError carries and a page shows. */
export type FieldErrors = Record<string, string>;

/** The one message a small form (a single button) shows: the form-wide one, else the first field's. */
export function firstError(errors: FieldErrors | undefined): string | undefined {
  return errors && (errors.form ?? Object.values(errors)[0]);
}
