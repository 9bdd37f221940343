import { describe, expect, it } from "vitest";
import { fixedClock } from "~/infra/clock.server";
import { createMetrics, normalizeMethod, normalizeRoute, statusClass } from "~/infra/metrics.server";

const T0 = new Date("2025-03-04T08:00:00.000Z");

function seriesLines(text: string, name: string): string[] {
  return text.split("\n").filter((l) => l.startsWith(name + "{") || l.startsWith(name + " "));
}

describe("createMetrics", () => {
  it("exposes every lh_ metric name and the Prometheus content type", async () => {
    const m = createMetrics({ clock: fixedClock(T0) });
    m.recordRequest({ route: "routes/shop._index", method: "GET", status: 200, seconds: 0.042 });
    m.dbQueryDuration.observe({ operation: "catalog.list" }, 0.003);
    m.ordersPlaced.inc({ payment_method: "cash_on_delivery" });
    m.orderValue.inc(45_000);
    m.emailsSent.inc({ template: "order-confirmation" });
    m.emailsFailed.inc({ template: "order-confirmation" });
    m.outboxDepth.set(3);
    m.rateLimitRejections.inc({ class: "auth" });
    m.rateLimitFallback.inc({ class: "auth" });
    m.cacheHits.inc({ namespace: "catalog" });
    m.cacheMisses.inc({ namespace: "catalog" });
    m.cacheErrors.inc({ namespace: "catalog" });

    const text = await m.metricsText();
    for (const name of [
      "lh_http_request_duration_seconds_bucket",
      "lh_http_request_duration_seconds_count",
      "lh_http_requests_total",
      "lh_db_query_duration_seconds_bucket",
      "lh_orders_placed_total",
      "lh_order_value_cents_total",
      "lh_emails_sent_total",
      "lh_emails_failed_total",
      "lh_email_outbox_depth",
      "lh_rate_limit_rejections_total",
      "lh_rate_limit_fallback_total",
      "lh_cache_hits_total",
      "lh_cache_misses_total",
      "lh_cache_errors_total",
      "lh_process_cpu_user_seconds_total", // default metrics carry the prefix too
    ]) {
      expect(text, name).toContain(`\n${name}`);
    }
    expect(text).toContain('le="0.3"');
    expect(text).toContain('lh_http_requests_total{route="routes/shop._index",method="GET",status_class="2xx"} 1');
    expect(m.contentType).toMatch(/^text\/plain/);
  });

  it("only counters end in _total (promtool check metrics naming rule)", async () => {
    const text = await createMetrics({ clock: fixedClock(T0) }).metricsText();
    const types = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, type]) => ({ name, type }));
    expect(types.length).toBeGreaterThan(20);
    for (const { name, type } of types) {
      expect(name.startsWith("lh_"), name).toBe(true);
      if (name.endsWith("_total")) expect(type, name).toBe("counter");
    }
  });

  it("keeps registries independent (no global singleton)", async () => {
    const a = createMetrics({ clock: fixedClock(T0), defaultMetrics: false });
    const b = createMetrics({ clock: fixedClock(T0), defaultMetrics: false });
    a.ordersPlaced.inc({ payment_method: "card" });
    expect(await a.metricsText()).toContain('lh_orders_placed_total{payment_method="card"} 1');
    expect(await b.metricsText()).not.toContain('payment_method="card"');
  });

  it("1000 unknown URLs recorded as 'unmatched' add exactly one series", async () => {
    const m = createMetrics({ clock: fixedClock(T0), defaultMetrics: false });
    for (let i = 0; i < 1000; i++) {
      m.recordRequest({ route: "unmatched", method: "GET", status: 404, seconds: 0.001 * (i % 7) });
    }
    // A caller bug passing raw paths or exotic methods must not add series either.
    m.recordRequest({ route: "/some/raw/path?x=1", method: "GET", status: 404, seconds: 0.001 });
    m.recordRequest({ route: "unmatched", method: "get", status: 404, seconds: 0.001 });
    const text = await m.metricsText();
    const counters = seriesLines(text, "lh_http_requests_total");
    expect(counters).toEqual(['lh_http_requests_total{route="unmatched",method="GET",status_class="4xx"} 1002']);
    expect(seriesLines(text, "lh_http_request_duration_seconds_count")).toHaveLength(1);
    // one _bucket line per bound plus +Inf, for the single label set
    expect(seriesLines(text, "lh_http_request_duration_seconds_bucket")).toHaveLength(12);

    m.recordRequest({ route: "unmatched", method: "BREW", status: 404, seconds: 0.001 });
    expect(seriesLines(await m.metricsText(), "lh_http_requests_total")).toHaveLength(2);
  });

  it("reads the outbox depth from a registered source at scrape time", async () => {
    const m = createMetrics({ clock: fixedClock(T0), defaultMetrics: false });
    let depth = 7;
    m.setOutboxDepthSource(async () => depth);
    expect(await m.metricsText()).toContain("lh_email_outbox_depth 7");
    depth = 60;
    expect(await m.metricsText()).toContain("lh_email_outbox_depth 60");
    m.setOutboxDepthSource(() => {
      throw new Error("db down");
    });
    expect(await m.metricsText()).toContain("lh_email_outbox_depth 60");
  });
});

