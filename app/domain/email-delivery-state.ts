// What the provider last said about a sent email (Resend webhooks), shared by the back office's server code and its
// pages. Types only from the schema, so drizzle stays out of the browser bundle.
import type { emailDeliveryState } from "~/infra/db/schema";
import { labelKeys } from "./label-keys";

export type DeliveryState = (typeof emailDeliveryState.enumValues)[number];

export const DELIVERY_STATE_LABELS: Record<DeliveryState, string> = {
  sent: "Accepted by Resend",
  delayed: "Delayed",
  delivered: "Delivered",
  bounced: "Bounced",
  failed: "Not sent by Resend",
  complained: "Marked as spam",
};

export const DELIVERY_STATES = labelKeys(DELIVERY_STATE_LABELS);

/**
 * Events can arrive in any order (Svix retries, parallel deliveries), so a state only replaces one of lower rank:
 * "delivered" after "bounced" never un-bounces. Accepted < delayed < delivered < bounced = failed < complained (a
 * complaint comes after delivery and is the strongest signal about the address). Equal ranks keep the later event.
 */
export const DELIVERY_STATE_RANK: Record<DeliveryState, number> = {
  sent: 1,
  delayed: 2,
  delivered: 3,
  bounced: 4,
  failed: 4,
  complained: 5,
};
