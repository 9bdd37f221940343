// Who a session belongs to, with what the header and the page cache need to know of them, in one statement: the
// root loader (signed in or not, cart count), the page loaders (the user) and the page cache (the audience) share it.
import { eq, sql } from "drizzle-orm";
import type { Clock } from "~/infra/clock.server";
import type { Db } from "~/infra/db/client.server";
import { cartItems, carts, children, sessions, users } from "~/infra/db/schema";
import { liveSession, type SessionUser } from "~/infra/session.server";

export type SessionShopper = {
  user: SessionUser;
  cartItems: number;
  /** Child profiles, whose fit the catalogue pages show for each meal. */
  hasChildren: boolean;
};

/** The shopper a live session (by its row id, `sessionIdOf`) belongs to, or null. */
export async function findSessionShopper(db: Db, clock: Clock, sessionId: string): Promise<SessionShopper | null> {
  const items = db
    .select({ n: sql<number>`coalesce(sum(${cartItems.quantity}), 0)::int` })
    .from(cartItems)
    .innerJoin(carts, eq(carts.id, cartItems.cartId))
    .where(eq(carts.userId, users.id));
  const kids = db
    .select({ one: sql`1` })
    .from(children)
    .where(eq(children.userId, users.id));
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      verified: users.emailVerifiedAt,
      items: sql<number>`(${items})`,
      kids: sql<boolean>`exists (${kids})`,
    })
    .from(sessions)
    .innerJoin(users, eq(sessions.userId, users.id))
    .where(liveSession(sessionId, clock.now()))
    .limit(1);
  if (!row?.email) return null;
  const { id, email, name, role } = row;
  return {
    user: { id, email, name, role, emailVerified: row.verified !== null, sessionId },
    cartItems: Number(row.items),
    hasChildren: Boolean(row.kids),
  };
}
