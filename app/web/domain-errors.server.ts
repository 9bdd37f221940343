import type { DomainErrorKind } from "~/domain/domain-error";

// The one place a DomainError's kind becomes an HTTP status (docs/decisions/021-domain-error.md). Actions answer a
// refusal through runSubmission (app/web/forms/submission.server.ts): the form's reply with the messages beside their
// fields (or for the whole form under `form`) and this status, with JavaScript on and off; unexpected errors are
// rethrown for handleError.
export const DOMAIN_ERROR_STATUS: Record<DomainErrorKind, 400 | 404 | 409 | 403> = {
  invalid: 400,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
};
