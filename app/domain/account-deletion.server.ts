// "Delete my account" (POPIA s24): personal data is erased or anonymised everywhere; orders stay for the books
// (amounts, items, dates) with no name, email, phone or address left on them.
import { and, eq, inArray, or } from "drizzle-orm";
import {
  addresses,
  auditLog,
  carts,
  children,
  emailOutbox,
  orders,
  paymentEvents,
  payments,
  sessions,
  users,
  verificationTokens,
} from "~/infra/db/schema";
import { accountGone, wrongCurrentPassword, type AccountDeps } from "./accounts.server";
import { invalidField } from "./domain-error";

export async function deleteAccount(
  deps: Pick<AccountDeps, "db" | "clock" | "hasher">,
  userId: number,
  input: { currentPassword: string; confirm: string },
): Promise<void> {
  const [user] = await deps.db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user || user.deletedAt) throw accountGone();
  // 400 like the rest of this form, not 403: the page offers the button to everyone and explains who may use it.
  if (user.role === "admin") throw invalidField("form", "Staff accounts are removed by another admin, not from this page.");
  if (input.confirm.trim().toUpperCase() !== "DELETE") throw invalidField("confirm", "Type DELETE to confirm.");
  if (user.passwordHash && !(await deps.hasher.verify(user.passwordHash, input.currentPassword))) throw wrongCurrentPassword();
  await eraseUser(deps, userId);
}

/** Erases one person's data in every table, in one transaction. */
async function eraseUser(deps: Pick<AccountDeps, "db" | "clock">, userId: number): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
    if (!user) return;
    const orderRows = await tx.select({ id: orders.id, email: orders.email }).from(orders).where(eq(orders.userId, userId));
    const orderIds = orderRows.map((o) => o.id);
    const emails = [...new Set([user.email, ...orderRows.map((o) => o.email)].filter((e): e is string => !!e))];

    await tx.delete(sessions).where(eq(sessions.userId, userId));
    await tx.delete(verificationTokens).where(eq(verificationTokens.userId, userId));
    await tx.delete(addresses).where(eq(addresses.userId, userId));
    await tx.delete(children).where(eq(children.userId, userId));
    await tx.delete(carts).where(eq(carts.userId, userId)); // cart items cascade

    if (orderIds.length > 0) {
      // Kept for the books without personal data.
      await tx
        .update(orders)
        .set({ email: null, address: null, notes: null, updatedAt: now })
        .where(inArray(orders.id, orderIds));
      const paymentIds = (await tx.select({ id: payments.id }).from(payments).where(inArray(payments.orderId, orderIds))).map(
        (p) => p.id,
      );
      if (paymentIds.length > 0)
        await tx.update(paymentEvents).set({ payload: null }).where(inArray(paymentEvents.paymentId, paymentIds));
    }
    // Queued and sent emails carry names, addresses and links in their payloads.
    if (emails.length > 0) await tx.delete(emailOutbox).where(inArray(emailOutbox.toEmail, emails));
    // Admin edits to this customer may have snapshotted their details.
    await tx
      .update(auditLog)
      .set({ before: null, after: null })
      .where(
        or(
          and(inArray(auditLog.entityType, ["user", "customer", "account"]), eq(auditLog.entityId, String(userId))),
          ...(orderIds.length > 0
            ? [and(eq(auditLog.entityType, "order"), inArray(auditLog.entityId, orderIds.map(String)))]
            : []),
        ),
      );

    await tx
      .update(users)
      .set({
        email: null,
        passwordHash: null,
        name: "",
        phone: null,
        googleSub: null,
        emailVerifiedAt: null,
        deletedAt: now,
        updatedAt: now,
      })
      .where(eq(users.id, userId));
  });
}
