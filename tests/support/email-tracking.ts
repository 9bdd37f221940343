import { eq } from "drizzle-orm";
import { emailOutbox, emailSuppressions, emailWebhookEvents } from "~/infra/db/schema";
import type { TestApp } from "./app";
import { placeTestOrder, variantId } from "./admin-fixtures";
import { signedInCustomer } from "./storefront";

// Shared by the delivery-tracking tests on Node and on workerd: a parent with an order, and the rows that show how
// its emails fared.

/** A new signed-in customer: their address and a Cookie header. */
export async function trackedCustomer(app: TestApp) {
  const shopper = await signedInCustomer(app);
  return { shopper, email: shopper.email!, cookie: [...shopper.cookies].map(([k, v]) => `${k}=${v}`).join("; ") };
}

/** An order placed for `email`, and its queued confirmation email. */
export async function orderWithConfirmation(app: TestApp, email: string) {
  const order = await placeTestOrder(app, {
    email,
    items: [{ item: { variantId: await variantId(app, "cottage-pie", 130) }, quantity: 1 }],
  });
  const [row] = await app.ctx.db.select().from(emailOutbox).where(eq(emailOutbox.orderNumber, order.number));
  return { order, row };
}

export async function outboxRow(app: TestApp, id: number) {
  const [r] = await app.ctx.db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
  return r;
}

export const suppressionsOf = (app: TestApp, email: string) =>
  app.ctx.db.select().from(emailSuppressions).where(eq(emailSuppressions.email, email));

/** Everything a webhook could change about one email: compared before and after a refused or replayed delivery. */
export const trackingSnapshot = async (app: TestApp, id: number) => ({
  row: await outboxRow(app, id),
  suppressions: await app.ctx.db.select().from(emailSuppressions),
  events: (await app.ctx.db.select().from(emailWebhookEvents)).length,
});
