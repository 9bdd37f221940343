// Seeds reference data, the admin and (outside production) the demo customer. Safe to run twice.
import "./load-dotenv";
import { loadConfig } from "../app/infra/config.server";
import { createDb } from "../app/infra/db/client.server";
import { lockDataDirOrExit } from "../app/infra/data-dir-lock.server";
import { seed } from "../app/domain/seed.server";

const config = loadConfig();
if (config.mode.db === "pglite") lockDataDirOrExit(config.DATA_DIR); // never beside a running server
const handle = await createDb({
  driver: config.mode.db,
  url: config.DATABASE_URL,
  dataDir: config.DATA_DIR,
  neonWsProxy: config.NEON_WS_PROXY,
});
const result = await seed(handle.db, {
  adminEmail: config.ADMIN_EMAIL,
  adminPassword: config.ADMIN_PASSWORD,
  demoCustomer: !config.isProduction,
});
await handle.close();
if (result.generatedAdminPassword)
  console.log(`Admin account created: ${config.ADMIN_EMAIL} / ${result.generatedAdminPassword} (shown once)`);
console.log(`seed complete (${handle.driver})`);
