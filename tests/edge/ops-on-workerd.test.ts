import { spawnSync } from "node:child_process";
import { decodeViaTurboStream } from "@remix-run/react/dist/single-fetch.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../support/app";
import { login, newBrowser } from "../support/accounts";
import { startEdgeApp, type EdgeApp } from "./worker-harness";
import { until } from "./until";

// Two workers (two workerd processes, as two isolates at the edge) sharing one Upstash KV and one Neon database.

let edge: EdgeApp;
beforeAll(async () => {
  edge = await startEdgeApp({ workers: 2, env: { METRICS_FLUSH_MS: "0", RATE_LIMIT_AUTH: "3/1m" } });
});
afterAll(() => edge?.close());

const health = (worker: number) => edge.fetchVia(worker, new Request("http://localhost:3000/api/health-simple"));
const scrape = (worker: number) => edge.scrape(worker);
const HEALTH_SERIES = 'lh_http_requests_total{method="GET",route="routes/api.health-simple",status_class="2xx"}';

describe("operations on workerd", () => {
  it("the first scrape of a new deployment, before any cron run, has every gauge and counter", async () => {
    const text = await scrape(1);
    expect(text).toMatch(/^lh_email_outbox_depth \d+$/m);
    expect(text).toMatch(/^lh_payments_stuck \d+$/m);
    expect(text).toMatch(/^lh_order_value_cents_total 0$/m);
    expect(text).toMatch(/^lh_unhandled_errors_total 0$/m);
  });

  it("a scrape of either worker shows the requests both served, summed, in Prometheus text", async () => {
    for (let i = 0; i < 3; i++) expect((await health(0)).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await health(1)).status).toBe(200);
    // Each worker adds its counts to the KV after its responses (waitUntil); wait for both to have landed.
    let text = "";
    await until(async () => (text = await scrape(0)).includes(`${HEALTH_SERIES} 5`), "both workers' counts in the scrape");
    expect(text).toContain("# TYPE lh_http_requests_total counter");
    expect(text).toContain("# TYPE lh_http_request_duration_seconds histogram");
    expect(text).toMatch(
      /lh_http_request_duration_seconds_count\{method="GET",route="routes\/api\.health-simple",status_class="2xx"\} 5\n/,
    );
    expect(text).toMatch(
      /lh_http_request_duration_seconds_bucket\{method="GET",route="routes\/api\.health-simple",status_class="2xx",le="\+Inf"\} 5\n/,
    );
    expect(await scrape(1)).toContain(`${HEALTH_SERIES} 5`);
  });

  it("the summed scrape passes promtool check metrics, as the Node scrape does (the same alerts and dashboard read both)", async () => {
    expect((await health(0)).status).toBe(200);
    expect((await edge.fetchVia(1, new Request("http://localhost:3000/shop"))).status).toBe(200);
    const text = await scrape(0);
    expect(text).toContain("# TYPE lh_http_requests_total counter");
    // promtool comes with Debian's prometheus package; .ci/run installs it.
    const check = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
    expect(check.error, "promtool must be installed (apt install prometheus)").toBeUndefined();
    expect(`${check.stdout}${check.stderr}`.trim()).toBe("");
    expect(check.status).toBe(0);
  });

  it("the limiter answers 429 with Retry-After once an address spends its budget, counted in the shared store", async () => {
    const app = edge as unknown as TestApp;
    const ip = "192.0.2.44";
    for (let i = 0; i < 3; i++) expect((await login(app, newBrowser(ip), "nobody@example.com", `guess ${i}`)).status).toBe(400);
    const limited = await login(app, newBrowser(ip), "nobody@example.com", "guess 4");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another worker shares the window (the limiter lives in Upstash, not in the isolate).
    const other = await edge.fetchVia(
      1,
      new Request("http://localhost:3000/login", {
        method: "POST",
        headers: { origin: "http://localhost:3000", "content-type": "application/x-www-form-urlencoded" },
        body: "email=nobody%40example.com&password=guess5",
      }),
      { address: ip },
    );
    expect(other.status).toBe(429);
    expect(await other.text()).toContain("Too many attempts"); // the root ErrorBoundary's page, rendered by Remix
    // A JavaScript submission: Remix's own single-fetch answer, which its client decodes into the boundary's error.
    const data = await edge.fetchVia(
      0,
      new Request("http://localhost:3000/login.data", {
        method: "POST",
        headers: { origin: "http://localhost:3000", "content-type": "application/x-www-form-urlencoded" },
        body: "email=nobody%40example.com&password=guess6",
      }),
      { address: ip },
    );
    expect(data.status).toBe(429);
    expect(Number(data.headers.get("retry-after"))).toBeGreaterThan(0);
    const { error } = (await decodeViaTurboStream(data.body!, globalThis)).value as { error: unknown };
    expect(error).toMatchObject({ status: 429, data: { title: "Too many attempts" } });
    await until(
      async () => /lh_rate_limit_rejections_total\{class="auth"\} 3\n/.test(await scrape(0)),
      "the rejections in the scrape",
    );
  });
});
