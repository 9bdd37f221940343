import type { EmailProps, EmailTemplate } from "~/emails";
import { sql, type SQL } from "drizzle-orm";
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
  await outboxInsert(db, email);
}

/** enqueueEmail's statement, unsent: for a batch (atomically) that writes the email with what it is about. */
export function outboxInsert<T extends EmailTemplate>(db: DbOrTx, email: OutgoingEmail<T>) {
  return db
    .insert(emailOutbox)
    .values({
      template: email.template,
      toEmail: email.to,
      payload: email.props as object,
      idempotencyKey: email.idempotencyKey,
      orderNumber: orderNumberOf(email.props),
    })
    .onConflictDoNothing({ target: emailOutbox.idempotencyKey });
}

/**
 * Like enqueueEmail, but the row is written only when `condition` (an SQL boolean) holds, decided by the database in
 * the same statement. Callers that must not reveal whether the condition held (forgot-password: does the account
 * exist?) run exactly the same statement either way.
 */
export async function enqueueEmailWhen<T extends EmailTemplate>(
  db: DbOrTx,
  email: OutgoingEmail<T>,
  condition: SQL,
): Promise<void> {
  await db.execute(sql`
    insert into ${emailOutbox} (template, to_email, payload, idempotency_key, order_number)
    select ${email.template}, ${email.to}, ${JSON.stringify(email.props)}::jsonb, ${email.idempotencyKey}, ${orderNumberOf(email.props)}
    where ${condition}
    on conflict (idempotency_key) do nothing`);
}

/** Order emails name their order (`orderNumber`); the row keeps it so the order page can show how they fared. */
function orderNumberOf(props: unknown): string | null {
  const n = (props as { orderNumber?: unknown }).orderNumber;
  return typeof n === "string" ? n : null;
}
