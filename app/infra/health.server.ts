import { sql } from "drizzle-orm";
// Bundled with the build, so readiness reads no file at runtime (workerd has no filesystem).
import journal from "../../drizzle/meta/_journal.json";
import type { AppContext } from "./app-context";
import { emailOutbox, emailWebhookEvents } from "./db/schema";

/**
 * Readiness (docs/architecture.md §6), in the shape of the IETF "Health Check Response Format for HTTP APIs" draft
 * (application/health+json): an overall status and one entry per dependency with its observed latency.
 * Database or KV failing → "fail" (the route answers 503); email trouble → "warn" (still 200: orders can be taken,
 * emails wait in the outbox), including a Resend webhook silent for 24 h while emails were sent (tracking broken). Output names components by kind only — no URLs, hosts, keys or error texts that
 * could carry them.
 */

type HealthStatus = "pass" | "warn" | "fail";

export type HealthCheck = {
  componentType: "datastore" | "component";
  /** Which adapter answers (pglite | pg | neon, memory | ioredis | upstash, resend | outbox-files). */
  componentId: string;
  status: HealthStatus;
  observedValue?: number | string;
  observedUnit?: string;
  time: string;
  /** Short human explanation when not passing; never contains a hostname or credential. */
  output?: string;
};

export type Readiness = {
  status: HealthStatus;
  description: string;
  checks: Record<string, HealthCheck[]>;
};

const CHECK_TIMEOUT_MS = 1_000;

export type ReadinessDeps = Pick<AppContext, "db" | "kv" | "config" | "clock"> & Partial<Pick<AppContext, "mailer">>;

export async function checkReadiness(deps: ReadinessDeps, opts: { timeoutMs?: number } = {}): Promise<Readiness> {
  const timeoutMs = Math.min(opts.timeoutMs ?? CHECK_TIMEOUT_MS, CHECK_TIMEOUT_MS);
  const time = () => deps.clock.now().toISOString();
  const dbId = deps.config.mode.db;

  const tracked = deps.mailer?.kind === "resend";
  const [dbPing, migrations, kvPing, webhook] = await Promise.all([
    timed(() => deps.db.execute(sql`select 1`), timeoutMs),
    timed(() => migrationState(deps), timeoutMs),
    timed(() => deps.kv.ping(), timeoutMs),
    tracked ? timed(() => webhookState(deps), timeoutMs) : null,
  ]);

  const checks: Record<string, HealthCheck[]> = {
    "database:responseTime": [
      {
        componentType: "datastore",
        componentId: dbId,
        status: dbPing.ok ? "pass" : "fail",
        observedValue: dbPing.ms,
        observedUnit: "ms",
        time: time(),
        ...(dbPing.ok ? {} : { output: dbPing.timedOut ? `no answer within ${timeoutMs} ms` : "SELECT 1 failed" }),
      },
    ],
    "database:migrations": [migrationCheck(dbId, migrations, time(), timeoutMs)],
    "kv:responseTime": [
      {
        componentType: "datastore",
        componentId: deps.kv.kind,
        status: kvPing.ok ? "pass" : "fail",
        observedValue: kvPing.ms,
        observedUnit: "ms",
        time: time(),
        ...(kvPing.ok ? {} : { output: kvPing.timedOut ? `no answer within ${timeoutMs} ms` : "PING failed" }),
      },
    ],
    "email:provider": [emailCheck(deps, time())],
    ...(webhook ? { "email:webhook": [webhookCheck(deps, webhook, time())] } : {}),
  };

  const all = Object.values(checks).flat();
  const status: HealthStatus = all.some((c) => c.status === "fail")
    ? "fail"
    : all.some((c) => c.status === "warn")
      ? "warn"
      : "pass";
  return { status, description: "Little Harvest readiness", checks };
}

type Timed<T> = { ok: true; value: T; ms: number; timedOut: false } | { ok: false; ms: number; timedOut: boolean };

async function timed<T>(run: () => Promise<T>, timeoutMs: number): Promise<Timed<T>> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const TIMEOUT = Symbol("timeout");
  const deadline = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMEOUT), timeoutMs);
  });
  try {
    const work = run();
    work.catch(() => {}); // it may settle after we gave up on it
    const value = await Promise.race([work, deadline]);
    const ms = Math.round(performance.now() - started);
    if (value === TIMEOUT) return { ok: false, ms, timedOut: true };
    return { ok: true, value: value as T, ms, timedOut: false };
  } catch {
    return { ok: false, ms: Math.round(performance.now() - started), timedOut: false };
  } finally {
    clearTimeout(timer);
  }
}

type MigrationState = { expected: number; applied: number; upToDate: boolean };

