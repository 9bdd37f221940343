// Account rules: sign-up, credentials, email verification and change, profile, password change, addresses and
// Google account linking. Knows nothing of HTTP; every read and write is scoped to the owner's user id.
import { and, asc, count, desc, eq, gt, isNull, ne } from "drizzle-orm";
import type { Clock } from "~/infra/clock.server";
import type { Config } from "~/infra/config.server";
import type { Db, DbOrTx } from "~/infra/db/client.server";
import { addresses, sessions, users } from "~/infra/db/schema";
import { destroyUserSessions } from "~/infra/session.server";
import { consumeToken, issueToken, revokeTokens } from "./account-tokens.server";
import { invalidField } from "./domain-error";
import { enqueueEmail } from "./email-outbox.server";
import { suppressionOf } from "./email-suppressions.server";
import type { CommonPasswords } from "~/infra/passwords/common-passwords";
import type { PasswordHasher } from "~/infra/passwords/hasher";
import { passwordProblem } from "./passwords.server";

export type AccountDeps = {
  db: Db;
  clock: Clock;
  config: Pick<Config, "appUrl">;
  hasher: PasswordHasher;
  commonPasswords: CommonPasswords;
};

/** The signed-in account vanished under the request (deleted in another tab): the form says so (400). */
export const accountGone = () => invalidField("form", "Your account could not be found.");
/** A password check that failed: beside the current-password field. */
export const wrongCurrentPassword = () => invalidField("currentPassword", "That is not your current password.");

const VERIFY_EMAIL_TTL_MS = 24 * 60 * 60 * 1000;

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

const greetingName = (name: string | null | undefined) => (name && name.trim() ? name.trim().split(/\s+/)[0] : "there");

// A real argon2id hash of a random string: verifying against it costs the same as a real account, so the
// response time does not tell whether an email is registered.
// One per hasher (each runtime has one), made on first use; the hash, never the promise of it (nothing crosses
// requests on workerd), so concurrent first callers each make one.
const dummyHashes = new WeakMap<PasswordHasher, string>();
async function timingDummy(hasher: PasswordHasher): Promise<string> {
  let dummy = dummyHashes.get(hasher);
  if (!dummy) dummyHashes.set(hasher, (dummy = await hasher.hash(`no-such-account-${Math.random()}`)));
  return dummy;
}

/** `next`: where the shopper was going when they signed up (a path on this site), kept through the link. */
async function queueVerification(
  tx: DbOrTx,
  deps: AccountDeps,
  user: { id: number; name: string },
  email: string,
  next?: string | null,
) {
  await revokeTokens(tx, deps.clock, user.id, "verify_email");
  const { token, tokenHash } = await issueToken(tx, deps.clock, {
    userId: user.id,
    purpose: "verify_email",
    ttlMs: VERIFY_EMAIL_TTL_MS,
    email,
  });
  await enqueueEmail(tx, {
    template: "verify-email",
    to: email,
    props: {
      name: greetingName(user.name),
      verifyUrl: `${deps.config.appUrl}/verify-email?token=${token}${next ? `&next=${encodeURIComponent(next)}` : ""}`,
      expiresIn: "24 hours",
    },
    idempotencyKey: `verify-email:${tokenHash}`,
  });
}

function queueWelcome(tx: DbOrTx, deps: AccountDeps, user: { id: number; name: string | null }, email: string) {
  return enqueueEmail(tx, {
    template: "welcome",
    to: email,
    props: { name: greetingName(user.name), shopUrl: `${deps.config.appUrl}/shop` },
    idempotencyKey: `welcome:${user.id}`,
  });
}

// ---------- sign-up and sign-in ----------

/**
 * A new account (one email: confirm your address, with `redirectTo` kept in the link; the welcome follows once the
 * address is confirmed), or — when the address already has one — a note to its owner instead (`notifyExisting` false
 * skips it: the recipient's mail limit is used up). Either way the caller answers the same, so the form cannot be used
 * to learn who has an account. Only a password problem is reported.
 */
