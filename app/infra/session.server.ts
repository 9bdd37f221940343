import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, lt } from "drizzle-orm";
import type { Clock } from "./clock.server";
import type { Config } from "./config.server";
import type { Db } from "./db/client.server";
import { sessions, users } from "./db/schema";

// Server-side sessions (docs/architecture.md §7): the cookie carries a 256-bit random id, prefixed with the user id it was issued
// to; the table stores the SHA-256 of the whole value. The prefix proves nothing: it only lets a page start loading
// that user's rows while the session is checked (app/web/viewer.server.ts), and is thrown away unless the check agrees.
const BROWSER_SESSION_MS = 12 * 60 * 60 * 1000; // a browser-session cookie's row still expires
const PERSISTENT_SESSION_MS = 30 * 24 * 60 * 60 * 1000;

export type SessionUser = {
  id: number;
  email: string;
  name: string;
  role: "customer" | "admin";
  emailVerified: boolean;
  sessionId: string;
};

export function sessionCookieName(config: Pick<Config, "isProduction">) {
  return config.isProduction ? "__Host-lh_session" : "lh_session";
}

const hashId = (raw: string) => createHash("sha256").update(raw).digest("hex");

/** The sessions row id a cookie value stands for (its SHA-256), or null for a value no session could have. */
export function sessionIdOf(token: string | undefined): string | null {
  return token && token.length <= 100 ? hashId(token) : null;
}

/** The conditions of a live session of a usable account (with `sessions` joined to `users`). */
export const liveSession = (id: string, now: Date) =>
  and(eq(sessions.id, id), gt(sessions.expiresAt, now), isNull(users.disabledAt), isNull(users.deletedAt));

export async function createSession(
  db: Db,
  clock: Clock,
  userId: number,
  opts: { persistent: boolean; userAgent?: string | null },
): Promise<{ token: string; expiresAt: Date }> {
  const token = `${userId}.${randomBytes(32).toString("base64url")}`;
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + (opts.persistent ? PERSISTENT_SESSION_MS : BROWSER_SESSION_MS));
  await db.insert(sessions).values({
    id: hashId(token),
    userId,
    persistent: opts.persistent,
    userAgent: opts.userAgent?.slice(0, 200) ?? null,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
  });
  return { token, expiresAt };
}

export async function findSessionUser(db: Db, clock: Clock, token: string | undefined): Promise<SessionUser | null> {
  const id = sessionIdOf(token);
  if (id === null) return null;
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, verified: users.emailVerifiedAt })
    .from(sessions)
    .innerJoin(users, eq(sessions.userId, users.id))
    .where(liveSession(id, clock.now()))
    .limit(1);
  if (!row || !row.email) return null;
  return { id: row.id, email: row.email, name: row.name, role: row.role, emailVerified: row.verified !== null, sessionId: id };
}

/** The user id a session token names (unverified), or null for a token without one. */
export function claimedUserId(token: string | undefined): number | null {
  const match = token && /^([1-9]\d{0,9})\./.exec(token);
  return match ? Number(match[1]) : null;
}

export async function destroySession(db: Db, token: string | undefined) {
  if (token) await db.delete(sessions).where(eq(sessions.id, hashId(token)));
}

export async function destroyUserSessions(db: Db, userId: number, opts: { exceptSessionId?: string } = {}) {
  const rows = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId));
  const doomed = rows.map((r) => r.id).filter((id) => id !== opts.exceptSessionId);
  for (const id of doomed) await db.delete(sessions).where(eq(sessions.id, id));
  return doomed.length;
}

export async function deleteExpiredSessions(db: Db, clock: Clock) {
  await db.delete(sessions).where(lt(sessions.expiresAt, clock.now()));
}

export function readSessionToken(request: Request, config: Pick<Config, "isProduction">): string | undefined {
  return readCookie(request, sessionCookieName(config));
}

export function sessionCookie(
  config: Pick<Config, "isProduction">,
  token: string,
  opts: { persistent: boolean; expiresAt: Date },
) {
  const parts = [`${sessionCookieName(config)}=${token}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  if (config.isProduction) parts.push("Secure");
  if (opts.persistent) parts.push(`Expires=${opts.expiresAt.toUTCString()}`);
  return parts.join("; ");
}

export function clearedSessionCookie(config: Pick<Config, "isProduction">) {
  const parts = [`${sessionCookieName(config)}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0"];
  if (config.isProduction) parts.push("Secure");
  return parts.join("; ");
}

/** A value this app never wrote (bad escapes, control characters) reads as absent: a stray cookie is no error. */
function decodeCookieValue(raw: string): string | undefined {
  try {
    const value = decodeURIComponent(raw);
    return value.length <= 256 && !/[\x00-\x1f\x7f]/.test(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeCookieValue(part.slice(eq + 1).trim());
  }
  return undefined;
}
