import type { Config } from "../config.server";
import { createPeachProvider } from "./peach.server";
import type { PaymentProvider } from "./provider.server";

/** The configured card provider, or null (card off) when PEACH_ENTITY_ID / PEACH_SECRET_TOKEN are unset. */
export function createPaymentProvider(config: Config): PaymentProvider | null {
  if (config.mode.payments !== "peach") return null;
  return createPeachProvider({
    entityId: config.PEACH_ENTITY_ID!,
    secretToken: config.PEACH_SECRET_TOKEN!,
    checkoutUrl: config.PEACH_CHECKOUT_URL,
    apiUrl: config.PEACH_API_URL,
  });
}
