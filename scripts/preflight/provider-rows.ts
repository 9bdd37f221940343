// Rows about the outside services: Resend (key, sending domain), Peach (credentials, sandbox/live), Sentry (DSN).
import { randomBytes, randomUUID } from "node:crypto";
import { Resend } from "resend";
import { sign, verify, type Params } from "../../app/infra/payments/peach-signature";
import type { PreflightContext } from "./context";
import { fail, pass, skip, type Outcome } from "./rows";

type ResendError = { name?: string; message?: string; statusCode?: number | null };
type ResendDomain = { name: string; status: string };

/** One GET /domains answers both Resend rows; a sending-only key is refused it with `restricted_api_key`. */
export async function listResendDomains(ctx: PreflightContext) {
  const c = ctx.config;
  if (!c?.RESEND_API_KEY) return null;
  const resend = new Resend(c.RESEND_API_KEY, c.RESEND_BASE_URL ? { baseUrl: c.RESEND_BASE_URL } : undefined);
  const { data, error } = (await resend.domains.list()) as { data: { data: ResendDomain[] } | null; error: ResendError | null };
  return { domains: data?.data ?? null, error };
}

type DomainList = Awaited<ReturnType<typeof listResendDomains>>;

export function checkResendKey(list: DomainList): Outcome {
  if (!list) return fail("RESEND_API_KEY unset");
  if (list.error?.name === "restricted_api_key") return pass("valid (sending only)");
  if (list.error)
    return fail(`Resend refused the key: ${list.error.name ?? list.error.statusCode} ${list.error.message ?? ""}`.trim());
  return pass(`valid (${list.domains!.length} domain${list.domains!.length === 1 ? "" : "s"} on the account)`);
}

export function checkResendDomain(ctx: PreflightContext, list: DomainList): Outcome {
  if (!list || (list.error && list.error.name !== "restricted_api_key")) return fail("no usable RESEND_API_KEY");
  const from = ctx.config!.RESEND_FROM;
  const domain = /@([^\s>]+)>?\s*$/.exec(from)?.[1]?.toLowerCase();
  if (!domain) return fail(`RESEND_FROM "${from}" has no address`);
  if (list.error) return skip(`the key sends only: check ${domain} shows "Verified" under Domains in Resend`);
  const found = list.domains!.find((d) => d.name.toLowerCase() === domain);
  if (!found) return fail(`${domain} (RESEND_FROM) is not a domain on this Resend account`);
  if (found.status !== "verified") return fail(`${domain} is "${found.status}" in Resend, not verified: add its DNS records`);
  return pass(`${domain} verified`);
}

const PEACH_HOSTS: Record<string, "sandbox" | "live"> = {
  "testsecure.peachpayments.com": "sandbox",
  "testapi.peachpayments.com": "sandbox",
  "secure.peachpayments.com": "live",
  "api.peachpayments.com": "live",
};

/** Sandbox for staging, live for production — both URLs, never a mix. */
export function checkPeachMode(ctx: PreflightContext): Outcome {
  const c = ctx.config;
  if (c?.mode.payments !== "peach") return skip("card payments off (PEACH_ENTITY_ID / PEACH_SECRET_TOKEN unset)");
  const modes = [c.PEACH_CHECKOUT_URL, c.PEACH_API_URL].map((u): string | undefined => PEACH_HOSTS[new URL(u!).hostname]);
  if (modes.includes(undefined)) return fail("PEACH_CHECKOUT_URL / PEACH_API_URL are not Peach's hosts");
  if (modes[0] !== modes[1]) return fail("PEACH_CHECKOUT_URL and PEACH_API_URL mix sandbox and live");
  const wanted = ctx.target === "production" ? "live" : "sandbox";
  return modes[0] === wanted
    ? pass(`${modes[0]}, as ${ctx.target} should`)
    : fail(`${modes[0]} Peach on ${ctx.target}: use ${wanted}`);
}

/**
 * A signed status query for a transaction that cannot exist: Peach answers "cannot find transaction" (signed with
 * the secret token) for good credentials, 800.900.x for an entity it does not know. Nothing is charged or created.
 */
export async function checkPeachCredentials(ctx: PreflightContext): Promise<Outcome> {
  const c = ctx.config;
  if (c?.mode.payments !== "peach") return skip("card payments off (PEACH_ENTITY_ID / PEACH_SECRET_TOKEN unset)");
  const query: Params = {
    "authentication.entityId": c.PEACH_ENTITY_ID!,
    merchantTransactionId: `preflight${randomBytes(4).toString("hex")}`,
  };
  const url = new URL("/status", c.PEACH_CHECKOUT_URL);
  for (const [k, v] of Object.entries({ ...query, signature: await sign(c.PEACH_SECRET_TOKEN!, query) }))
    url.searchParams.set(k, v);
  const res = await ctx.fetch(url, { headers: { accept: "application/json" } });
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  const answer: Params = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)]));
  const code = answer["result.code"] ?? "";
  if (res.status === 401 || code.startsWith("800.900."))
    return fail(`Peach refused the entity id or its signature (${code || `HTTP ${res.status}`})`);
  if (res.status >= 500 || !code) return fail(`Peach status API answered HTTP ${res.status}`);
  if (!(await verify(c.PEACH_SECRET_TOKEN!, answer))) return fail("Peach's answer does not verify with PEACH_SECRET_TOKEN");
  return pass(`entity accepted, answers signed with the secret token (${code})`);
}

/**
 * An envelope to the DSN's project: without --send-test-event it carries only an empty client report, which Sentry
 * accepts (or refuses the key for) without creating an issue.
 */
export async function checkSentry(ctx: PreflightContext): Promise<Outcome> {
  const dsn = ctx.config?.SENTRY_DSN;
  if (!dsn) return fail("SENTRY_DSN unset");
  const u = new URL(dsn);
  const project = u.pathname
    .replace(/^\/+|\/+$/g, "")
    .split("/")
    .pop();
  if (!u.username || !project) return fail("SENTRY_DSN has no public key or project id");
  const eventId = randomUUID().replace(/-/g, "");
  const sentAt = ctx.now().toISOString();
  const item = ctx.sendTestEvent
    ? [
        { type: "event" },
        { event_id: eventId, timestamp: sentAt, level: "info", platform: "node", message: "Little Harvest preflight test event" },
      ]
    : [{ type: "client_report" }, { timestamp: sentAt, discarded_events: [] }];
  const envelope = [{ event_id: eventId, sent_at: sentAt, dsn }, ...item].map((l) => JSON.stringify(l)).join("\n");
  const base = `${u.protocol}//${u.host}${u.pathname.slice(0, u.pathname.lastIndexOf("/"))}`;
  const res = await ctx.fetch(`${base}/api/${project}/envelope/`, {
    method: "POST",
    body: envelope,
    headers: {
      "content-type": "application/x-sentry-envelope",
      "x-sentry-auth": `Sentry sentry_version=7, sentry_key=${u.username}, sentry_client=lh-preflight/1.0`,
    },
  });
  const text = await res.text();
  if (!res.ok) return fail(`Sentry refused the DSN: HTTP ${res.status} ${text.slice(0, 120)}`);
  return pass(
    ctx.sendTestEvent ? `accepted; test event ${eventId} sent` : "accepted (no event sent; --send-test-event sends one)",
  );
}
