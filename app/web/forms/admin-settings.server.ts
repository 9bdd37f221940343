import { z } from "zod";
import { parseRandToCents } from "~/domain/money-input";

// /admin/settings: the store's delivery, payment and contact settings. The form posts rand amounts as text, the
// weekdays as repeated checkboxes and each payment method as its own checkbox; the schema gives updateSettings cents,
// sorted lists and a payment-methods object.

const rand = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${what}`)
    .transform((v, ctx) => {
      const cents = parseRandToCents(v);
      if (cents === null) {
        ctx.addIssue({ code: "custom", message: `Enter the ${what} in rand, e.g. 25.00` });
        return z.NEVER;
      }
      return cents;
    });

const settingsInputSchema = z.object({
  deliveryFee: rand("delivery fee"),
  freeDeliveryThreshold: rand("free-delivery threshold"),
  postalCodes: z
    .string()
    .transform((v) => [...new Set(v.split(/[\s,;]+/).filter(Boolean))])
    .superRefine((codes, ctx) => {
      if (codes.length === 0) ctx.addIssue({ code: "custom", message: "List at least one postal code we deliver to" });
      const bad = codes.filter((c) => !/^\d{4}$/.test(c));
      if (bad.length) ctx.addIssue({ code: "custom", message: `Postal codes have four digits: ${bad.slice(0, 5).join(", ")}` });
    })
    .transform((codes) => codes.sort()),
  deliveryWeekdays: z
    .array(z.coerce.number().int().min(1).max(7))
    .min(1, "Choose at least one delivery day")
    .transform((days) => [...new Set(days)].sort((a, b) => a - b)),
  cutoffHour: z.coerce
    .number({ invalid_type_error: "Choose the cut-off hour" })
    .int("Choose a whole hour")
    .min(0, "The cut-off is an hour from 0 to 23")
    .max(23, "The cut-off is an hour from 0 to 23"),
  paymentMethods: z
    .object({ cash_on_delivery: z.boolean(), card: z.boolean() })
    .refine((m) => m.cash_on_delivery || m.card, "Keep at least one payment method on"),
  contactEmail: z.string().trim().toLowerCase().email("Enter the shop's email address").max(200),
  contactPhone: z
    .string()
    .trim()
    .regex(/^\+?[\d\s()-]{9,20}$/, "Enter a phone number, e.g. +27 11 555 0142"),
  contactAddress: z.string().trim().min(10, "Enter the shop's street address").max(300),
});

/** The settings form as posted (checkbox names `cashOnDelivery`, `card`) → the shape settingsInputSchema checks. */
export const settingsFormSchema = z.preprocess((raw) => {
  const form = (raw ?? {}) as Record<string, unknown>;
  const weekdays = form.deliveryWeekdays;
  return {
    ...form,
    deliveryWeekdays: weekdays === undefined ? [] : Array.isArray(weekdays) ? weekdays : [weekdays],
    paymentMethods: { cash_on_delivery: form.cashOnDelivery === "on", card: form.card === "on" },
  };
}, settingsInputSchema);
