import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Cache } from "~/infra/cache.server";
import type { Clock } from "~/infra/clock.server";
import type { Db } from "~/infra/db/client.server";
import { storeSettings } from "~/infra/db/schema";
import { changedFields } from "./audit-words";
import { recordAudit, type Actor } from "./audit.server";
import { parseRandToCents } from "./money-input";

// Store settings from the back office: validated, audited, and the "settings" cache invalidated at once.

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

export const settingsInputSchema = z.object({
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
export type SettingsInput = z.output<typeof settingsInputSchema>;

/** Form fields → the raw object settingsInputSchema reads. */
export function settingsFormValues(form: FormData) {
  const text = (name: string) => (typeof form.get(name) === "string" ? (form.get(name) as string) : "");
  return {
    deliveryFee: text("deliveryFee"),
    freeDeliveryThreshold: text("freeDeliveryThreshold"),
    postalCodes: text("postalCodes"),
    deliveryWeekdays: form.getAll("deliveryWeekdays").map(String),
    cutoffHour: text("cutoffHour"),
    paymentMethods: { cash_on_delivery: form.get("cashOnDelivery") === "on", card: form.get("card") === "on" },
    contactEmail: text("contactEmail"),
    contactPhone: text("contactPhone"),
    contactAddress: text("contactAddress"),
  };
}

export async function updateSettings(
  { db, cache, clock }: { db: Db; cache: Cache; clock: Clock },
  actor: Actor,
  input: SettingsInput,
) {
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(storeSettings).where(eq(storeSettings.id, 1)).for("update");
    const values = {
      deliveryFeeCents: input.deliveryFee,
      freeDeliveryThresholdCents: input.freeDeliveryThreshold,
      deliveryPostalCodes: input.postalCodes,
      deliveryWeekdays: input.deliveryWeekdays,
      cutoffHour: input.cutoffHour,
      paymentMethods: input.paymentMethods,
      contactEmail: input.contactEmail,
      contactPhone: input.contactPhone,
      contactAddress: input.contactAddress,
    };
    if (before)
      await tx
        .update(storeSettings)
        .set({ ...values, updatedAt: clock.now() })
        .where(eq(storeSettings.id, 1));
    else await tx.insert(storeSettings).values({ id: 1, ...values });
    const { updatedAt: _u, id: _i, ...beforeValues } = before ?? { updatedAt: null, id: null };
    if (before && changedFields(beforeValues, values).length === 0) return; // saved unchanged: nothing to audit
    await recordAudit(tx, {
      actor,
      action: "settings.update",
      entityType: "settings",
      entityId: 1,
      before: before ? beforeValues : null,
      after: values,
    });
  });
  await cache.invalidate("settings");
}
