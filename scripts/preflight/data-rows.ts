// Rows about the database: reachable, migrated, pooled (Neon), backed up, and holding no demo or default accounts.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { createDb, type DbHandle } from "../../app/infra/db/client.server";
import { packagedCommonPasswords } from "../../app/infra/passwords/packaged-common-passwords.server";
import { nodeHasher } from "../../app/infra/passwords/node-hasher.server";
import { passwordProblem } from "../../app/domain/passwords.server";
import { DEMO_CUSTOMER_EMAIL } from "../../app/domain/seed.server";
import { neonProject } from "../neon-api";
import type { PreflightContext } from "./context";
import { fail, pass, skip, type Outcome } from "./rows";

const BACKUP_MAX_AGE_HOURS = 26; // a daily job, with two hours' slack
const PITR_MIN_SECONDS = 24 * 3600; // a bad release found the next morning can still be undone

export function openDatabase(ctx: PreflightContext): Promise<DbHandle> | null {
  const c = ctx.config;
  if (!c || c.mode.db === "pglite") return null;
  return createDb({ driver: c.mode.db, url: c.DATABASE_URL, dataDir: "", neonWsProxy: c.NEON_WS_PROXY, poolSize: 2 });
}

async function rows<T>(db: DbHandle, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

export async function checkDatabase(ctx: PreflightContext, db: DbHandle): Promise<Outcome> {
  const started = performance.now();
  const [row] = await rows<{ version: string }>(db, sql`select current_setting('server_version') as version`);
  const ms = Math.round(performance.now() - started);
  return pass(`${db.driver}: PostgreSQL ${row.version}, first query ${ms} ms`);
}

/** Every migration in drizzle/ applied, by drizzle's own record (its hash is the SHA-256 of the SQL file). */
export async function checkMigrations(_ctx: PreflightContext, db: DbHandle): Promise<Outcome> {
  const folder = path.resolve("drizzle");
  const journal = JSON.parse(readFileSync(path.join(folder, "meta/_journal.json"), "utf8")) as {
    entries: { tag: string; when: number }[];
  };
  const applied = await rows<{ hash: string; created_at: string }>(
    db,
    sql`select hash, created_at from drizzle.__drizzle_migrations`,
  ).catch(() => [] as { hash: string; created_at: string }[]);
  const hashes = new Set(applied.map((r) => r.hash));
  const missing = journal.entries.filter((e) => {
    const hash = createHash("sha256")
      .update(readFileSync(path.join(folder, `${e.tag}.sql`), "utf8"))
      .digest("hex");
    return !hashes.has(hash);
  });
  if (missing.length)
    return fail(
      `${journal.entries.length - missing.length} of ${journal.entries.length} applied; pending: ${missing.map((e) => e.tag).join(", ")} (npm run db:migrate)`,
    );
  const extra = applied.length - journal.entries.length;
  return pass(
    `all ${journal.entries.length} applied${extra > 0 ? ` (+${extra} newer than this code: expand-then-contract)` : ""}`,
  );
}

export function checkPooling(ctx: PreflightContext): Outcome {
  const c = ctx.config;
  if (!c?.DATABASE_URL) return skip("no DATABASE_URL");
  const host = new URL(c.DATABASE_URL).hostname;
  if (host.endsWith(".neon.tech"))
    return host.split(".")[0].endsWith("-pooler")
      ? pass(`Neon pooled endpoint (${host.split(".")[0]})`)
      : fail(
          `${host.split(".")[0]} is Neon's direct endpoint: use the pooled one (…-pooler) for the app, direct only for migrations`,
        );
  return skip(
    `not a Neon host: each instance pools ${c.mode.db === "neon" ? "over WebSockets" : "10 connections"}; keep instances × 10 below max_connections`,
  );
}

export async function checkBackups(ctx: PreflightContext): Promise<Outcome> {
  const c = ctx.config;
  if (!c?.DATABASE_URL) return skip("no DATABASE_URL");
  const isNeon = c.mode.db === "neon" || new URL(c.DATABASE_URL).hostname.endsWith(".neon.tech");
  return isNeon ? neonRestoreWindow(ctx) : newestBackup(ctx);
}

async function neonRestoreWindow(ctx: PreflightContext): Promise<Outcome> {
  const api = neonProject(ctx.env, ctx.fetch);
  if (!api)
    return skip(
      "set NEON_API_KEY and NEON_PROJECT_ID to check, or read Settings → Storage → history retention (≥ 1 day) in the Neon console",
    );
  const { ok, status, body } = await api<{ project?: { history_retention_seconds?: number } }>("");
  if (!ok) return fail(`Neon API answered ${status}${body.message ? `: ${body.message}` : ""}`);
  const seconds = body.project?.history_retention_seconds ?? 0;
  const window = seconds >= 86400 ? `${+(seconds / 86400).toFixed(1)} days` : `${+(seconds / 3600).toFixed(1)} hours`;
  return seconds >= PITR_MIN_SECONDS
    ? pass(`point-in-time restore window ${window}`)
    : fail(`point-in-time restore window only ${window}; raise history retention to at least 1 day`);
}

/** scripts/backup.sh writes `<dir>/lh-<UTC stamp>.dump`; the newest one must be recent. */
function newestBackup(ctx: PreflightContext): Outcome {
  const dir = ctx.env.BACKUP_DIR;
  if (!dir) return skip("set BACKUP_DIR to where scripts/backup.sh writes, or check the backup job's last run by hand");
  let files: { name: string; mtime: Date; size: number }[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith(".dump"))
      .map((name) => {
        const st = statSync(path.join(dir, name));
        return { name, mtime: st.mtime, size: st.size };
      });
  } catch {
    return fail(`BACKUP_DIR ${dir} cannot be read`);
  }
  const newest = files.filter((f) => f.size > 0).sort((a, b) => b.mtime.getTime() - a.mtime.getTime())[0];
  if (!newest) return fail(`no backup (*.dump) in ${dir}: schedule scripts/backup.sh`);
  const hours = (ctx.now().getTime() - newest.mtime.getTime()) / 3_600_000;
  return hours <= BACKUP_MAX_AGE_HOURS
    ? pass(`newest ${newest.name}, ${hours.toFixed(1)} h old`)
    : fail(`newest backup ${newest.name} is ${hours.toFixed(0)} h old (limit ${BACKUP_MAX_AGE_HOURS} h)`);
}

