import { eq } from "drizzle-orm";
import type { Cache } from "~/infra/cache.server";
import type { Db, DbOrTx } from "~/infra/db/client.server";
import { emailSuppressions } from "~/infra/db/schema";
import { getSettings } from "./settings.server";

/**
 * Suppressed addresses (issue #24): one that hard-bounced or whose owner marked our mail as spam gets nothing more —
 * the sender records such emails as `suppressed` instead of handing them to Resend (which would refuse them too, and
 * count them against the shop's sending reputation). Rows are written by the webhook (email-tracking.server.ts). An
 * account leaves the list by changing to another address; the bad address itself stays listed.
 */

export type Suppression = { reason: "bounced" | "complained"; since: Date };

export async function suppressionOf(db: DbOrTx, email: string | null | undefined): Promise<Suppression | null> {
  if (!email) return null;
  const [row] = await db
    .select({ reason: emailSuppressions.reason, since: emailSuppressions.createdAt })
    .from(emailSuppressions)
    .where(eq(emailSuppressions.email, email.trim().toLowerCase()))
    .limit(1);
  return row ?? null;
}

/** What a page tells someone whose address we cannot email: why, and how to reach the shop instead. */
export type Undeliverable = { reason: Suppression["reason"]; contactEmail: string; contactPhone: string };

/**
 * Null when mail to `email` goes out normally. Depends only on the address, never on whether an account uses it, so
 * the public pages that show it (forgot password) say nothing about who shops here.
 */
export async function undeliverableTo(deps: { db: Db; cache: Cache }, email: string): Promise<Undeliverable | null> {
  const suppression = await suppressionOf(deps.db, email);
  if (!suppression) return null;
  const settings = await getSettings(deps);
  return { reason: suppression.reason, contactEmail: settings.contactEmail, contactPhone: settings.contactPhone };
}