export async function signUp(
  deps: AccountDeps,
  input: { name: string; email: string; password: string; redirectTo?: string | null },
  opts: { notifyExisting: boolean },
): Promise<void> {
  const problem = await passwordProblem(deps.commonPasswords, input.password, input.email);
  if (problem) throw invalidField("password", problem);
  const email = normalizeEmail(input.email);
  const passwordHash = await deps.hasher.hash(input.password);
  await deps.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(users)
      .values({ email, name: input.name.trim(), passwordHash, role: "customer" })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id, name: users.name });
    if (!created) {
      const [owner] = await tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.email, email));
      if (owner && opts.notifyExisting) {
        await enqueueEmail(tx, {
          template: "account-exists",
          to: email,
          props: {
            name: greetingName(owner.name),
            loginUrl: `${deps.config.appUrl}/login`,
            forgotUrl: `${deps.config.appUrl}/forgot-password`,
          },
          idempotencyKey: `account-exists:${owner.id}:${deps.clock.now().getTime()}`,
        });
      }
      return;
    }
    await queueVerification(tx, deps, created, email, input.redirectTo);
  });
}

/** The user id when email and password match an active account; null otherwise (same work either way). */
export async function verifyCredentials(
  deps: Pick<AccountDeps, "db" | "hasher">,
  email: string,
  password: string,
): Promise<number | null> {
  const [row] = await deps.db
    .select({ id: users.id, hash: users.passwordHash, disabledAt: users.disabledAt, deletedAt: users.deletedAt })
    .from(users)
    .where(eq(users.email, normalizeEmail(email)))
    .limit(1);
  if (!row || !row.hash) {
    await deps.hasher.verify(await timingDummy(deps.hasher), password);
    return null;
  }
  const ok = await deps.hasher.verify(row.hash, password);
  if (!ok || row.disabledAt || row.deletedAt) return null;
  return row.id;
}

// ---------- the account page ----------

export async function getAccount(deps: Pick<AccountDeps, "db">, userId: number) {
  const [row] = await deps.db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      phone: users.phone,
      role: users.role,
      emailVerifiedAt: users.emailVerifiedAt,
      hasPassword: users.passwordHash,
      googleLinked: users.googleSub,
    })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.deletedAt)))
    .limit(1);
  if (!row) return null;
  const suppression = await suppressionOf(deps.db, row.email);
  return {
    ...row,
    /** Our mail to this address bounced or was marked as spam: nothing reaches it until the address changes. */
    emailSuppressed: suppression?.reason ?? null,
    hasPassword: row.hasPassword !== null,
    googleLinked: row.googleLinked !== null,
    emailVerified: row.emailVerifiedAt !== null,
  };
}

/** The "Password and security" page: how the account signs in and how many other devices hold a session; null when gone. */
export async function getSecurityPage(deps: Pick<AccountDeps, "db" | "clock">, userId: number, currentSessionId: string) {
  const [account, otherSessions] = await Promise.all([
    getAccount(deps, userId),
    countOtherSessions(deps, userId, currentSessionId),
  ]);
  return (
    account && {
      hasPassword: account.hasPassword,
      googleLinked: account.googleLinked,
      otherSessions,
      isAdmin: account.role === "admin",
    }
  );
}

export async function updateProfile(
  deps: Pick<AccountDeps, "db" | "clock">,
  userId: number,
  input: { name: string; phone: string | null },
) {
  await deps.db
    .update(users)
    .set({ name: input.name, phone: input.phone, updatedAt: deps.clock.now() })
    .where(eq(users.id, userId));
}

/** False when no link was sent because mail to the address is suppressed (the page says what to do instead). */
export async function resendVerification(deps: AccountDeps, userId: number): Promise<boolean> {
  const account = await getAccount(deps, userId);
  if (account?.emailSuppressed) return false;
  if (!account?.email || account.emailVerified) return true;
  await deps.db.transaction((tx) => queueVerification(tx, deps, { id: userId, name: account.name }, account.email!));
  return true;
}

