import { data } from "@remix-run/node";
import { DomainError, type DomainErrorKind } from "~/domain/domain-error";
import type { z, ZodTypeAny } from "zod";
import { fieldErrors, type FieldErrors } from "~/domain/form-errors";

// The one place a DomainError becomes HTTP (docs/decisions/021-domain-error.md). Every kind answers as form data,
// `{ errors, ...extra }` with the kind's status, so the page re-renders with the message beside its field (or above
// the form under `errors.form`) with JavaScript on and off; unexpected errors are rethrown for handleError.

export const DOMAIN_ERROR_STATUS: Record<DomainErrorKind, 400 | 404 | 409 | 403> = {
  invalid: 400,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
};

/** The response for a refusal; `extra` is what the form needs to re-render (the posted values, which form it was). */
function domainErrorResponse<E extends object>(error: DomainError, extra: E) {
  return data<E & { errors: FieldErrors }>({ ...extra, errors: error.fields }, { status: DOMAIN_ERROR_STATUS[error.kind] });
}

/** Runs an action's one domain call; a DomainError becomes its response, anything else goes on to handleError. */
export async function withDomainErrors<T, E extends object = object>(run: () => Promise<T>, extra?: E) {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DomainError) return domainErrorResponse(error, extra ?? ({} as E));
    throw error;
  }
}

/** Input a route's own schema refused, in the same shape as a domain refusal (400). */
export function invalidForm<E extends object>(errors: FieldErrors, extra?: E) {
  return data<E & { errors: FieldErrors }>({ ...(extra ?? ({} as E)), errors }, { status: 400 });
}

/**
 * An action's usual path in one call: the form through its zod schema (a 400 with the schema's messages), then the
 * one domain call, whose refusals map as above. `extra` travels with either refusal so the form can re-render.
 */
export async function parseThenRun<S extends ZodTypeAny, T, E extends object = object>(
  schema: S,
  fields: unknown,
  run: (input: z.output<S>) => Promise<T>,
  extra?: E,
) {
  const parsed = schema.safeParse(fields);
  if (!parsed.success) return invalidForm(fieldErrors(parsed.error), extra);
  return withDomainErrors(() => run(parsed.data), extra);
}