export async function checkDemoCustomer(_ctx: PreflightContext, db: DbHandle): Promise<Outcome> {
  const found = await rows<{ id: number }>(
    db,
    sql`select id from users where email = ${DEMO_CUSTOMER_EMAIL} and deleted_at is null`,
  );
  return found.length
    ? fail(`the demo customer ${DEMO_CUSTOMER_EMAIL} exists (its password is in the README): delete it in /admin/customers`)
    : pass("no demo customer");
}

type AdminRow = { email: string; password_hash: string | null; created_at: Date; updated_at: Date };

/**
 * The seed generates the admin's password when ADMIN_PASSWORD is unset and prints it once, into whatever log the
 * deploy keeps. A password change or reset moves `updated_at`, so an admin untouched since the seed is still on it.
 */
export async function checkAdminPassword(ctx: PreflightContext, db: DbHandle): Promise<Outcome> {
  const admins = await rows<AdminRow>(
    db,
    sql`select email, password_hash, created_at, updated_at from users
        where role = 'admin' and deleted_at is null and disabled_at is null`,
  );
  if (!admins.length) return fail("no admin account: run npm run db:seed with ADMIN_EMAIL and ADMIN_PASSWORD set");
  const configured = ctx.env.ADMIN_PASSWORD?.trim();
  for (const admin of admins) {
    if (!admin.password_hash) continue; // Google sign-in only
    if (configured && (await nodeHasher.verify(admin.password_hash, configured))) {
      const problem = await passwordProblem(packagedCommonPasswords, configured, admin.email);
      if (problem) return fail(`${admin.email} signs in with ADMIN_PASSWORD, which is weak: ${problem}`);
      continue;
    }
    if (new Date(admin.updated_at).getTime() === new Date(admin.created_at).getTime())
      return fail(
        `${admin.email} still has the password it was created with, and it is not ADMIN_PASSWORD: the seed generated it (and printed it to a log); change it in /account`,
      );
  }
  return pass(`${admins.length} admin account${admins.length > 1 ? "s" : ""}, none on a generated or weak password`);
}