/** A new address takes effect once the link sent to it is opened; until then the old one stays. */
export async function requestEmailChange(
  deps: AccountDeps,
  userId: number,
  input: { newEmail: string; currentPassword: string },
): Promise<void> {
  const [row] = await deps.db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!row) throw accountGone();
  const newEmail = normalizeEmail(input.newEmail);
  if (row.passwordHash && !(await deps.hasher.verify(row.passwordHash, input.currentPassword))) throw wrongCurrentPassword();
  if (newEmail === row.email) throw invalidField("newEmail", "That is already your email address.");
  const [taken] = await deps.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.email, newEmail), ne(users.id, userId)));
  if (taken) throw invalidField("newEmail", "Another account already uses that email address.");
  // The confirmation link could never arrive: say so now rather than "we've sent a link".
  if (await suppressionOf(deps.db, newEmail))
    throw invalidField("newEmail", "Our emails to that address bounced or were marked as spam. Use another address.");
  await deps.db.transaction((tx) => queueVerification(tx, deps, row, newEmail));
}

export type VerifyEmailResult =
  { ok: true; emailChanged: boolean } | { ok: false; problem: "invalid" | "expired" | "used" | "taken" };

export async function verifyEmail(deps: AccountDeps, rawToken: string | null): Promise<VerifyEmailResult> {
  if (!rawToken) return { ok: false, problem: "invalid" };
  return deps.db.transaction(async (tx) => {
    const used = await consumeToken(tx, deps.clock, "verify_email", rawToken);
    if (!used.ok) return used;
    const [row] = await tx
      .select({ email: users.email, name: users.name, deletedAt: users.deletedAt, verifiedAt: users.emailVerifiedAt })
      .from(users)
      .where(eq(users.id, used.userId));
    if (!row || row.deletedAt) return { ok: false as const, problem: "invalid" as const };
    const email = used.email ?? row.email;
    const emailChanged = email !== row.email;
    if (emailChanged) {
      const [taken] = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.email, email!), ne(users.id, used.userId)));
      if (taken) return { ok: false as const, problem: "taken" as const };
    }
    await tx
      .update(users)
      .set({ email, emailVerifiedAt: deps.clock.now(), updatedAt: deps.clock.now() })
      .where(eq(users.id, used.userId));
    // The first confirmation of a new account: now the welcome (never two emails before the address is known good).
    if (!emailChanged && !row.verifiedAt) await queueWelcome(tx, deps, { id: used.userId, name: row.name }, email!);
    return { ok: true as const, emailChanged };
  });
}

/** How many other live sessions (devices, browsers) the user has besides this one. */
async function countOtherSessions(
  deps: Pick<AccountDeps, "db" | "clock">,
  userId: number,
  currentSessionId: string,
): Promise<number> {
  const [{ n }] = await deps.db
    .select({ n: count() })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), ne(sessions.id, currentSessionId), gt(sessions.expiresAt, deps.clock.now())));
  return Number(n);
}

/** Needs the current password (when the account has one); every other session of the user ends. */
export async function changePassword(
  deps: Pick<AccountDeps, "db" | "clock" | "hasher" | "commonPasswords">,
  userId: number,
  input: { currentPassword: string; newPassword: string; keepSessionId: string },
): Promise<void> {
  const [row] = await deps.db.select({ hash: users.passwordHash, email: users.email }).from(users).where(eq(users.id, userId));
  if (!row) throw accountGone();
  if (row.hash && !(await deps.hasher.verify(row.hash, input.currentPassword))) throw wrongCurrentPassword();
  const problem = await passwordProblem(deps.commonPasswords, input.newPassword, row.email ?? undefined);
  if (problem) throw invalidField("newPassword", problem);
  const passwordHash = await deps.hasher.hash(input.newPassword);
  await deps.db.update(users).set({ passwordHash, updatedAt: deps.clock.now() }).where(eq(users.id, userId));
  await destroyUserSessions(deps.db, userId, { exceptSessionId: input.keepSessionId });
}

// ---------- addresses ----------

/** A delivery address as the form's schema (web/forms/account-fields.server.ts) hands it over. */
export type AddressInput = {
  label: string;
  recipientName: string;
  phone: string;
  line1: string;
  line2: string | null;
  suburb: string;
  city: string;
  postalCode: string;
  instructions: string | null;
};

export function listAddresses(deps: Pick<AccountDeps, "db">, userId: number) {
  return deps.db
    .select()
    .from(addresses)
    .where(eq(addresses.userId, userId))
    .orderBy(desc(addresses.isDefault), asc(addresses.id));
}

