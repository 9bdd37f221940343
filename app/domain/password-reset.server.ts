// Forgotten passwords: a single-use link (random, stored hashed, 30 minutes) mailed only to real accounts, while the
// page always says the same thing; using it sets the password and ends every session of that user.
import { and, eq, isNull } from "drizzle-orm";
import { sessions, users } from "~/infra/db/schema";
import { consumeToken, inspectToken, issueToken, revokeTokens, type TokenProblem } from "./account-tokens.server";
import { normalizeEmail, type AccountDeps, type Outcome } from "./accounts.server";
import { enqueueEmail } from "./email-outbox.server";
import { passwordProblem } from "./passwords.server";

const RESET_TOKEN_TTL_MS = 30 * 60 * 1000;

/** Returns nothing on purpose: the caller must answer the same way whether or not the account exists. */
export async function requestPasswordReset(deps: AccountDeps, emailInput: string): Promise<void> {
  const email = normalizeEmail(emailInput);
  const [user] = await deps.db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.email, email), isNull(users.deletedAt), isNull(users.disabledAt)))
    .limit(1);
  if (!user) return;
  await deps.db.transaction(async (tx) => {
    // Only the newest link works.
    await revokeTokens(tx, deps.clock, user.id, "reset_password");
    const { token, tokenHash } = await issueToken(tx, deps.clock, {
      userId: user.id,
      purpose: "reset_password",
      ttlMs: RESET_TOKEN_TTL_MS,
    });
    await enqueueEmail(tx, {
      template: "password-reset",
      to: email,
      props: {
        name: user.name.trim() ? user.name.trim().split(/\s+/)[0] : "there",
        resetUrl: `${deps.config.appUrl}/reset-password?token=${token}`,
      },
      idempotencyKey: `password-reset:${tokenHash}`,
    });
  });
}

export function checkResetToken(
  deps: Pick<AccountDeps, "db" | "clock">,
  token: string | null,
): Promise<{ ok: true } | { ok: false; problem: TokenProblem }> {
  return inspectToken(deps.db, deps.clock, "reset_password", token);
}

export async function resetPassword(
  deps: Pick<AccountDeps, "db" | "clock" | "hasher">,
  input: { token: string; password: string },
): Promise<Outcome<{ userId: number }> | { ok: false; problem: TokenProblem }> {
  const problem = passwordProblem(input.password);
  if (problem) {
    const valid = await checkResetToken(deps, input.token);
    return valid.ok ? { ok: false, fieldErrors: { password: problem } } : valid;
  }
  const passwordHash = await deps.hasher.hash(input.password);
  return deps.db.transaction(async (tx) => {
    const used = await consumeToken(tx, deps.clock, "reset_password", input.token);
    if (!used.ok) return used;
    await tx.update(users).set({ passwordHash, updatedAt: deps.clock.now() }).where(eq(users.id, used.userId));
    await revokeTokens(tx, deps.clock, used.userId, "reset_password");
    // A reset ends every session, including any an attacker may hold.
    await tx.delete(sessions).where(eq(sessions.userId, used.userId));
    return { ok: true as const, userId: used.userId };
  });
}
