import { eq } from "drizzle-orm";
import type { Cache } from "~/infra/cache.server";
import type { Clock } from "~/infra/clock.server";
import type { Db } from "~/infra/db/client.server";
import { storeSettings } from "~/infra/db/schema";
import { changedFields } from "./audit-words";
import { recordAudit, type Actor } from "./audit.server";

// Store settings from the back office: validated, audited, and the "settings" cache invalidated at once.

/** Store settings as the settings form's schema (web/forms/admin-settings.server.ts) hands them over; money in cents. */
export type SettingsInput = {
  deliveryFee: number;
  freeDeliveryThreshold: number;
  postalCodes: string[];
  deliveryWeekdays: number[];
  cutoffHour: number;
  paymentMethods: { cash_on_delivery: boolean; card: boolean };
  contactEmail: string;
  contactPhone: string;
  contactAddress: string;
};

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
