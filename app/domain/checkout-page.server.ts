import type { Clock } from "~/infra/clock.server";
import type { PaymentProvider } from "~/infra/payments/provider.server";
import { listAddresses } from "./accounts.server";
import { getCart, type CartDeps } from "./cart.server";
import { nextDeliveryDates } from "./delivery";
import { enabledPaymentMethods } from "./payment-methods";
import { withCardAvailability } from "./payments.server";
import { getSettings } from "./settings.server";

export type CheckoutPageDeps = CartDeps & { clock: Clock; payments: PaymentProvider | null };

/**
 * Everything the checkout page shows a signed-in shopper: the priced cart, the delivery days still open after the
 * cut-off, the payment methods switched on (card only when Peach is configured) and their saved address to prefill.
 * Null when the cart is empty: there is nothing to check out.
 */
export async function getCheckoutPage(deps: CheckoutPageDeps, userId: number) {
  const [cart, settings, saved] = await Promise.all([getCart(deps, { userId }), getSettings(deps), listAddresses(deps, userId)]);
  if (cart.lines.length === 0) return null;
  const address = saved.find((a) => a.isDefault) ?? saved[0] ?? null;
  return {
    cart,
    deliveryDates: nextDeliveryDates(deps.clock.now(), settings),
    paymentMethods: enabledPaymentMethods(withCardAvailability(settings, deps.payments)).map((m) => ({
      code: m.code,
      label: m.label,
      hint: m.hint,
    })),
    cutoffHour: settings.cutoffHour,
    address: address && {
      recipientName: address.recipientName,
      phone: address.phone,
      line1: address.line1,
      line2: address.line2 ?? "",
      suburb: address.suburb,
      city: address.city,
      postalCode: address.postalCode,
      instructions: address.instructions ?? "",
    },
    hasSavedAddress: saved.length > 0,
  };
}