export async function addAddress(deps: Pick<AccountDeps, "db">, userId: number, input: AddressInput & { makeDefault: boolean }) {
  await deps.db.transaction(async (tx) => {
    const existing = await tx.select({ id: addresses.id }).from(addresses).where(eq(addresses.userId, userId));
    const isDefault = input.makeDefault || existing.length === 0;
    if (isDefault) await tx.update(addresses).set({ isDefault: false }).where(eq(addresses.userId, userId));
    const { makeDefault: _ignored, ...values } = input;
    await tx.insert(addresses).values({ ...values, userId, isDefault });
  });
}

/** False when the address is not this user's (nothing changes). */
export async function deleteAddress(deps: Pick<AccountDeps, "db">, userId: number, addressId: number): Promise<boolean> {
  const removed = await deps.db
    .delete(addresses)
    .where(and(eq(addresses.id, addressId), eq(addresses.userId, userId)))
    .returning({ isDefault: addresses.isDefault });
  if (removed.length === 0) return false;
  if (removed[0].isDefault) {
    const [next] = await deps.db
      .select({ id: addresses.id })
      .from(addresses)
      .where(eq(addresses.userId, userId))
      .orderBy(asc(addresses.id))
      .limit(1);
    if (next) await deps.db.update(addresses).set({ isDefault: true }).where(eq(addresses.id, next.id));
  }
  return true;
}

export async function setDefaultAddress(deps: Pick<AccountDeps, "db">, userId: number, addressId: number): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    const [mine] = await tx
      .select({ id: addresses.id })
      .from(addresses)
      .where(and(eq(addresses.id, addressId), eq(addresses.userId, userId)));
    if (!mine) return false;
    await tx.update(addresses).set({ isDefault: false }).where(eq(addresses.userId, userId));
    await tx.update(addresses).set({ isDefault: true }).where(eq(addresses.id, addressId));
    return true;
  });
}

// ---------- Google sign-in ----------

export type GoogleProfile = { sub: string; email: string | null; emailVerified: boolean; name: string | null };

/**
 * The account for a Google identity: the one already linked to it; else the account with the same email when Google
 * vouches for that email (linking it); else a new account. An unverified Google email never links or creates.
 */
type GoogleRefusal = "disabled" | "unverified" | "conflict";
export type GoogleOutcome = { ok: true; userId: number; created: boolean } | { ok: false; reason: GoogleRefusal };

export async function signInWithGoogle(deps: AccountDeps, profile: GoogleProfile): Promise<GoogleOutcome> {
  const [linked] = await deps.db
    .select({ id: users.id, disabledAt: users.disabledAt, deletedAt: users.deletedAt })
    .from(users)
    .where(eq(users.googleSub, profile.sub))
    .limit(1);
  if (linked) {
    if (linked.disabledAt || linked.deletedAt) return { ok: false, reason: "disabled" };
    return { ok: true, userId: linked.id, created: false };
  }
  if (!profile.email || !profile.emailVerified) {
    return { ok: false, reason: "unverified" };
  }
  const email = normalizeEmail(profile.email);
  return deps.db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: users.id, disabledAt: users.disabledAt, verified: users.emailVerifiedAt, googleSub: users.googleSub })
      .from(users)
      .where(eq(users.email, email))
      .limit(1);
    if (existing) {
      if (existing.disabledAt) return { ok: false as const, reason: "disabled" as const };
      if (existing.googleSub) return { ok: false as const, reason: "conflict" as const };
      await tx
        .update(users)
        .set({ googleSub: profile.sub, emailVerifiedAt: existing.verified ?? deps.clock.now(), updatedAt: deps.clock.now() })
        .where(eq(users.id, existing.id));
      return { ok: true as const, userId: existing.id, created: false };
    }
    const name = (profile.name ?? "").trim().slice(0, 100);
    const [created] = await tx
      .insert(users)
      .values({ email, name, googleSub: profile.sub, emailVerifiedAt: deps.clock.now(), role: "customer" })
      .returning({ id: users.id });
    await queueWelcome(tx, deps, { id: created.id, name }, email);
    return { ok: true as const, userId: created.id, created: true };
  });
}
