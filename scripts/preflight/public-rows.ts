// Rows about the public URL as a visitor meets it: TLS certificate, security headers, probes, the metrics guard.
// Also the alert rules, which promtool validates and unit-tests.
import { execFile } from "node:child_process";
import http from "node:http";
import https from "node:https";
import tls from "node:tls";
import { promisify } from "node:util";
import type { PreflightContext } from "./context";
import { fail, healthStatus, pass, skip, type Outcome } from "./rows";

const CERT_MIN_DAYS = 14;
const HSTS_MIN_SECONDS = 180 * 86400;

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** A GET to the public URL that trusts `ctx.ca` as well as the system's CAs. */
export function get(ctx: PreflightContext, pathname: string, headers: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(pathname, ctx.config!.appUrl);
  const lib = url.protocol === "https:" ? https : http;
  const ca = ctx.ca ? [...tls.rootCertificates, ctx.ca] : undefined;
  return new Promise((resolve, reject) => {
    const req = lib.get(url, { headers: { "user-agent": "lh-preflight/1.0", ...headers }, ca, timeout: 10_000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => {
        if (body.length < 1_000_000) body += c; // a page or a scrape; never hold more than a megabyte
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("timeout", () => req.destroy(new Error(`${url.pathname}: no answer within 10 s`)));
    req.on("error", reject);
  });
}

const httpsUrl = (ctx: PreflightContext) => {
  const url = ctx.config?.APP_URL ? new URL(ctx.config.APP_URL) : null;
  return url?.protocol === "https:" ? url : null;
};

export function checkCertificate(ctx: PreflightContext): Promise<Outcome> {
  const url = httpsUrl(ctx);
  if (!url) return Promise.resolve(fail("APP_URL is not https://"));
  const ca = ctx.ca ? [...tls.rootCertificates, ctx.ca] : undefined;
  return new Promise((resolve) => {
    const socket = tls.connect({ host: url.hostname, port: Number(url.port || 443), servername: url.hostname, ca }, () => {
      const cert = socket.getPeerCertificate();
      socket.end();
      const days = Math.floor((new Date(cert.valid_to).getTime() - ctx.now().getTime()) / 86_400_000);
      resolve(
        days >= CERT_MIN_DAYS
          ? pass(`valid for ${url.hostname}, ${days} more days (until ${cert.valid_to})`)
          : fail(`certificate expires in ${days} days (${cert.valid_to}); renew before going live (≥ ${CERT_MIN_DAYS})`),
      );
    });
    socket.setTimeout(10_000, () => socket.destroy(new Error("no TLS handshake within 10 s")));
    socket.on("error", (e) => resolve(fail(`TLS to ${url.host}: ${e.message}`)));
  });
}

export async function checkSecurityHeaders(ctx: PreflightContext): Promise<Outcome> {
  if (!ctx.config?.APP_URL) return fail("APP_URL unset");
  const res = await get(ctx, "/", { accept: "text/html" });
  const hsts = String(res.headers["strict-transport-security"] ?? "");
  const csp = String(res.headers["content-security-policy"] ?? "");
  const maxAge = Number(/max-age=(\d+)/.exec(hsts)?.[1] ?? 0);
  const problems = [
    !hsts && "no Strict-Transport-Security",
    hsts && maxAge < HSTS_MIN_SECONDS && `HSTS max-age ${maxAge} s is under 180 days`,
    !csp && "no Content-Security-Policy (a Report-Only one does not count)",
    csp && !/frame-ancestors 'none'/.test(csp) && "CSP without frame-ancestors 'none'",
    res.headers["x-content-type-options"] !== "nosniff" && "no X-Content-Type-Options: nosniff",
  ].filter(Boolean);
  if (res.status !== 200) problems.unshift(`home answered ${res.status}`);
  return problems.length ? fail(problems.join("; ")) : pass(`HSTS max-age ${maxAge}, CSP with a nonce, nosniff`);
}

export async function checkProbes(ctx: PreflightContext): Promise<Outcome> {
  if (!ctx.config?.APP_URL) return fail("APP_URL unset");
  const live = await get(ctx, "/api/health-simple");
  if (live.status !== 200) return fail(`liveness /api/health-simple answered ${live.status}`);
  const ready = await get(ctx, "/api/system-status");
  const status = healthStatus(ready.body);
  if (ready.status !== 200) return fail(`readiness /api/system-status answered ${ready.status} (${status ?? "no body"})`);
  return pass(`liveness pass, readiness ${status}`);
}

export async function checkMetricsGuard(ctx: PreflightContext): Promise<Outcome> {
  if (!ctx.config?.APP_URL) return fail("APP_URL unset");
  const anonymous = await get(ctx, "/api/metrics-full");
  if (anonymous.status === 200) return fail("/api/metrics-full answers without a token: anyone can read it");
  const token = ctx.env.METRICS_TOKEN;
  if (!token) return pass(`refuses without a token (${anonymous.status})`);
  const withToken = await get(ctx, "/api/metrics-full", { authorization: `Bearer ${token}` });
  if (withToken.status !== 200 || !withToken.body.includes("lh_"))
    return fail(
      `refuses without a token (${anonymous.status}), but with METRICS_TOKEN answered ${withToken.status}: the deployment has another token`,
    );
  return pass(`refuses without a token (${anonymous.status}), serves with METRICS_TOKEN`);
}

const run = promisify(execFile);

export async function checkAlertRules(ctx: PreflightContext): Promise<Outcome> {
  const rulesFile = ctx.alertRules.rules;
  if (!ctx.promtool) return skip("promtool not installed (apt install prometheus): run scripts/check-ops.sh where it is");
  try {
    // The rules' unit tests (half a minute of simulated days) run in CI (scripts/check-ops.sh), not at the launch.
    await run(ctx.promtool, ["check", "rules", "--lint-fatal", rulesFile]);
  } catch (e) {
    const out = `${(e as { stdout?: string }).stdout ?? ""}${(e as { stderr?: string }).stderr ?? ""}`;
    return fail(`promtool: ${out.trim().split("\n").slice(-3).join(" ").slice(0, 300)}`);
  }
  return pass(`${rulesFile}: valid`);
}
