// The "Ready for Production" list, row by row; every row runs (a failure in one never hides another).
import type { DbHandle } from "../../app/infra/db/client.server";
import { checkEnvironment, checkMetricsToken, checkWebhookSecret } from "./config-rows";
import type { PreflightContext } from "./context";
import {
  checkAdminPassword,
  checkBackups,
  checkDatabase,
  checkDemoCustomer,
  checkMigrations,
  checkPooling,
  openDatabase,
} from "./data-rows";
import { checkKv, checkKvEviction, checkKvPersistence, openRedis } from "./kv-rows";
import {
  checkPeachCredentials,
  checkPeachMode,
  checkResendDomain,
  checkResendKey,
  checkSentry,
  listResendDomains,
} from "./provider-rows";
import { checkAlertRules, checkCertificate, checkMetricsGuard, checkProbes, checkSecurityHeaders } from "./public-rows";
import { fail, guarded, reason, skip, type Outcome, type Row } from "./rows";

type Check = { id: string; title: string; run: () => Promise<Outcome> | Outcome };

export async function runPreflight(ctx: PreflightContext, select: { only?: string[]; skip?: string[] } = {}): Promise<Row[]> {
  // Opened once the selection is known good; the rows below only use them when they run.
  let dbOpening: Promise<DbHandle | Error> | null = null;
  let redis: ReturnType<typeof openRedis> = null;
  // One GET /domains for both Resend rows, asked only when one of them runs.
  let resendDomains: Promise<Awaited<ReturnType<typeof listResendDomains>> | Error> | undefined;
  /** A row that needs the database: ✗ with the connection's error when it could not be opened. */
  const withDb = (fn: (ctx: PreflightContext, db: DbHandle) => Promise<Outcome>) => async (): Promise<Outcome> => {
    if (!ctx.config) return fail("configuration invalid (see the env row)");
    if (!dbOpening) return skip("embedded PGlite: check with the server stopped");
    const db = await dbOpening;
    return db instanceof Error ? fail(`database unreachable: ${reason(db)}`) : fn(ctx, db);
  };
  const withResend = (fn: (list: Awaited<ReturnType<typeof listResendDomains>>) => Outcome) => async () => {
    const list = await (resendDomains ??= listResendDomains(ctx).catch((e: unknown) => e as Error));
    return list instanceof Error ? fail(`Resend unreachable: ${reason(list)}`) : fn(list);
  };
  const needsConfig = (fn: () => Promise<Outcome> | Outcome) => () => (ctx.config ? fn() : fail("configuration invalid"));

  const checks: Check[] = [
    { id: "env", title: "Environment valid for production", run: () => checkEnvironment(ctx) },
    { id: "metrics-token", title: "METRICS_TOKEN strong", run: () => checkMetricsToken(ctx) },
    { id: "database", title: "Database reachable", run: withDb(checkDatabase) },
    { id: "migrations", title: "Every migration applied", run: withDb(checkMigrations) },
    { id: "pooling", title: "Connection pooling (Neon)", run: () => checkPooling(ctx) },
    { id: "backups", title: "Backups / restore window", run: () => checkBackups(ctx) },
    { id: "demo-customer", title: "No demo customer", run: withDb(checkDemoCustomer) },
    { id: "admin-password", title: "Admin not on a generated password", run: withDb(checkAdminPassword) },
    { id: "kv", title: "Redis / Upstash reachable", run: () => checkKv(ctx, redis) },
    { id: "kv-persistence", title: "Redis persistence", run: () => checkKvPersistence(ctx, redis) },
    { id: "kv-eviction", title: "Redis eviction policy", run: () => checkKvEviction(ctx, redis) },
    { id: "resend-key", title: "Resend API key valid", run: withResend(checkResendKey) },
    { id: "resend-domain", title: "Resend sending domain verified", run: withResend((l) => checkResendDomain(ctx, l)) },
    { id: "resend-webhook", title: "Resend webhook secret set", run: () => checkWebhookSecret(ctx) },
    { id: "peach-credentials", title: "Peach credentials valid", run: needsConfig(() => checkPeachCredentials(ctx)) },
    { id: "peach-mode", title: "Peach sandbox/live matches", run: needsConfig(() => checkPeachMode(ctx)) },
    { id: "sentry", title: "Sentry DSN accepted", run: needsConfig(() => checkSentry(ctx)) },
    { id: "alert-rules", title: "Alert rules valid", run: () => checkAlertRules(ctx) },
    { id: "tls", title: "HTTPS certificate ≥ 14 days", run: needsConfig(() => checkCertificate(ctx)) },
    { id: "headers", title: "HSTS and CSP present", run: needsConfig(() => checkSecurityHeaders(ctx)) },
    { id: "probes", title: "Liveness and readiness pass", run: needsConfig(() => checkProbes(ctx)) },
    { id: "metrics-guard", title: "Metrics refuse without token", run: needsConfig(() => checkMetricsGuard(ctx)) },
  ];
  const unknown = [...(select.only ?? []), ...(select.skip ?? [])].filter((id) => !checks.some((c) => c.id === id));
  if (unknown.length) throw new Error(`no such row: ${unknown.join(", ")} (rows: ${checks.map((c) => c.id).join(", ")})`);
  dbOpening = openDatabase(ctx)?.catch((e: unknown) => e as Error) ?? null;
  redis = openRedis(ctx);
  const chosen = (id: string) => (!select.only?.length || select.only.includes(id)) && !select.skip?.includes(id);
  try {
    return await Promise.all(
      checks.map(async (c): Promise<Row> => {
        const outcome = chosen(c.id) ? await guarded(async () => c.run()) : skip("not run (--only / --skip)");
        return { id: c.id, title: c.title, ...outcome };
      }),
    );
  } finally {
    redis?.disconnect();
    const db = await dbOpening;
    if (db && !(db instanceof Error)) await db.close().catch(() => {});
  }
}