describe("lastHour", () => {
  it("aggregates per minute with a fake clock", () => {
    const clock = fixedClock(new Date("2025-03-04T08:00:10.000Z"));
    const m = createMetrics({ clock, defaultMetrics: false });

    // minute 08:00 — 100 requests: 94 fast, 6 slow; 2 errors; cache and limiter activity
    for (let i = 0; i < 94; i++) m.recordRequest({ route: "root", method: "GET", status: 200, seconds: 0.02 });
    for (let i = 0; i < 4; i++) m.recordRequest({ route: "root", method: "GET", status: 200, seconds: 0.8 });
    for (let i = 0; i < 2; i++) m.recordRequest({ route: "root", method: "POST", status: 503, seconds: 0.8 });
    m.cacheHits.inc({ namespace: "catalog" }, 3);
    m.cacheHits.inc({ namespace: "catalog" });
    m.cacheMisses.inc({ namespace: "catalog" });
    m.rateLimitRejections.inc({ class: "auth" });

    // minute 08:02 — skip 08:01 entirely
    clock.advance(2 * 60_000);
    m.recordRequest({ route: "root", method: "GET", status: 200, seconds: 0.1 });

    const hour = m.lastHour();
    expect(hour).toHaveLength(60);
    expect(hour[59].minute).toBe("2025-03-04T08:02:00.000Z");
    expect(hour[0].minute).toBe("2025-03-04T07:03:00.000Z");

    const at = (iso: string) => hour.find((h) => h.minute === iso)!;
    const first = at("2025-03-04T08:00:00.000Z");
    expect(first).toMatchObject({ requests: 100, errors: 2, cacheHits: 4, cacheMisses: 1, rateLimited: 1 });
    expect(first.p95Ms).toBeGreaterThan(300);
    expect(first.p95Ms).toBeLessThanOrEqual(1000);

    expect(at("2025-03-04T08:01:00.000Z")).toMatchObject({ requests: 0, errors: 0, p95Ms: 0, cacheHits: 0 });
    expect(at("2025-03-04T08:02:00.000Z").requests).toBe(1);
    expect(at("2025-03-04T08:02:00.000Z").p95Ms).toBeLessThanOrEqual(100);
  });

  it("p95 stays under the SLO when 95% of requests are fast", () => {
    const clock = fixedClock(T0);
    const m = createMetrics({ clock, defaultMetrics: false });
    for (let i = 0; i < 96; i++) m.recordRequest({ route: "root", method: "GET", status: 200, seconds: 0.04 });
    for (let i = 0; i < 4; i++) m.recordRequest({ route: "root", method: "GET", status: 200, seconds: 2 });
    const p95 = m.lastHour()[59].p95Ms;
    expect(p95).toBeGreaterThan(0);
    expect(p95).toBeLessThanOrEqual(50);
  });

  it("forgets minutes older than an hour, even when their ring slot is reused", () => {
    const clock = fixedClock(T0);
    const m = createMetrics({ clock, defaultMetrics: false });
    m.recordRequest({ route: "root", method: "GET", status: 200, seconds: 0.01 });
    clock.advance(60 * 60_000); // same slot index, one hour later
    let hour = m.lastHour();
    expect(hour.reduce((n, h) => n + h.requests, 0)).toBe(0);
    m.recordRequest({ route: "root", method: "GET", status: 500, seconds: 0.01 });
    hour = m.lastHour();
    expect(hour[59]).toMatchObject({ requests: 1, errors: 1 });
    expect(hour.reduce((n, h) => n + h.requests, 0)).toBe(1);
  });
});

describe("label helpers", () => {
  it("statusClass", () => {
    expect(statusClass(200)).toBe("2xx");
    expect(statusClass(204)).toBe("2xx");
    expect(statusClass(303)).toBe("3xx");
    expect(statusClass(404)).toBe("4xx");
    expect(statusClass(429)).toBe("4xx");
    expect(statusClass(500)).toBe("5xx");
    expect(statusClass(503)).toBe("5xx");
    expect(statusClass(101)).toBe("1xx");
    expect(statusClass(0)).toBe("5xx");
    expect(statusClass(NaN)).toBe("5xx");
    expect(statusClass(700)).toBe("5xx");
  });

  it("normalizeRoute and normalizeMethod", () => {
    expect(normalizeRoute("routes/shop.$slug")).toBe("routes/shop.$slug");
    expect(normalizeRoute("static")).toBe("static");
    expect(normalizeRoute("/shop/apple-puree")).toBe("unmatched");
    expect(normalizeRoute(undefined)).toBe("unmatched");
    expect(normalizeMethod("post")).toBe("POST");
    expect(normalizeMethod("PROPFIND")).toBe("OTHER");
  });
});
