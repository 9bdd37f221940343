// How a shopper can pay, and which ways the shop has switched on. The type comes from the database enum (types only,
// so drizzle stays out of the browser bundle); the shop and the back office use the same labels.
import type { paymentMethod } from "~/infra/db/schema";
import { labelKeys } from "./label-keys";

export type PaymentMethod = (typeof paymentMethod.enumValues)[number];

const DETAILS: Record<PaymentMethod, { label: string; hint: string }> = {
  cash_on_delivery: { label: "Cash on delivery", hint: "Pay the driver in cash or by card machine when your meals arrive." },
  card: { label: "Card", hint: "Pay securely online." },
};

/** Every method, in the enum's order. */
export const PAYMENT_METHOD_CODES = labelKeys(DETAILS);

export const PAYMENT_METHODS = PAYMENT_METHOD_CODES.map((code) => ({ code, ...DETAILS[code] }));

export function paymentMethodLabel(method: string): string {
  return Object.hasOwn(DETAILS, method) ? DETAILS[method as PaymentMethod].label : method;
}

/** The methods the shop has switched on in settings, in display order. */
export function enabledPaymentMethods(settings: { paymentMethods: Record<PaymentMethod, boolean> }) {
  return PAYMENT_METHODS.filter((m) => settings.paymentMethods[m.code]);
}
