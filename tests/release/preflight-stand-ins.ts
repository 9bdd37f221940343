import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { seed } from "~/domain/seed.server";
import { loadConfig } from "~/infra/config.server";
import { createTestDb, createTestKv } from "../support/backends";
import { fetchWithHosts } from "../support/hosts-fetch";
import { startNeonApiStandIn } from "../support/neon-api-stand-in";
import { startNeonWsBridge } from "../support/neon-ws-bridge";
import { startServerProcess } from "../support/node-server";
import { freePort, privateRedis } from "../support/ops";
import { startPeachStandIn } from "../support/peach-stand-in";
import { startResendStandIn } from "../support/resend-stand-in";
import { startSentryStandIn } from "../support/sentry-stand-in";
import { selfSignedCertificate, startTlsProxy } from "../support/tls";
import type { PreflightContext, Target } from "../../scripts/preflight/context";
import { runPreflight } from "../../scripts/preflight/run";

/** A production configuration whose every service is a local stand-in or a real local server. */
export const OWNER = { email: "owner@littleharvest.co.za", password: "kale-sprout-Umbrella-71-quietly" };
export const METRICS_TOKEN = "9f3c1e7a5b2d48e6a0c4f1b3d5e7a9c2f4b6d8e0a1c3e5f7";
export const LIVE_PEACH = { checkout: "https://secure.peachpayments.com", api: "https://api.peachpayments.com" };
export const SANDBOX_PEACH = { checkout: "https://testsecure.peachpayments.com", api: "https://testapi.peachpayments.com" };
const NEON_CONSOLE = "https://console.neon.tech";

export async function startProductionStandIns() {
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  const later = <T>(value: T, cleanup: (v: T) => Promise<unknown> | unknown) => (cleanups.push(() => cleanup(value)), value);

  const db = later(await createTestDb("pg"), (d) => d.cleanup()) as Awaited<ReturnType<typeof createTestDb>> & { url: string };
  await seed(db.dbHandle.db, { adminEmail: OWNER.email, adminPassword: OWNER.password, demoCustomer: false });
  // Append-only file on, never evicting: what docs/go-live.md asks of a self-hosted Redis.
  const redis = later(await privateRedis({ args: ["--appendonly", "yes", "--maxmemory-policy", "noeviction"] }), (r) => r.stop());
  const resend = later(await startResendStandIn(), (r) => r.close());
  resend.domains.push({ name: "staging.littleharvest.co.za", status: "pending" });
  const peach = later(await startPeachStandIn(), (p) => p.close());
  const sentry = later(await startSentryStandIn(), (s) => s.close());
  const neonApi = later(
    await startNeonApiStandIn({
      apiKey: "neon-api-key-preflight",
      projectId: "little-harvest-prod",
      historyRetentionSeconds: 7 * 86400,
    }),
    (n) => n.close(),
  );

  // A backup as the nightly job makes it: scripts/backup.sh against the shop's database.
  const backupDir = later(mkdtempSync(path.join(tmpdir(), "lh-backups-")), (d) => rmSync(d, { recursive: true, force: true }));
  execFileSync("bash", ["scripts/backup.sh", db.url, path.join(backupDir, "lh-20261207T010000Z.dump")], { stdio: "ignore" });

  const certificate = selfSignedCertificate(90);
  const port = await freePort();
  const proxy = later(await startTlsProxy(certificate, port), (p) => p.close());

  const env: Record<string, string> = {
    NODE_ENV: "production",
    APP_URL: proxy.url,
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    KV_PREFIX: `lh_pf_${port}:`,
    RESEND_API_KEY: resend.apiKey,
    RESEND_BASE_URL: resend.url,
    RESEND_FROM: "Little Harvest <orders@littleharvest.co.za>",
    RESEND_WEBHOOK_SECRET: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    ADMIN_EMAIL: OWNER.email,
    ADMIN_PASSWORD: OWNER.password,
    METRICS_TOKEN,
    SENTRY_DSN: sentry.dsn,
    PEACH_ENTITY_ID: peach.entityId,
    PEACH_SECRET_TOKEN: peach.secretToken,
    PEACH_CHECKOUT_URL: `${LIVE_PEACH.checkout}/checkout`,
    PEACH_API_URL: LIVE_PEACH.api,
    BACKUP_DIR: backupDir,
    TRUST_PROXY: "1",
  };
  // The shop itself, built, as production runs it, behind the TLS proxy.
  const server = startServerProcess({ ...env, PORT: String(port), LOG_LEVEL: "info", PAYMENT_JOBS_INTERVAL_MS: "600000" }, port);
  later(server, async (s) => {
    s.child.kill("SIGTERM");
    await s.exited;
  });
  await server.ready;

  const fetch = fetchWithHosts({
    [LIVE_PEACH.checkout]: peach.url,
    [LIVE_PEACH.api]: peach.url,
    [SANDBOX_PEACH.checkout]: peach.url,
    [SANDBOX_PEACH.api]: peach.url,
    [NEON_CONSOLE]: neonApi.url,
  });

  /** Runs the list against `env` with `changes` applied (a value of undefined removes the variable). */
  function preflight(
    changes: Record<string, string | undefined> = {},
    opts: Partial<Pick<PreflightContext, "ca" | "alertRules" | "sendTestEvent">> & { target?: Target; only?: string[] } = {},
  ) {
    const e: Record<string, string | undefined> = { ...env, ...changes };
    for (const [k, v] of Object.entries(e)) if (v === undefined) delete e[k];
    let config = null;
    try {
      config = loadConfig(e);
    } catch {
      // the env row says why
    }
    return runPreflight(
      {
        env: e,
        config,
        target: opts.target ?? "production",
        now: () => new Date(),
        fetch,
        ca: "ca" in opts ? opts.ca : certificate.cert,
        sendTestEvent: opts.sendTestEvent ?? false,
        promtool: ["/usr/bin/promtool", "/usr/local/bin/promtool"].find((p) => existsSync(p)) ?? null,
        alertRules: opts.alertRules ?? { rules: "ops/prometheus/alerts.yml" },
      },
      { only: opts.only },
    );
  }

  return {
    env,
    db,
    resend,
    sentry,
    neonApi,
    certificate,
    backupDir,
    preflight,
    /** The Neon flavour: the Neon driver through the WebSocket bridge, Upstash through the REST bridge. */
    async neonEnv() {
      const bridge = later(await startNeonWsBridge(), (b) => b.close());
      const kv = later(await createTestKv("upstash"), (k) => k.cleanup());
      return {
        DATABASE_DRIVER: "neon",
        NEON_WS_PROXY: bridge.proxy,
        REDIS_URL: undefined,
        UPSTASH_REDIS_REST_URL: kv.upstash!.url,
        UPSTASH_REDIS_REST_TOKEN: kv.upstash!.token,
        NEON_API_KEY: "neon-api-key-preflight",
        NEON_PROJECT_ID: "little-harvest-prod",
        BACKUP_DIR: undefined,
      };
    },
    /** Adds a clean-up to run at close (a broken configuration's own servers). */
    later,
    async close() {
      for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => {});
    },
  };
}

export type ProductionStandIns = Awaited<ReturnType<typeof startProductionStandIns>>;
