// Applies drizzle/ migrations to the configured database (PGlite under DATA_DIR when DATABASE_URL is unset).
import "./load-dotenv";
import { loadConfig } from "../app/infra/config.server";
import { createDb } from "../app/infra/db/client.server";
import { lockDataDirOrExit } from "../app/infra/data-dir-lock.server";

const config = loadConfig();
if (config.mode.db === "pglite") lockDataDirOrExit(config.DATA_DIR); // never beside a running server
const handle = await createDb({
  driver: config.mode.db,
  url: config.DATABASE_URL,
  dataDir: config.DATA_DIR,
  neonWsProxy: config.NEON_WS_PROXY,
});
await handle.migrate();
await handle.close();
console.log(`migrations applied (${handle.driver})`);
