import { eq } from "drizzle-orm";
import type { Cache } from "~/infra/cache.server";
import type { Db } from "~/infra/db/client.server";
import { storeSettings } from "~/infra/db/schema";

export type StoreSettings = typeof storeSettings.$inferSelect;

/** The single store_settings row (seeded), cached under "settings"; invalidate("settings") after any change. */
export async function getSettings({ db, cache }: { db: Db; cache: Cache }): Promise<StoreSettings> {
  const row = await cache.fetch("settings", "store", async () => {
    const [r] = await db.select().from(storeSettings).where(eq(storeSettings.id, 1));
    if (!r) throw new Error("store_settings row missing: run the seed (npm run db:seed)");
    return r;
  });
  // JSON round trip through the cache turns dates into strings.
  return { ...row, updatedAt: new Date(row.updatedAt) };
}
