import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, lt, or, isNotNull, sql } from "drizzle-orm";
import type { Clock } from "~/infra/clock.server";
import type { DbOrTx } from "~/infra/db/client.server";
import { users, verificationTokens } from "~/infra/db/schema";

// Single-use, expiring tokens for links we email (verify-email, reset-password). The link carries 256 random bits;
// the table keeps only their SHA-256, so a leaked table cannot be used to take over accounts.

export type TokenPurpose = "verify_email" | "reset_password";

export const hashToken = (raw: string) => createHash("sha256").update(raw).digest("hex");

export async function issueToken(
  db: DbOrTx,
  clock: Clock,
  opts: { userId: number; purpose: TokenPurpose; ttlMs: number; email?: string | null },
): Promise<{ token: string; tokenHash: string }> {
  const token = randomBytes(32).toString("base64url");
  const tokenHash = hashToken(token);
  await db.insert(verificationTokens).values({
    userId: opts.userId,
    purpose: opts.purpose,
    tokenHash,
    email: opts.email ?? null,
    expiresAt: new Date(clock.now().getTime() + opts.ttlMs),
  });
  return { token, tokenHash };
}

/**
 * issueToken for a user id that may not exist: the database inserts the row only if the user does, in the same single
 * statement either way (forgot-password runs it for unknown addresses too, so its work does not depend on them).
 */
export async function issueTokenIfUser(
  db: DbOrTx,
  clock: Clock,
  opts: { userId: number; purpose: TokenPurpose; ttlMs: number },
): Promise<{ token: string; tokenHash: string }> {
  const token = randomBytes(32).toString("base64url");
  const tokenHash = hashToken(token);
  const expiresAt = new Date(clock.now().getTime() + opts.ttlMs).toISOString();
  await db.execute(sql`
    insert into ${verificationTokens} (user_id, purpose, token_hash, expires_at)
    select ${users.id}, ${opts.purpose}, ${tokenHash}, ${expiresAt}::timestamptz from ${users} where ${users.id} = ${opts.userId}`);
  return { token, tokenHash };
}

export type TokenProblem = "invalid" | "expired" | "used";

/** Looks a token up without using it (to decide which page to show). */
export async function inspectToken(
  db: DbOrTx,
  clock: Clock,
  purpose: TokenPurpose,
  raw: string | null | undefined,
): Promise<{ ok: true; userId: number; email: string | null } | { ok: false; problem: TokenProblem }> {
  if (!raw || raw.length > 200) return { ok: false, problem: "invalid" };
  const [row] = await db
    .select()
    .from(verificationTokens)
    .where(and(eq(verificationTokens.tokenHash, hashToken(raw)), eq(verificationTokens.purpose, purpose)))
    .limit(1);
  if (!row) return { ok: false, problem: "invalid" };
  if (row.usedAt) return { ok: false, problem: "used" };
  if (row.expiresAt <= clock.now()) return { ok: false, problem: "expired" };
  return { ok: true, userId: row.userId, email: row.email };
}

/**
 * Uses a token exactly once: one conditional UPDATE, so two clicks racing each other cannot both succeed.
 * Call it inside the transaction that acts on the token.
 */
export async function consumeToken(
  db: DbOrTx,
  clock: Clock,
  purpose: TokenPurpose,
  raw: string,
): Promise<{ ok: true; userId: number; email: string | null } | { ok: false; problem: TokenProblem }> {
  const now = clock.now();
  const [row] = await db
    .update(verificationTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(verificationTokens.tokenHash, hashToken(raw)),
        eq(verificationTokens.purpose, purpose),
        isNull(verificationTokens.usedAt),
        gt(verificationTokens.expiresAt, now),
      ),
    )
    .returning({ userId: verificationTokens.userId, email: verificationTokens.email });
  if (row) return { ok: true, ...row };
  const seen = await inspectToken(db, clock, purpose, raw);
  return { ok: false, problem: seen.ok ? "used" : seen.problem };
}

/** Other outstanding tokens of that purpose stop working (a newer link or a completed reset supersedes them). */
export async function revokeTokens(db: DbOrTx, clock: Clock, userId: number, purpose: TokenPurpose) {
  await db
    .update(verificationTokens)
    .set({ usedAt: clock.now() })
    .where(
      and(eq(verificationTokens.userId, userId), eq(verificationTokens.purpose, purpose), isNull(verificationTokens.usedAt)),
    );
}

/** Housekeeping: tokens that expired or were used more than a day ago are deleted. */
export async function deleteStaleTokens(db: DbOrTx, clock: Clock) {
  const dayAgo = new Date(clock.now().getTime() - 24 * 60 * 60 * 1000);
  await db
    .delete(verificationTokens)
    .where(
      or(
        lt(verificationTokens.expiresAt, dayAgo),
        and(isNotNull(verificationTokens.usedAt), lt(verificationTokens.usedAt, dayAgo)),
      ),
    );
}
