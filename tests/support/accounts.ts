import { desc, eq } from "drizzle-orm";
import { emailOutbox } from "~/infra/db/schema";
import { ORIGIN, type TestApp } from "./app";

// Small browser-like helpers for the account tests: a cookie jar per "browser" and form posts through the app.

export type Browser = { cookies: Map<string, string>; ip: string };

export const newBrowser = (ip = "203.0.113.10"): Browser => ({ cookies: new Map(), ip });

function cookieHeader(b: Browser) {
  return [...b.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
}

function remember(b: Browser, res: Response) {
  for (const line of res.headers.getSetCookie()) {
    const [pair, ...attrs] = line.split(";");
    const i = pair.indexOf("=");
    const name = pair.slice(0, i).trim();
    const value = pair.slice(i + 1).trim();
    const expired = attrs.some((a) => /max-age=0/i.test(a.trim())) || value === "";
    if (expired) b.cookies.delete(name);
    else b.cookies.set(name, value);
  }
}

export async function get(app: TestApp, b: Browser, path: string, headers: Record<string, string> = {}, method = "GET") {
  const res = await app.handler(
    new Request(new URL(path, ORIGIN), { method, headers: { host: new URL(ORIGIN).host, cookie: cookieHeader(b), ...headers } }),
    { address: b.ip },
  );
  remember(b, res);
  return res;
}

export async function post(
  app: TestApp,
  b: Browser,
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const res = await app.handler(
    new Request(new URL(path, ORIGIN), {
      method: "POST",
      headers: {
        host: new URL(ORIGIN).host,
        origin: ORIGIN,
        cookie: cookieHeader(b),
        "content-type": "application/x-www-form-urlencoded",
        ...headers,
      },
      body: new URLSearchParams(fields).toString(),
    }),
    { address: b.ip },
  );
  remember(b, res);
  return res;
}

export const sessionOf = (b: Browser) => b.cookies.get("lh_session");

export async function login(app: TestApp, b: Browser, email: string, password: string, extra: Record<string, string> = {}) {
  return post(app, b, "/login", { email, password, ...extra });
}

/** Signs up (the same "check your inbox" answer as for a taken address), then logs in as a new customer would. */
export async function signUpAndLogIn(app: TestApp, b: Browser, fields: { name: string; email: string; password: string }) {
  const signedUp = await post(app, b, "/signup", fields);
  if (signedUp.status !== 303) throw new Error(`sign-up answered ${signedUp.status}`);
  const loggedIn = await login(app, b, fields.email, fields.password);
  if (loggedIn.status !== 303) throw new Error(`login after sign-up answered ${loggedIn.status}`);
  return loggedIn;
}

/** The newest queued email of a template to an address, with its payload. */
export async function lastEmail(app: TestApp, to: string, template: string) {
  const rows = await app.ctx.db.select().from(emailOutbox).where(eq(emailOutbox.toEmail, to)).orderBy(desc(emailOutbox.id));
  const row = rows.find((r) => r.template === template);
  return row ? { ...row, payload: row.payload as Record<string, string> } : undefined;
}

/** Path + query of a link in an email, so the test can "click" it against the app. */
export function linkPath(url: string) {
  const u = new URL(url);
  return u.pathname + u.search;
}

/** The HTML with per-request noise (nonces, request ids) taken out, for "are these two answers identical". */
export function normalizeHtml(html: string, replace: Record<string, string> = {}) {
  // Per request by design: the CSP nonce and the request id (quoted on error pages).
  let out = html
    .replace(/nonce="[^"]*"/g, 'nonce=""')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "REQUEST-ID");
  for (const [from, to] of Object.entries(replace)) out = out.split(from).join(to);
  return out;
}
