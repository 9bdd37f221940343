import type { ReactElement, ReactNode } from "react";
import type { z } from "zod";
import { EmailLayout, Title } from "./layout";
import type { StoreInfo } from "./store-info";

/** A template: its props schema (props arrive as JSON from the outbox), subject, component and preview data. */
export type EmailDefinition<Props> = {
  schema: z.ZodType<Props, z.ZodTypeDef, unknown>;
  subject(props: NoInfer<Props>): string;
  Component(props: NoInfer<Props> & { store: StoreInfo }): ReactElement;
  /** Preview data for the admin email page and tests. */
  fixture: NoInfer<Props>;
};

/** The same words for every recipient, or words made from the email's props. */
type Words<Props, T> = T | ((props: NoInfer<Props>) => T);

/** What one email says; `defineEmail` sets it in the shop's layout under its title. */
type EmailContent<Props> = {
  schema: z.ZodType<Props, z.ZodTypeDef, unknown>;
  subject: Words<Props, string>;
  /** Inbox preview line shown after the subject. */
  preview: Words<Props, string>;
  /** Why the recipient got this email, shown in the footer. */
  reason: string;
  title: Words<Props, ReactNode>;
  /** Everything below the title. */
  Body(props: NoInfer<Props> & { store: StoreInfo }): ReactElement;
  fixture: NoInfer<Props>;
};

function say<Props, T>(words: Words<Props, T>, props: Props): T {
  return typeof words === "function" ? (words as (props: Props) => T)(props) : words;
}

/** Ties a template's words, body and fixture to its schema's type, and lays it out as every email is. */
export function defineEmail<Props>({ schema, subject, preview, reason, title, Body, fixture }: EmailContent<Props>) {
  const definition: EmailDefinition<Props> = {
    schema,
    subject: (props) => say(subject, props),
    Component: (props) => (
      <EmailLayout preview={say(preview, props)} reason={reason} store={props.store}>
        <Title>{say(title, props)}</Title>
        <Body {...props} />
      </EmailLayout>
    ),
    fixture,
  };
  return definition;
}
