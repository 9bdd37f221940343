import type { FieldErrors } from "./form-errors";

// The one way a domain module says "no" (docs/architecture.md §10, docs/decisions/021-domain-error.md). The domain names the kind
// of refusal and the words the shopper or admin reads; only app/web/domain-errors.server.ts turns it into HTTP.

export type DomainErrorKind = "invalid" | "not_found" | "conflict" | "forbidden";

export class DomainError extends Error {
  /** Field name → message, shown beside that field; a message for the whole form sits under `form`. */
  readonly fields: FieldErrors;

  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    fields?: FieldErrors,
  ) {
    super(message);
    this.name = "DomainError";
    this.fields = fields ?? { form: message };
  }
}

/** Bad input: 400, each message beside its field. */
export const invalid = (fields: FieldErrors) => new DomainError("invalid", Object.values(fields)[0] ?? "Invalid input", fields);
/** One field's refusal, the common case. */
export const invalidField = (field: string, message: string) => invalid({ [field]: message });
/** The thing asked for is not there (or not the caller's to see): 404. */
export const notFound = (message: string) => new DomainError("not_found", message);
/** A legal request that the current state refuses (illegal transition, stale view, already done): 409. */
export const conflict = (message: string, field = "form") => new DomainError("conflict", message, { [field]: message });
/** The caller may not do this: 403. */
export const forbidden = (message: string) => new DomainError("forbidden", message);

export const isDomainError = (error: unknown, kind?: DomainErrorKind): error is DomainError =>
  error instanceof DomainError && (kind === undefined || error.kind === kind);
