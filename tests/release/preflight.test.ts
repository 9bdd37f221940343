import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "~/domain/seed.server";
import { createTestDb } from "../support/backends";
import { freePort, privateRedis } from "../support/ops";
import { selfSignedCertificate, startHttpsServer, startTlsProxy } from "../support/tls";
import type { Row } from "../../scripts/preflight/rows";
import { METRICS_TOKEN, SANDBOX_PEACH, startProductionStandIns, type ProductionStandIns } from "./preflight-stand-ins";

let s: ProductionStandIns;
beforeAll(async () => {
  s = await startProductionStandIns();
}, 180_000);
afterAll(() => s?.close());

const byId = (rows: Row[]) => Object.fromEntries(rows.map((r) => [r.id, r]));
const hasPromtool = spawnSync("promtool", ["--version"]).status === 0;

describe("preflight against a production configuration of stand-ins", () => {
  it("passes every row it can check: ✓, and – only where nothing can be checked from here", async () => {
    const rows = byId(await s.preflight());
    // Not a Neon host, so pooling is the operator's to check; everything else is checked live.
    const handChecked = ["pooling", ...(hasPromtool ? [] : ["alert-rules"])];
    for (const row of Object.values(rows)) {
      expect({ id: row.id, status: row.status, detail: row.detail }).toMatchObject({
        id: row.id,
        status: handChecked.includes(row.id) ? "skip" : "pass",
      });
    }
    expect(rows.backups.detail).toMatch(/newest lh-20261207T010000Z\.dump/);
    expect(rows.tls.detail).toMatch(/valid for localhost, (89|90) more days/);
    expect(rows["peach-mode"].detail).toBe("live, as production should");
    expect(rows.pooling.detail).toMatch(/not a Neon host/);
  });

  it("passes the Neon flavour: Neon driver, Upstash, and the restore window from Neon's API", async () => {
    const only = ["database", "migrations", "backups", "kv", "kv-persistence", "kv-eviction", "demo-customer"];
    const rows = byId(await s.preflight(await s.neonEnv(), { only }));
    expect(rows.database).toMatchObject({ status: "pass", detail: expect.stringMatching(/^neon: PostgreSQL/) });
    expect(rows.migrations.status).toBe("pass");
    expect(rows.backups).toMatchObject({ status: "pass", detail: "point-in-time restore window 7 days" });
    expect(rows.kv).toMatchObject({ status: "pass", detail: expect.stringMatching(/^Upstash REST, PING \d+ ms$/) });
    expect(rows["kv-eviction"]).toMatchObject({ status: "skip", detail: expect.stringMatching(/Eviction off/) });
  });

  it("sends Sentry a test event only when asked", async () => {
    await s.preflight({}, { only: ["sentry"] });
    expect(s.sentry.events).toHaveLength(0);
    const row = byId(await s.preflight({}, { only: ["sentry"], sendTestEvent: true })).sentry;
    expect(row.detail).toMatch(/test event [0-9a-f]{32} sent/);
    expect(s.sentry.events).toHaveLength(1);
  });
});

