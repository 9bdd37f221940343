import type { ReactElement } from "react";
import type { z } from "zod";

/** Store details every email carries in its footer (from settings/config, not from the payload). */
export type StoreInfo = {
  contactEmail: string;
  contactPhone: string;
  contactAddress: string;
  appUrl: string;
};

/** A template: its props schema (props arrive as JSON from the outbox), subject, component and preview data. */
export type EmailDefinition<Props> = {
  schema: z.ZodType<Props, z.ZodTypeDef, unknown>;
  subject(props: NoInfer<Props>): string;
  Component(props: NoInfer<Props> & { store: StoreInfo }): ReactElement;
  /** Preview data for the admin email page and tests. */
  fixture: NoInfer<Props>;
};

/** Identity function that ties a template's subject, component and fixture to its schema's type. */
export function defineEmail<Props>(definition: EmailDefinition<Props>): EmailDefinition<Props> {
  return definition;
}
