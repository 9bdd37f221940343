import { z } from "zod";
import type { TrustProxy } from "./http/client-address.server";
import { parseRange, type IpRange } from "./http/ip-ranges";

const optionalUrl = (protocols: string[], hint: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === "" ? undefined : v))
    .refine((v) => {
      if (v === undefined) return true;
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, hint);

const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === "" ? undefined : v));

const bool = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

/** A rate-limit budget such as "20/1m" (20 requests per sliding minute; units ms, s, m, h), or "off". */
export type RateBudget = { limit: number; windowMs: number } | null;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
const rateBudget = (fallback: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((raw, ctx): RateBudget => {
      const v = raw || fallback;
      if (v === "off") return null;
      const m = /^(\d+)\s*\/\s*(\d*)\s*(ms|s|m|h)$/.exec(v);
      const limit = m ? Number(m[1]) : 0;
      const windowMs = m ? Number(m[2] || "1") * UNIT_MS[m[3] as keyof typeof UNIT_MS] : 0;
      if (!m || limit < 1 || windowMs < 1_000) {
        ctx.addIssue({ code: "custom", message: 'must look like "20/1m" (requests per window, window ≥ 1s) or "off"' });
        return z.NEVER;
      }
      return { limit, windowMs };
    });

const configSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    // Unset: every interface in production (behind a load balancer), loopback only otherwise — a development server,
    // whose metrics need no token, is not reachable from the network unless HOST says so.
    HOST: optionalString,
    // Host names (besides APP_URL's) a production server answers to; any other Host is refused (DNS rebinding).
    ALLOWED_HOSTS: z
      .string()
      .optional()
      .transform((v) =>
        (v ?? "")
          .split(",")
          .map((h) => h.trim().toLowerCase())
          .filter(Boolean),
      )
      .refine(
        (hosts) => hosts.every((h) => /^[a-z0-9.-]+$|^\[[0-9a-f:.]+\]$/.test(h)),
        "must be host names separated by commas, without ports",
      ),
    APP_URL: optionalUrl(["http:", "https:"], "must be an http(s) URL such as https://littleharvest.co.za"),
    DATA_DIR: z.string().min(1).default(".data"),
    DATABASE_URL: optionalUrl(["postgres:", "postgresql:"], "must be a postgres:// or postgresql:// URL"),
    DATABASE_DRIVER: z.enum(["auto", "pg", "neon"]).default("auto"),
    NEON_WS_PROXY: optionalString,
    NEON_HTTP_ENDPOINT: optionalUrl(["http:", "https:"], "must be an http(s) URL (local testing only)"),
    REDIS_URL: optionalUrl(["redis:", "rediss:"], "must be a redis:// or rediss:// URL"),
    UPSTASH_REDIS_REST_URL: optionalUrl(["http:", "https:"], "must be an https:// URL from the Upstash console"),
    UPSTASH_REDIS_REST_TOKEN: optionalString,
    KV_PREFIX: z.string().default("lh:"),
    RESEND_API_KEY: optionalString,
    RESEND_FROM: z.string().default("Little Harvest <orders@littleharvest.co.za>"),
    // Signing secret of the Resend webhook (whsec_…): POST /webhooks/resend answers 503 until it is set.
    RESEND_WEBHOOK_SECRET: optionalString.refine(
      (v) => v === undefined || /^whsec_[A-Za-z0-9+/=]+$/.test(v),
      "must be the signing secret Resend shows for the webhook (whsec_…)",
    ),
    RESEND_BASE_URL: optionalUrl(["http:", "https:"], "must be an http(s) URL such as https://api.resend.com"),
    ADMIN_EMAIL: z.string().email("must be an email address").default("admin@littleharvest.local"),
    ADMIN_PASSWORD: optionalString.refine((v) => v === undefined || v.length >= 12, "must be at least 12 characters"),
    METRICS_TOKEN: optionalString,
    // Sentry project DSN: unexpected errors are reported there too (redacted, with request and route ids).
    SENTRY_DSN: optionalUrl(["http:", "https:"], "must be a Sentry DSN such as https://key@o1.ingest.sentry.io/2"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    // The proxies in front of us: how many append to X-Forwarded-For ("true" = one), or the CIDR ranges they are
    // in; see client-address.server.ts.
    TRUST_PROXY: z
      .string()
      .trim()
      .optional()
      .transform((v, ctx): TrustProxy => {
        if (!v || v === "false") return { hops: 0 };
        if (v === "true") return { hops: 1 };
        if (/^\d{1,2}$/.test(v)) return { hops: Number(v) };
        const entries = v.split(",").map((s) => s.trim());
        const ranges = entries.map(parseRange);
        const bad = entries.find((_, i) => ranges[i] === null);
        if (bad === undefined) return { ranges: ranges as IpRange[] };
        ctx.addIssue({
          code: "custom",
          message: `must be "false", "true", a number of proxy hops such as 2, or CIDR ranges such as 10.0.0.0/8,::1/128 ("${bad.slice(0, 40)}" is not one)`,
        });
        return z.NEVER;
      }),
    // Stack traces in error pages and data responses: set only by `npm run dev`.
    DEBUG_ERRORS: bool,
    GOOGLE_CLIENT_ID: optionalString,
    GOOGLE_CLIENT_SECRET: optionalString,
    GOOGLE_ISSUER: optionalUrl(["http:", "https:"], "must be an http(s) URL").default("https://accounts.google.com"),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
    // Edge only: how often an isolate adds its counts to the shared metrics hash in the KV.
    METRICS_FLUSH_MS: z.coerce.number().int().min(0).max(300_000).default(10_000),
    // After SIGTERM: keep answering open keep-alive connections (with Connection: close) this long before closing them.
    SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).default(2_000),
    // Bounded waits (issue 16): Postgres cancels a statement / ends a transaction left open longer than these (0 = off).
    DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(5_000),
    DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
    // One KV command's deadline; after KV_CIRCUIT_FAILURES failures in a row the KV is skipped for the cool-down.
    KV_TIMEOUT_MS: z.coerce.number().int().min(10).max(5_000).default(250),
    KV_CIRCUIT_FAILURES: z.coerce.number().int().min(1).default(3),
    KV_CIRCUIT_COOLDOWN_MS: z.coerce.number().int().min(100).default(5_000),
    // Rate limits per route class, keyed by client IP (+ account when signed in); see rate-limit-middleware.server.ts.
    RATE_LIMIT_AUTH: rateBudget("20/1m"),
    RATE_LIMIT_CHECKOUT: rateBudget("10/1m"),
    RATE_LIMIT_POST: rateBudget("60/1m"),
    RATE_LIMIT_PAGES: rateBudget("300/1m"),
    RATE_LIMIT_WEBHOOKS: rateBudget("120/1m"),
    RATE_LIMIT_TIMEOUT_MS: z.coerce.number().int().min(0).max(5_000).default(300),
    // Peach Payments Hosted Checkout; card payments are off unless the entity id and secret token are both set.
    PEACH_ENTITY_ID: optionalString,
    PEACH_SECRET_TOKEN: optionalString,
    PEACH_CHECKOUT_URL: optionalUrl(
      ["http:", "https:"],
      "must be an http(s) URL such as https://testsecure.peachpayments.com/checkout",
    ).default("https://testsecure.peachpayments.com/checkout"),
    PEACH_API_URL: optionalUrl(["http:", "https:"], "must be an http(s) URL such as https://testapi.peachpayments.com").default(
      "https://testapi.peachpayments.com",
    ),
    // How often the Node server runs the payment jobs (release unpaid card orders, reconcile payments).
    PAYMENT_JOBS_INTERVAL_MS: z.coerce.number().int().min(1_000).default(60_000),
    // How long a cached catalogue read is fresh, then served stale while one request refreshes it.
    CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
    CACHE_SWR_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
    // Edge only: how long a finished anonymous catalogue page is kept in a Cloudflare location (0 = not kept): the bound
    // on how late an admin edit or a sell-out reaches those pages.
    EDGE_PAGE_TTL_SECONDS: z.coerce.number().int().min(0).max(3_600).default(30),
    // false: every catalog read goes to the database (benchmarks of the cold path; a lever during an incident).
    CACHE_ENABLED: z
      .enum(["true", "false", "1", "0", ""])
      .optional()
      .transform((v) => v !== "false" && v !== "0"),
    // Staging and other private copies: every response says X-Robots-Tag: noindex and robots.txt disallows all.
    NOINDEX: bool,
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.PEACH_ENTITY_ID) !== Boolean(env.PEACH_SECRET_TOKEN)) {
      const missing = env.PEACH_ENTITY_ID ? "PEACH_SECRET_TOKEN" : "PEACH_ENTITY_ID";
      ctx.addIssue({ code: "custom", path: [missing], message: "is required when the other PEACH_ variable is set" });
    }
    // Metrics carry revenue and runtime versions: never public in production.
    if (env.NODE_ENV === "production" && !env.METRICS_TOKEN) {
      ctx.addIssue({
        code: "custom",
        path: ["METRICS_TOKEN"],
        message: "is required when NODE_ENV=production (a long random string; Prometheus sends it as a bearer token)",
      });
    }
    if (env.UPSTASH_REDIS_REST_URL && !env.UPSTASH_REDIS_REST_TOKEN) {
      ctx.addIssue({
        code: "custom",
        path: ["UPSTASH_REDIS_REST_TOKEN"],
        message: "is required when UPSTASH_REDIS_REST_URL is set",
      });
    }
  });