describe("npm run preflight", () => {
  // Asynchronous: the shop's TLS proxy lives in this process and must keep answering meanwhile.
  const cli = (args: string[], extraCa: string) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const env = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_EXTRA_CA_CERTS: extraCa,
        NODE_ENV: "production" as const,
      };
      execFile("npx", ["tsx", "scripts/preflight.ts", ...args], { env }, (error, stdout, stderr) =>
        resolve({ status: error ? Number(error.code) : 0, stdout, stderr }),
      );
    });
  let tmp: string | undefined;
  const dir = () =>
    (tmp ??= s.later(mkdtempSync(path.join(tmpdir(), "lh-preflight-cli-")), (d) => rmSync(d, { recursive: true, force: true })));
  it("reads --env-file, prints one line per row, answers --json, and exits 1 on any ✗", async () => {
    const ca = path.join(dir(), "ca.pem");
    writeFileSync(ca, s.certificate.cert);
    const envFile = (changes: Record<string, string>) => {
      const file = path.join(dir(), `${Object.keys(changes).join("-") || "good"}.env`);
      const lines = Object.entries({ ...s.env, ...changes }).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
      writeFileSync(file, lines.join("\n"));
      return file;
    };
    const only = "--only=env,metrics-token,database,migrations,admin-password,kv,tls,probes";

    const good = await cli(["--env-file", envFile({}), only], ca);
    expect(good.status, good.stdout + good.stderr).toBe(0);
    const lines = good.stdout.trim().split("\n");
    expect(lines.filter((l) => l.startsWith("✓ "))).toHaveLength(8);
    expect(lines.filter((l) => l.startsWith("– "))).toHaveLength(14);
    expect(lines.at(-1)).toBe("ready (14 to check by hand)");

    const bad = await cli(["--env-file", envFile({ METRICS_TOKEN: "short" }), only, "--json"], ca);
    expect(bad.status).toBe(1);
    const report = JSON.parse(bad.stdout) as { ready: boolean; rows: Row[] };
    expect(report.ready).toBe(false);
    expect(report.rows.filter((r) => r.status === "fail").map((r) => r.id)).toEqual(["metrics-token"]);
  });

  it("--wrangler-vars staging: the worker's vars from wrangler.toml, its secrets from the file", async () => {
    const secretsOnly = path.join(dir(), "staging-secrets.env");
    const { DATABASE_URL, RESEND_API_KEY, SENTRY_DSN, ADMIN_EMAIL } = s.env;
    const secrets = { DATABASE_URL, RESEND_API_KEY, SENTRY_DSN, ADMIN_EMAIL, METRICS_TOKEN, UPSTASH_REDIS_REST_TOKEN: "t" };
    writeFileSync(
      secretsOnly,
      Object.entries(secrets)
        .map(([k, v]) => `${k}=${v}`)
        .join("\n"),
    );
    const run = await cli(
      ["--env-file", secretsOnly, "--wrangler-vars", "staging", "--target", "staging", "--only", "env", "--json"],
      "",
    );
    const env = (JSON.parse(run.stdout) as { rows: Row[] }).rows.find((r) => r.id === "env")!;
    expect(env).toMatchObject({ status: "pass", detail: "valid for staging: db=pg kv=upstash mail=resend payments=off" });
  });
});

type Broken = {
  row: string;
  why: string;
  reason: RegExp;
  env?: () => Promise<Record<string, string | undefined>> | Record<string, string | undefined>;
  opts?: () => Promise<Parameters<ProductionStandIns["preflight"]>[1]> | Parameters<ProductionStandIns["preflight"]>[1];
};

/** A database that went wrong in three ways: a migration missing, the demo parent present, the admin's password generated. */
async function spoiledDatabase() {
  const db = s.later(await createTestDb("pg"), (d) => d.cleanup());
  await seed(db.dbHandle.db, { adminEmail: "owner@littleharvest.co.za", demoCustomer: true });
  await db.dbHandle.db.execute(
    sql`delete from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations)`,
  );
  return db.url;
}
let spoiled: Promise<string | undefined> | undefined;
const spoiledUrl = () => (spoiled ??= spoiledDatabase()) as Promise<string>;

let shortLived: { cert: string; key: string };
const closedPort = async () => String(await freePort());

/** An HTTPS site with a good certificate that is not the shop: no security headers, metrics for all, not ready. */
async function impostor() {
  const site = await startHttpsServer(s.certificate, (req, res) => {
    if (req.url === "/api/system-status")
      return res.writeHead(503, { "content-type": "application/json" }).end('{"status":"fail"}');
    res.writeHead(200, { "content-type": "text/plain" }).end("lh_http_requests_total 1\n");
  });
  s.later(site, (x) => x.close());
  return { APP_URL: site.url };
}

