import { parseWithZod } from "@conform-to/zod";
import { data } from "@remix-run/node";
import { z, type ZodTypeAny } from "zod";
import { DomainError } from "~/domain/domain-error";
import type { FieldErrors } from "~/domain/form-errors";
import { readForm } from "~/infra/form.server";
import { DOMAIN_ERROR_STATUS } from "~/web/domain-errors.server";

// The one form convention (docs/architecture.md §3, docs/decisions/025-conform-forms.md): a route's action reads its
// form with `readForm`, parses it with conform against the schema beside the route (app/web/forms/<route>.server.ts),
// and answers a refusal with `submission.reply()` — the shape `useForm({ lastResult })` renders, with JavaScript on
// and off. Coercion is the schema's own (`disableAutoCoercion`): conform's would turn "" into "missing" and replace our
// messages ("Tell us your name.") with zod's "Required".

export type Submission<S extends ZodTypeAny> = ReturnType<typeof parseSubmission<S>>;

/** A read form through its schema. */
export function parseSubmission<S extends ZodTypeAny>(form: FormData, schema: S) {
  return parseWithZod(form, { schema, disableAutoCoercion: true });
}

/** `readForm` (size, control characters) then the schema. */
export async function readSubmission<S extends ZodTypeAny>(request: Request, schema: S) {
  return parseSubmission(await readForm(request), schema);
}

type ReplyOptions = {
  /** Fields never echoed back into the page (passwords, tokens). */
  hideFields?: string[];
  /** Messages found after the schema (the domain's, a rate limit); `form` is the one for the whole form. */
  errors?: FieldErrors;
  status?: number;
  headers?: HeadersInit;
};

/** The refusal `useForm({ lastResult })` shows: the schema's errors plus `errors`, with status 400 unless told. */
export function refuse<S extends ZodTypeAny>(submission: Submission<S>, options: ReplyOptions = {}) {
  const { form: formError, ...fields } = options.errors ?? {};
  const extra = options.errors
    ? {
        formErrors: formError ? [formError] : [],
        fieldErrors: Object.fromEntries(Object.entries(fields).map(([name, message]) => [name, [message]])),
      }
    : {};
  return data(submission.reply({ hideFields: options.hideFields, ...extra }), {
    status: options.status ?? 400,
    headers: options.headers,
  });
}

/**
 * An action's usual path: refuse invalid input (400), else call the one domain function with the typed value; a
 * DomainError it throws becomes the same reply with its kind's status (400/404/409/403).
 */
export async function runSubmission<S extends ZodTypeAny, T>(
  submission: Submission<S>,
  run: (input: z.output<S>) => Promise<T>,
  options: Pick<ReplyOptions, "hideFields"> = {},
) {
  if (submission.status !== "success") return refuse(submission, options);
  try {
    return await run(submission.value);
  } catch (error) {
    if (error instanceof DomainError)
      return refuse(submission, { ...options, errors: error.fields, status: DOMAIN_ERROR_STATUS[error.kind] });
    throw error;
  }
}

/** A post whose `intent` names no form of the page (a stale or forged page): 400 with a message for the form. */
export function unknownIntent(form: FormData) {
  return refuse(parseSubmission(form, z.object({})), { errors: { form: "Unknown action." } });
}