type Env = z.infer<typeof configSchema>;

export type Config = Omit<Env, "HOST"> & {
  HOST: string;
  appUrl: string;
  isProduction: boolean;
  /** Which backend each part talks to, for logs and the status page. */
  mode: {
    db: "pglite" | "pg" | "neon";
    kv: "memory" | "ioredis" | "upstash";
    mail: "outbox-files" | "resend";
    payments: "peach" | "off";
  };
};

export class ConfigError extends Error {}

const issueLine = (issue: z.ZodIssue) => `${issue.path.join(".") || "environment"} ${issue.message}`;

/** Every problem the server would refuse to start with, one line each (`npm run preflight` lists them all). */
export function configIssues(env: Record<string, string | undefined>): string[] {
  const parsed = configSchema.safeParse(env);
  return parsed.success ? [] : parsed.error.issues.map(issueLine);
}

/** Parses the environment; throws ConfigError whose message is one line naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(`Invalid configuration: ${issueLine(parsed.error.issues[0])}`);
  }
  const e = parsed.data;
  return {
    ...e,
    HOST: e.HOST ?? (e.NODE_ENV === "production" ? "0.0.0.0" : "127.0.0.1"),
    appUrl: (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ""),
    isProduction: e.NODE_ENV === "production",
    mode: {
      db: !e.DATABASE_URL ? "pglite" : usesNeon(e) ? "neon" : "pg",
      kv: e.UPSTASH_REDIS_REST_URL ? "upstash" : e.REDIS_URL ? "ioredis" : "memory",
      mail: e.RESEND_API_KEY ? "resend" : "outbox-files",
      payments: e.PEACH_ENTITY_ID && e.PEACH_SECRET_TOKEN ? "peach" : "off",
    },
  };
}

function usesNeon(e: Env): boolean {
  if (e.DATABASE_DRIVER !== "auto") return e.DATABASE_DRIVER === "neon";
  return new URL(e.DATABASE_URL!).hostname.endsWith(".neon.tech");
}
