// A signed-in page's data costs the session check plus whatever is keyed by the user: two round trips, one after the
// other (~80 ms each from the edge to Neon). The session cookie names the user it was issued to, so the page's reads
// start for that user while the session itself is checked, and the page pays one round trip. The name proves nothing:
// what was read for a user the check does not confirm is thrown away, errors included, and read again for the real
// viewer. So `load` must only read.
import type { AppLoadContext } from "~/infra/app-context";
import { claimedUserId, readSessionToken, type SessionUser } from "~/infra/session.server";
import { getUser, requireUser } from "./guards.server";

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

const settle = <T>(run: () => Promise<T>): Promise<Settled<T>> =>
  Promise.resolve()
    .then(run)
    .then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );

const unwrap = <T>(s: Settled<T>): T => {
  if (!s.ok) throw s.error;
  return s.value;
};

const claimOf = (request: Request, context: AppLoadContext) => claimedUserId(readSessionToken(request, context.config));

/** The signed-in user (or null) and what `load` reads for them (null: an anonymous visitor), in one round trip. */
export async function withViewer<T>(
  request: Request,
  context: AppLoadContext,
  load: (userId: number | null) => Promise<T>,
): Promise<[SessionUser | null, T]> {
  const claimed = claimOf(request, context);
  const [user, guess] = await Promise.all([getUser(request, context), settle(() => load(claimed))]);
  const actual = user?.id ?? null;
  return [user, actual === claimed ? unwrap(guess) : await load(actual)];
}

/** As withViewer, for pages only a signed-in user may see: anonymous visitors are sent to log in. */
export async function withSignedInViewer<T>(
  request: Request,
  context: AppLoadContext,
  load: (userId: number) => Promise<T>,
): Promise<[SessionUser, T]> {
  const claimed = claimOf(request, context);
  if (claimed === null) {
    const user = await requireUser(request, context);
    return [user, await load(user.id)];
  }
  const [user, guess] = await Promise.all([requireUser(request, context), settle(() => load(claimed))]);
  return [user, user.id === claimed ? unwrap(guess) : await load(user.id)];
}
