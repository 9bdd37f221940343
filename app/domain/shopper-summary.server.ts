// What the page cache needs to know of a signed-in shopper (app/web/page-audience.server.ts), with the session check,
// in one statement: a page served from the cache costs this one read.
import { eq, sql } from "drizzle-orm";
import type { Clock } from "~/infra/clock.server";
import type { Db } from "~/infra/db/client.server";
import { cartItems, carts, children, sessions, users } from "~/infra/db/schema";
import { liveSession } from "~/infra/session.server";

export type ShopperSummary = {
  role: "customer" | "admin";
  email: string;
  name: string;
  cartItems: number;
  /** Child profiles, whose fit the catalogue pages show for each meal. */
  hasChildren: boolean;
};

/** The shopper a live session (by its row id, `sessionIdOf`) belongs to, or null. */
export async function getShopperSummary(db: Db, clock: Clock, sessionId: string): Promise<ShopperSummary | null> {
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
      role: users.role,
      email: users.email,
      name: users.name,
      items: sql<number>`(${items})`,
      kids: sql<boolean>`exists (${kids})`,
    })
    .from(sessions)
    .innerJoin(users, eq(sessions.userId, users.id))
    .where(liveSession(sessionId, clock.now()))
    .limit(1);
  if (!row?.email) return null;
  return { role: row.role, email: row.email, name: row.name, cartItems: Number(row.items), hasChildren: Boolean(row.kids) };
}
