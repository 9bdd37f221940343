// A migrated, empty PGlite cluster as a gzipped tarball. Loading it skips PGlite's initdb (~6 s idle, far more on a
// busy machine), so the embedded first start and every test file begin from it. Rebuilt only when drizzle/ changes.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const MIGRATIONS = "drizzle";

function migrationsKey() {
  const hash = createHash("sha256");
  const walk = (dir) => {
    for (const name of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, name.name);
      if (name.isDirectory()) walk(file);
      else hash.update(file).update(readFileSync(file));
    }
  };
  walk(MIGRATIONS);
  return hash.digest("hex");
}

export async function writePgliteSnapshot(file) {
  const key = migrationsKey();
  if (existsSync(file) && existsSync(`${file}.key`) && readFileSync(`${file}.key`, "utf8") === key) return;
  // As in app/infra/db/client.server.ts: V8's baseline code for Postgres' WebAssembly, no background recompiles.
  (await import("node:v8")).setFlagsFromString("--liftoff-only");
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const client = await PGlite.create();
  try {
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS });
    const tarball = await client.dumpDataDir("gzip");
    writeFileSync(file, new Uint8Array(await tarball.arrayBuffer()));
    writeFileSync(`${file}.key`, key);
  } finally {
    await client.close();
  }
}
