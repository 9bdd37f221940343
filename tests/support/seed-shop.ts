import { seed } from "~/domain/seed.server";
import type { Db } from "~/infra/db/client.server";

/** The admin every test shop is seeded with. */
export const TEST_ADMIN = { email: "admin@littleharvest.test", password: "admin-password-123" };

/** A test database seeded as a first start would: reference data, the catalogue, TEST_ADMIN and the demo parent. */
export function seedTestShop(db: Db, opts: { demoCustomer?: boolean } = {}) {
  return seed(db, { adminEmail: TEST_ADMIN.email, adminPassword: TEST_ADMIN.password, demoCustomer: opts.demoCustomer ?? true });
}
