import type { EmailProps, EmailTemplate } from "~/emails";
import type { DbOrTx } from "~/infra/db/client.server";
import { emailOutbox } from "~/infra/db/schema";

export type OutgoingEmail<T extends EmailTemplate> = {
  template: T;
  to: string;
  props: EmailProps<T>;
  /** One email per cause: the same key twice (a retried request) queues it once. */
  idempotencyKey: string;
};

/**
 * Queues an email in the durable outbox. Call it with the transaction that makes the change the email reports, so
 * the email exists if and only if the change does; the sender loop delivers it later.
 */
export async function enqueueEmail<T extends EmailTemplate>(db: DbOrTx, email: OutgoingEmail<T>): Promise<void> {
  await db
    .insert(emailOutbox)
    .values({ template: email.template, toEmail: email.to, payload: email.props as object, idempotencyKey: email.idempotencyKey })
    .onConflictDoNothing({ target: emailOutbox.idempotencyKey });
}
