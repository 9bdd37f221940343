// Forgotten passwords: a single-use link (random, stored hashed, 30 minutes) mailed only to real accounts, while the
// page always says the same thing; using it sets the password and ends every session of that user.
import { and, eq, isNull, sql } from "drizzle-orm";
import { sessions, users, verificationTokens } from "~/infra/db/schema";
import { consumeToken, inspectToken, issueTokenIfUser, revokeTokens, type TokenProblem } from "./account-tokens.server";
import { normalizeEmail, type AccountDeps } from "./accounts.server";
import { invalidField } from "./domain-error";
import { enqueueEmailWhen } from "./email-outbox.server";
import { undeliverableTo, type Undeliverable } from "./email-suppressions.server";
import type { Cache } from "~/infra/cache.server";
import { passwordProblem } from "./passwords.server";

const RESET_TOKEN_TTL_MS = 30 * 60 * 1000;

/** No user has this id (serial ids start at 1): unknown addresses run every statement against it and touch nothing. */
const NO_USER = 0;

/**
 * Returns only whether the address is suppressed (email-suppressions.server.ts), which does not depend on an account
 * existing: the caller must answer the same way whether or not the account exists. The work is the
 * same too, by construction: one lookup, then the same transaction with the same statements for a known or an
 * unknown address — the database, not this code, decides that for an unknown one no token and no email row is
 * written — so the time taken does not tell who has an account.
 */
export async function requestPasswordReset(
  deps: AccountDeps & { cache: Cache },
  emailInput: string,
): Promise<{ undeliverable: Undeliverable | null }> {
  const email = normalizeEmail(emailInput);
  // Mail to a suppressed address would be skipped: say so instead (the same answer with or without an account).
  const undeliverable = await undeliverableTo(deps, email);
  const [user] = await deps.db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.email, email), isNull(users.deletedAt), isNull(users.disabledAt)))
    .limit(1);
  const userId = user?.id ?? NO_USER;
  const name = user?.name.trim() ? user.name.trim().split(/\s+/)[0] : "there";
  await deps.db.transaction(async (tx) => {
    // Only the newest link works.
    await revokeTokens(tx, deps.clock, userId, "reset_password");
    const { token, tokenHash } = await issueTokenIfUser(tx, deps.clock, {
      userId,
      purpose: "reset_password",
      ttlMs: RESET_TOKEN_TTL_MS,
    });
    await enqueueEmailWhen(
      tx,
      {
        template: "password-reset",
        to: email,
        props: { name, resetUrl: `${deps.config.appUrl}/reset-password?token=${token}` },
        idempotencyKey: `password-reset:${tokenHash}`,
      },
      sql`exists (select 1 from ${verificationTokens} where ${verificationTokens.tokenHash} = ${tokenHash})`,
    );
  });
  return { undeliverable };
}

const RESET_LINK_PROBLEMS: Record<TokenProblem, string> = {
  invalid: "This reset link isn't valid. It may have been copied incompletely.",
  expired: "This reset link has expired. Links work for 30 minutes.",
  used: "This reset link has already been used. Each link works once.",
};

/** Why this link can't be used, for the page to say; null when it can. Looking does not use it up. */
export async function resetLinkProblem(deps: Pick<AccountDeps, "db" | "clock">, token: string | null): Promise<string | null> {
  const found = await inspectToken(deps.db, deps.clock, "reset_password", token);
  return found.ok ? null : RESET_LINK_PROBLEMS[found.problem];
}

const refuseLink = (problem: TokenProblem) => invalidField("token", RESET_LINK_PROBLEMS[problem]);

export async function resetPassword(
  deps: Pick<AccountDeps, "db" | "clock" | "hasher" | "commonPasswords">,
  input: { token: string; password: string },
): Promise<{ userId: number }> {
  const problem = await passwordProblem(deps.commonPasswords, input.password);
  if (problem) {
    // A dead link is the bigger problem: say that rather than ask for a better password it can't set.
    const linkProblem = await inspectToken(deps.db, deps.clock, "reset_password", input.token);
    throw linkProblem.ok ? invalidField("password", problem) : refuseLink(linkProblem.problem);
  }
  const passwordHash = await deps.hasher.hash(input.password);
  return deps.db.transaction(async (tx) => {
    const used = await consumeToken(tx, deps.clock, "reset_password", input.token);
    if (!used.ok) throw refuseLink(used.problem);
    await tx.update(users).set({ passwordHash, updatedAt: deps.clock.now() }).where(eq(users.id, used.userId));
    await revokeTokens(tx, deps.clock, used.userId, "reset_password");
    // A reset ends every session, including any an attacker may hold.
    await tx.delete(sessions).where(eq(sessions.userId, used.userId));
    return { userId: used.userId };
  });
}
