// The smoke test of a deployment: what a visitor and the probes see, by GET only (nothing is written anywhere).
import { fail, guarded, healthStatus, pass, type Outcome, type Row } from "../preflight/rows";

export type SmokeOptions = {
  /** Extra headers on every request: a Cloudflare Access service token in front of staging. */
  headers?: Record<string, string>;
  /** Staging: every answer must carry X-Robots-Tag: noindex and robots.txt must shut crawlers out. */
  expectNoindex?: boolean;
  /** Keep asking for liveness this long first (a deploy still rolling out). */
  waitSeconds?: number;
  fetch?: typeof fetch;
};

type Page = { status: number; headers: Headers; body: string };

export async function runSmoke(baseUrl: string, opts: SmokeOptions = {}): Promise<Row[]> {
  const base = baseUrl.replace(/\/$/, "");
  const doFetch = opts.fetch ?? fetch;
  const get = async (path: string, accept = "text/html"): Promise<Page> => {
    const res = await doFetch(`${base}${path}`, {
      headers: { accept, "user-agent": "lh-smoke/1.0", ...opts.headers },
      redirect: "manual",
      signal: AbortSignal.timeout(15_000),
    });
    return { status: res.status, headers: res.headers, body: await res.text() };
  };
  const expectPage = async (path: string, mustContain: RegExp, what: string): Promise<Outcome> => {
    const page = await get(path);
    if (page.status !== 200) return fail(`${path} answered ${page.status}`);
    return mustContain.test(page.body) ? pass(`${path} 200, ${what}`) : fail(`${path} 200 but without ${what}`);
  };
  const rows: Row[] = [];
  const step = async (id: string, title: string, fn: () => Promise<Outcome>) => {
    rows.push({ id, title, ...(await guarded(fn, 30_000)) });
  };

  await step("liveness", "Liveness", async () => {
    const deadline = Date.now() + (opts.waitSeconds ?? 0) * 1000;
    for (;;) {
      const res = await get("/api/health-simple", "application/json").catch((e: Error) => e);
      if (!(res instanceof Error) && res.status === 200 && /"pass"/.test(res.body)) return pass("200 pass");
      if (Date.now() >= deadline) return fail(res instanceof Error ? res.message : `answered ${res.status}`);
      await new Promise((r) => setTimeout(r, 2_000));
    }
  });
  await step("readiness", "Readiness", async () => {
    const res = await get("/api/system-status", "application/health+json");
    const status = healthStatus(res.body);
    if (res.status !== 200 || (status !== "pass" && status !== "warn"))
      return fail(`answered ${res.status} (${status ?? "no status"})`);
    return pass(`200 ${status}`);
  });
  let home: Page | null = null;
  await step("home", "Home page", async () => {
    home = await get("/");
    if (home.status !== 200) return fail(`/ answered ${home.status}`);
    return /Little Harvest/.test(home.body) ? pass("/ 200") : fail("/ 200 but not the shop's page");
  });
  let mealPath: string | null = null;
  await step("shop", "Shop", async () => {
    const shop = await get("/shop");
    if (shop.status !== 200) return fail(`/shop answered ${shop.status}`);
    mealPath = /href="(\/shop\/[a-z0-9-]+)"/.exec(shop.body)?.[1] ?? null;
    return mealPath ? pass(`/shop 200, first meal ${mealPath}`) : fail("/shop 200 but lists no meal");
  });
  await step("meal", "A meal page", () =>
    mealPath ? expectPage(mealPath, /<h1[^>]*>[^<]+<\/h1>/, "its heading") : Promise.resolve(fail("no meal linked from /shop")),
  );
  await step("login", "Login page", () => expectPage("/login", /type="password"/, "a password field"));
  await step("headers", "Security headers", async () => {
    const page = home ?? (await get("/"));
    const h = page.headers;
    const problems = [
      !/script-src[^;]*'nonce-/.test(h.get("content-security-policy") ?? "") && "no CSP with a script nonce",
      !/frame-ancestors 'none'/.test(h.get("content-security-policy") ?? "") && "CSP without frame-ancestors 'none'",
      h.get("x-content-type-options") !== "nosniff" && "no nosniff",
      !h.get("referrer-policy") && "no Referrer-Policy",
      base.startsWith("https:") && !/max-age=\d{7,}/.test(h.get("strict-transport-security") ?? "") && "no HSTS",
    ].filter(Boolean);
    return problems.length
      ? fail(problems.join("; "))
      : pass(`CSP with nonce, nosniff${base.startsWith("https:") ? ", HSTS" : ""}`);
  });
  await step("metrics", "Metrics need the token", async () => {
    const res = await get("/api/metrics-full", "text/plain");
    return res.status === 401 || res.status === 403
      ? pass(`${res.status} without a token`)
      : fail(`/api/metrics-full answered ${res.status} without a token`);
  });
  if (opts.expectNoindex)
    await step("noindex", "Not indexed", async () => {
      const robots = await get("/robots.txt", "text/plain");
      const tag = (home as Page | null)?.headers.get("x-robots-tag") ?? "";
      if (!/noindex/.test(tag)) return fail("no X-Robots-Tag: noindex on /");
      return /Disallow: \/\s*$/m.test(robots.body)
        ? pass("X-Robots-Tag noindex, robots.txt Disallow: /")
        : fail("robots.txt lets crawlers in");
    });
  return rows;
}
