import { createElement } from "react";
import type { ZodError } from "zod";
import type { EmailDefinition } from "./template";
import { emailRegistry, isEmailTemplate } from "./index";
import type { StoreInfo } from "./store-info";

export type RenderedEmail = { subject: string; html: string; text: string };

/** A payload that can never render (unknown template or invalid props): retrying will not help. */
export class InvalidEmailError extends Error {
  override name = "InvalidEmailError";
  constructor(
    readonly template: string,
    message: string,
  ) {
    super(message);
  }
}

function describeIssues(error: ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
}

/**
 * Renders one email from an untrusted payload (props come back from JSON in the outbox): checks the template
 * name and validates `props` against its schema first, throwing InvalidEmailError if either is wrong.
 * Type the payload where it is created instead, with `EmailProps<T>`.
 */
export async function renderEmail(template: string, props: unknown, store: StoreInfo): Promise<RenderedEmail> {
  if (!isEmailTemplate(template)) throw new InvalidEmailError(template, `Unknown email template "${template}"`);
  // Each definition agrees with its own schema; a union of them does not, so widen before parsing.
  const definition: EmailDefinition<Record<string, unknown>> = emailRegistry[template];
  const parsed = definition.schema.safeParse(props);
  if (!parsed.success) {
    throw new InvalidEmailError(template, `Invalid props for email template "${template}": ${describeIssues(parsed.error)}`);
  }
  const element = createElement(definition.Component, { ...parsed.data, store });
  // Loaded on the first email, not at start-up: its HTML-to-text converter builds large entity tables when evaluated,
  // which every new workerd isolate would pay before its first answer (docs/performance.md).
  const { render } = await import("@react-email/render");
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: definition.subject(parsed.data), html, text };
}