const BROKEN: Broken[] = [
  {
    row: "env",
    why: "development mode",
    env: () => ({ NODE_ENV: "development" }),
    reason: /NODE_ENV is "development", not production/,
  },
  {
    row: "env",
    why: "a value the server refuses",
    env: () => ({ RATE_LIMIT_AUTH: "lots" }),
    reason: /server would refuse to start: RATE_LIMIT_AUTH must look like/,
  },
  {
    row: "metrics-token",
    why: "a short token",
    env: () => ({ METRICS_TOKEN: "metrics123" }),
    reason: /10 characters; use 32\+ random ones/,
  },
  {
    row: "metrics-token",
    why: "a long but guessable token",
    env: () => ({ METRICS_TOKEN: "a".repeat(40) }),
    reason: /looks guessable/,
  },
  {
    row: "database",
    why: "nothing listening",
    env: async () => ({ DATABASE_URL: `postgres://postgres@127.0.0.1:${await closedPort()}/x` }),
    reason: /ECONNREFUSED/,
  },
  {
    row: "migrations",
    why: "the last migration not applied",
    env: async () => ({ DATABASE_URL: await spoiledUrl() }),
    reason: /pending: 0\d{3}_\w+ \(npm run db:migrate\)/,
  },
  {
    row: "pooling",
    why: "Neon's direct endpoint",
    env: () => ({ DATABASE_URL: "postgresql://app:pw@ep-quiet-lake-a1b2c3.eu-central-1.aws.neon.tech/neondb?sslmode=require" }),
    reason: /ep-quiet-lake-a1b2c3 is Neon's direct endpoint/,
  },
  {
    row: "backups",
    why: "the newest backup is three days old",
    env: () => {
      const dir = s.later(mkdtempSync(path.join(tmpdir(), "lh-old-backups-")), (d) =>
        rmSync(d, { recursive: true, force: true }),
      );
      writeFileSync(path.join(dir, "lh-20261204T010000Z.dump"), "PGDMP");
      const old = new Date(Date.now() - 72 * 3_600_000);
      utimesSync(path.join(dir, "lh-20261204T010000Z.dump"), old, old);
      return { BACKUP_DIR: dir };
    },
    reason: /newest backup lh-20261204T010000Z\.dump is 72 h old/,
  },
  {
    row: "backups",
    why: "Neon keeps one hour of history",
    env: async () => {
      s.neonApi.project.historyRetentionSeconds = 3600;
      return s.neonEnv();
    },
    reason: /restore window only 1 hours/,
  },
  {
    row: "demo-customer",
    why: "the demo parent was seeded",
    env: async () => ({ DATABASE_URL: await spoiledUrl() }),
    reason: /demo customer parent@example\.com exists/,
  },
  {
    row: "admin-password",
    why: "the seed generated the admin's password",
    env: async () => ({ DATABASE_URL: await spoiledUrl(), ADMIN_PASSWORD: undefined }),
    reason: /owner@littleharvest\.co\.za still has the password it was created with/,
  },
  {
    row: "kv",
    why: "nothing listening",
    env: async () => ({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}` }),
    reason: /ECONNREFUSED|Connection is closed/,
  },
  {
    row: "kv-persistence",
    why: "no AOF, no snapshots",
    env: async () => ({ REDIS_URL: s.later(await privateRedis(), (r) => r.stop()).url }),
    reason: /neither AOF nor RDB snapshots/,
  },
  {
    row: "kv-eviction",
    why: "allkeys-lru",
    env: async () => ({
      REDIS_URL: s.later(await privateRedis({ args: ["--maxmemory-policy", "allkeys-lru"] }), (r) => r.stop()).url,
    }),
    reason: /maxmemory-policy allkeys-lru may evict any key/,
  },
  {
    row: "resend-key",
    why: "a revoked key",
    env: () => ({ RESEND_API_KEY: "re_revoked_0000" }),
    reason: /Resend refused the key: validation_error API key is invalid/,
  },
  {
    row: "resend-domain",
    why: "sending from a domain still pending",
    env: () => ({ RESEND_FROM: "Little Harvest <orders@staging.littleharvest.co.za>" }),
    reason: /staging\.littleharvest\.co\.za is "pending" in Resend/,
  },
  {
    row: "resend-domain",
    why: "sending from a domain not on the account",
    env: () => ({ RESEND_FROM: "orders@example.org" }),
    reason: /example\.org \(RESEND_FROM\) is not a domain on this Resend account/,
  },
  {
    row: "resend-webhook",
    why: "no webhook secret",
    env: () => ({ RESEND_WEBHOOK_SECRET: undefined }),
    reason: /RESEND_WEBHOOK_SECRET unset/,
  },
  {
    row: "peach-credentials",
    why: "the wrong secret token",
    env: () => ({ PEACH_SECRET_TOKEN: "0".repeat(32) }),
    reason: /Peach refused the entity id or its signature \(800\.900\.300\)/,
  },
  {
    row: "peach-mode",
    why: "sandbox Peach in production",
    env: () => ({ PEACH_CHECKOUT_URL: `${SANDBOX_PEACH.checkout}/checkout`, PEACH_API_URL: SANDBOX_PEACH.api }),
    reason: /sandbox Peach on production: use live/,
  },
  {
    row: "sentry",
    why: "a DSN with a revoked key",
    env: () => ({ SENTRY_DSN: s.env.SENTRY_DSN.replace("publickey@", "revoked@") }),
    reason: /Sentry refused the DSN: HTTP 401/,
  },
  {
    row: "alert-rules",
    why: "a rule that does not parse",
    opts: () => {
      const dir = s.later(mkdtempSync(path.join(tmpdir(), "lh-rules-")), (d) => rmSync(d, { recursive: true, force: true }));
      writeFileSync(
        path.join(dir, "alerts.yml"),
        "groups:\n  - name: x\n    rules:\n      - alert: Broken\n        expr: rate(lh_http_requests_total[5m]\n",
      );
      return { alertRules: { rules: path.join(dir, "alerts.yml") } };
    },
    reason: /promtool: .*(parse error|unclosed)/i,
  },
  {
    row: "tls",
    why: "a certificate with 7 days left",
    env: async () => {
      shortLived = selfSignedCertificate(7);
      const proxy = s.later(await startTlsProxy(shortLived, Number(new URL(s.env.APP_URL).port)), (p) => p.close());
      return { APP_URL: proxy.url };
    },
    opts: () => ({ ca: shortLived.cert }),
    reason: /certificate expires in 6 days .*renew before going live/,
  },
  { row: "tls", why: "a certificate nobody vouches for", opts: () => ({ ca: undefined }), reason: /self[- ]signed certificate/ },
  {
    row: "headers",
    why: "a site without security headers",
    env: impostor,
    reason: /no Strict-Transport-Security; no Content-Security-Policy/,
  },
  { row: "probes", why: "readiness failing", env: impostor, reason: /readiness \/api\/system-status answered 503 \(fail\)/ },
  { row: "metrics-guard", why: "metrics open to anyone", env: impostor, reason: /answers without a token/ },
  {
    row: "metrics-guard",
    why: "a token the deployment does not have",
    env: () => ({ METRICS_TOKEN: `${METRICS_TOKEN.slice(1)}x` }),
    reason: /with METRICS_TOKEN answered 401/,
  },
];

describe("preflight against broken configurations: each fails on its own row, with its reason", () => {
  it.each(BROKEN)("$row ✗ — $why", async (broken) => {
    if (broken.row === "alert-rules" && !hasPromtool) return; // nothing to run the rules with (CI installs it)
    const env = (await broken.env?.()) ?? {};
    const opts = { ...(await broken.opts?.()), only: [broken.row] };
    const row = byId(await s.preflight(env, opts))[broken.row];
    expect(row).toMatchObject({ id: broken.row, status: "fail" });
    expect(row.detail).toMatch(broken.reason);
  });
});
