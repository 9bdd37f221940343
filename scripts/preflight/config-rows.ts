// Rows about the configuration itself: the server's own zod schema, then what production needs beyond it.
import { configIssues } from "../../app/infra/config.server";
import type { PreflightContext } from "./context";
import { fail, pass, type Outcome } from "./rows";

const DEFAULT_ADMIN_EMAIL = "admin@littleharvest.local";

/** The variables a production shop cannot go without, beyond what the server refuses to start without. */
function productionGaps(ctx: PreflightContext): string[] {
  const c = ctx.config!;
  const gaps: string[] = [];
  if (c.NODE_ENV !== "production") gaps.push(`NODE_ENV is "${c.NODE_ENV}", not production`);
  if (!c.APP_URL?.startsWith("https://")) gaps.push("APP_URL must be the public https:// origin");
  if (!c.DATABASE_URL) gaps.push("DATABASE_URL unset (embedded PGlite is one instance with its data on local disk)");
  if (c.mode.kv === "memory") gaps.push("no REDIS_URL or UPSTASH_REDIS_REST_URL (rate limits and caches per instance)");
  if (!c.RESEND_API_KEY) gaps.push("RESEND_API_KEY unset (emails would only be written to files)");
  if (!c.SENTRY_DSN) gaps.push("SENTRY_DSN unset (unexpected errors reach only the logs)");
  if (c.ADMIN_EMAIL === DEFAULT_ADMIN_EMAIL) gaps.push("ADMIN_EMAIL is the default .local address");
  if (c.DEBUG_ERRORS) gaps.push("DEBUG_ERRORS is on (stack traces in pages)");
  if (c.NEON_WS_PROXY || c.NEON_HTTP_ENDPOINT) gaps.push("NEON_WS_PROXY / NEON_HTTP_ENDPOINT are for local testing only");
  if (ctx.target === "staging" && !c.NOINDEX) gaps.push("NOINDEX must be true on staging");
  if (ctx.target === "production" && c.NOINDEX) gaps.push("NOINDEX is set: search engines would drop the shop");
  return gaps;
}

export function checkEnvironment(ctx: PreflightContext): Outcome {
  const issues = configIssues(ctx.env);
  if (issues.length) return fail(`the server would refuse to start: ${issues.join("; ")}`);
  const gaps = productionGaps(ctx);
  if (gaps.length) return fail(gaps.join("; "));
  const m = ctx.config!.mode;
  return pass(`valid for ${ctx.target}: db=${m.db} kv=${m.kv} mail=${m.mail} payments=${m.payments}`);
}

/** Rough strength of a random token: length × log2(alphabet the token draws on). */
function tokenBits(token: string): number {
  let alphabet = 0;
  if (/[a-z]/.test(token)) alphabet += 26;
  if (/[A-Z]/.test(token)) alphabet += 26;
  if (/[0-9]/.test(token)) alphabet += 10;
  if (/[^a-zA-Z0-9]/.test(token)) alphabet += 32;
  return Math.floor(token.length * Math.log2(Math.max(alphabet, 2)));
}

export function checkMetricsToken(ctx: PreflightContext): Outcome {
  const token = ctx.env.METRICS_TOKEN?.trim();
  if (!token) return fail("METRICS_TOKEN unset: /api/metrics-full would be public (revenue, versions)");
  const distinct = new Set(token).size;
  if (token.length < 32) return fail(`METRICS_TOKEN is ${token.length} characters; use 32+ random ones (openssl rand -hex 32)`);
  if (distinct < 12 || tokenBits(token) < 128)
    return fail(`METRICS_TOKEN looks guessable (${distinct} distinct characters); use openssl rand -hex 32`);
  return pass(`${token.length} characters, about ${tokenBits(token)} bits`);
}

export function checkWebhookSecret(ctx: PreflightContext): Outcome {
  const secret = ctx.env.RESEND_WEBHOOK_SECRET?.trim();
  if (!ctx.config?.RESEND_API_KEY) return fail("RESEND_API_KEY unset, so no Resend webhooks either");
  if (!secret) return fail("RESEND_WEBHOOK_SECRET unset: bounces and complaints from Resend cannot be verified");
  if (!/^whsec_[A-Za-z0-9+/=]{16,}$/.test(secret))
    return fail("RESEND_WEBHOOK_SECRET is not a signing secret (whsec_…) from the Resend webhook page");
  return pass("set (whsec_…)");
}
