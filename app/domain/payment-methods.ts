// How a shopper can pay, and which ways the shop has switched on. Pure and shared with the browser.

export const PAYMENT_METHODS = [
  {
    code: "cash_on_delivery",
    label: "Cash on delivery",
    hint: "Pay the driver in cash or by card machine when your meals arrive.",
  },
  { code: "card", label: "Card", hint: "Pay securely online." },
] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number]["code"];

export function paymentMethodLabel(method: string): string {
  return PAYMENT_METHODS.find((m) => m.code === method)?.label ?? method;
}

/** The methods the shop has switched on in settings, in display order. */
export function enabledPaymentMethods(settings: { paymentMethods: { cash_on_delivery: boolean; card: boolean } }) {
  return PAYMENT_METHODS.filter((m) => settings.paymentMethods[m.code]);
}
