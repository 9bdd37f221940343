// The parents' help page: every fact the shop can change in its settings (delivery days, cut-off, area, fee,
// free-delivery threshold, ways to pay, contact details) read from them here, never written into the page twice.
import type { PaymentProvider } from "~/infra/payments/provider.server";
import { WEEKDAYS } from "./weekdays";
import { ALLERGENS } from "./allergens";
import { CUSTOMER_CANCELLABLE, ORDER_STATUS_LABELS } from "./order-status";
import { enabledPaymentMethods } from "./payment-methods";
import { withCardAvailability } from "./payments.server";
import { getSettings } from "./settings.server";

type HelpDeps = Parameters<typeof getSettings>[0] & { payments?: PaymentProvider | null };

export async function getHelpPage(deps: HelpDeps) {
  // Card counts only when the provider is configured as well as switched on — as at checkout.
  const settings = withCardAvailability(await getSettings(deps), deps.payments ?? null);
  return {
    deliveryDays: WEEKDAYS.filter((d) => settings.deliveryWeekdays.includes(d.iso)).map((d) => d.label),
    cutoff: `${String(settings.cutoffHour).padStart(2, "0")}:00`,
    postalCodes: settings.deliveryPostalCodes,
    deliveryFeeCents: settings.deliveryFeeCents,
    freeDeliveryThresholdCents: settings.freeDeliveryThresholdCents,
    paymentMethods: enabledPaymentMethods(settings).map(({ code, label, hint }) => ({ code, label, hint })),
    cancellableWhile: CUSTOMER_CANCELLABLE.map((s) => ORDER_STATUS_LABELS[s]),
    allergens: ALLERGENS.filter((a) => a.major).map((a) => a.label.toLowerCase()),
    contact: { email: settings.contactEmail, phone: settings.contactPhone, address: settings.contactAddress },
  };
}