/**
 * drizzle's migrator applies every journal entry whose `when` is newer than the newest `created_at` in
 * drizzle.__drizzle_migrations; "up to date" is the same comparison, so it agrees with what `migrate()` would do.
 */
async function migrationState(deps: Pick<AppContext, "db">): Promise<MigrationState> {
  const entries: Array<{ when: number }> = journal.entries;
  const result = await deps.db.execute(
    sql`select count(*)::int as applied, coalesce(max(created_at), 0)::bigint as latest from drizzle.__drizzle_migrations`,
  );
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{
    applied: number | string;
    latest: number | string;
  }>;
  const applied = Number(rows[0]?.applied ?? 0);
  const latest = Number(rows[0]?.latest ?? 0);
  const newest = entries.reduce((max, e) => Math.max(max, e.when), 0);
  return { expected: entries.length, applied, upToDate: latest >= newest };
}

function migrationCheck(componentId: string, m: Timed<MigrationState>, time: string, timeoutMs: number): HealthCheck {
  if (!m.ok) {
    return {
      componentType: "datastore",
      componentId,
      status: "fail",
      time,
      output: m.timedOut ? `no answer within ${timeoutMs} ms` : "could not read the migrations table",
    };
  }
  const { expected, applied, upToDate } = m.value;
  return {
    componentType: "datastore",
    componentId,
    status: upToDate ? "pass" : "fail",
    observedValue: applied,
    observedUnit: `of ${expected} migrations applied`,
    time,
    ...(upToDate ? {} : { output: "database schema is behind this release: run the migrations" }),
  };
}

function emailCheck(deps: ReadinessDeps, time: string): HealthCheck {
  const s = deps.mailer?.status();
  if (!s) return { componentType: "component", componentId: deps.config.mode.mail, status: "warn", time, output: "no mailer" };
  const base = { componentType: "component" as const, componentId: s.kind, time };
  if (!s.configured) return { ...base, status: "warn", output: "email provider is not configured" };
  if (s.consecutiveFailures > 0) {
    return {
      ...base,
      status: "warn",
      observedValue: s.consecutiveFailures,
      observedUnit: "consecutive failed sends",
      output: `last send failed at ${s.lastAttemptAt}; emails wait in the outbox and are retried`,
    };
  }
  return {
    ...base,
    status: "pass",
    observedValue: s.lastOutcome ?? "no sends yet",
    ...(s.lastSuccessAt ? { output: `last successful send ${s.lastSuccessAt}` } : {}),
  };
}

/** Resend reports every accepted email (at least `email.sent`) within seconds; a day of silence means tracking broke. */
const WEBHOOK_SILENCE_MS = 24 * 60 * 60_000;

type WebhookState = { lastEventAt: Date | null; oldestUntrackedSendAt: Date | null };

/** The newest webhook event, and the oldest email handed to Resend after it (the one waiting longest for news). */
async function webhookState(deps: Pick<AppContext, "db">): Promise<WebhookState> {
  const result = await deps.db.execute(sql`
    with last as (select max(${emailWebhookEvents.receivedAt}) as at from ${emailWebhookEvents})
    select (select at from last) as last_event_at,
           (select min(${emailOutbox.sentAt}) from ${emailOutbox}
             where ${emailOutbox.status} = 'sent' and ${emailOutbox.providerMessageId} is not null
               and ${emailOutbox.sentAt} > coalesce((select at from last), '-infinity'::timestamptz)) as oldest_untracked`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{
    last_event_at: string | Date | null;
    oldest_untracked: string | Date | null;
  }>;
  const date = (v: string | Date | null | undefined) => (v ? new Date(v) : null);
  return { lastEventAt: date(rows[0]?.last_event_at), oldestUntrackedSendAt: date(rows[0]?.oldest_untracked) };
}

function webhookCheck(deps: ReadinessDeps, w: Timed<WebhookState>, time: string): HealthCheck {
  const base = { componentType: "component" as const, componentId: "resend-webhook", time };
  if (!w.ok) return { ...base, status: "warn", output: "could not read the webhook events" };
  const { lastEventAt, oldestUntrackedSendAt } = w.value;
  const silentFor = oldestUntrackedSendAt ? deps.clock.now().getTime() - oldestUntrackedSendAt.getTime() : 0;
  if (silentFor > WEBHOOK_SILENCE_MS) {
    return {
      ...base,
      status: "warn",
      observedValue: Math.floor(silentFor / 3_600_000),
      observedUnit: "hours since an email was sent without any webhook event",
      output: `no delivery events from Resend since ${lastEventAt?.toISOString() ?? "ever"} although emails were sent: check the webhook and RESEND_WEBHOOK_SECRET`,
    };
  }
  return { ...base, status: "pass", ...(lastEventAt ? { output: `last webhook event ${lastEventAt.toISOString()}` } : {}) };
}
