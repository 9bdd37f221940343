// Outbox row states, shared by the back office's server code and its pages. The type comes from the database enum
// (types only, so drizzle stays out of the browser bundle).
import type { outboxStatus } from "~/infra/db/schema";
import { labelKeys } from "./label-keys";

export type OutboxStatus = (typeof outboxStatus.enumValues)[number];

export const OUTBOX_STATUS_LABELS: Record<OutboxStatus, string> = {
  pending: "Waiting",
  sending: "Sending",
  sent: "Sent",
  failed: "Failed",
  suppressed: "Not sent (address suppressed)",
};

/** Every state, in the enum's order. */
export const OUTBOX_STATUSES = labelKeys(OUTBOX_STATUS_LABELS);
