import { describe, expect, it } from "vitest";
import { fixedClock } from "~/infra/clock.server";
import { shareMetricsThroughKv } from "~/infra/edge/kv-metrics.server";
import { createKv } from "~/infra/kv.server";
import type { Kv } from "~/infra/kv/prefixed";
import { createMetrics } from "~/infra/metrics.server";

// The edge's metrics: isolates add their counts to one KV hash, at most once per interval, and a scrape renders the sum.

function isolate(kv: Kv, clock = fixedClock(new Date("2026-11-27T10:00:00Z"))) {
  let samples = 0;
  const shared = shareMetricsThroughKv(createMetrics({ clock, defaultMetrics: false }), {
    kv,
    clock,
    flushEveryMs: 10_000,
    sampleGauges: async () => (samples++, { lh_email_outbox_depth: 4, lh_payments_stuck: 1 }),
  });
  const hit = (route: string) => shared.metrics.recordRequest({ route, method: "GET", status: 200, seconds: 0.02 });
  return { ...shared, clock, hit, samples: () => samples };
}

function countingKv() {
  const kv = createKv({ prefix: "t:" });
  let calls = 0;
  return {
    kv: { ...kv, addToHash: (k: string, a: Record<string, number>) => (calls++, kv.addToHash(k, a)) } as Kv,
    calls: () => calls,
  };
}

const SERIES = 'lh_http_requests_total{method="GET",route="routes/shop._index",status_class="2xx"}';

describe("metrics shared through the KV", () => {
  it("flushes at most once per 10 s per isolate, in one KV call, and loses nothing", async () => {
    const { kv, calls } = countingKv();
    const a = isolate(kv);
    for (let i = 0; i < 5; i++) {
      a.hit("routes/shop._index");
      await a.flushSoon();
      a.clock.advance(1_000);
    }
    expect(calls()).toBe(1); // the first request's flush; the next four waited
    expect((await kv.readHash("metrics:sums"))[SERIES]).toBe("1");
    a.clock.advance(6_000);
    await a.flushSoon();
    expect(calls()).toBe(2);
    expect((await kv.readHash("metrics:sums"))[SERIES]).toBe("5");
  });

  it("a scrape on one isolate renders the sum of every isolate's counts as Prometheus text", async () => {
    const { kv } = countingKv();
    const a = isolate(kv);
    const b = isolate(kv);
    for (let i = 0; i < 3; i++) a.hit("routes/shop._index");
    for (let i = 0; i < 2; i++) b.hit("routes/shop._index");
    await a.flushSoon();
    await b.flushSoon();
    const text = await a.metrics.metricsText();
    expect(text).toContain("# TYPE lh_http_requests_total counter");
    expect(text).toContain(`${SERIES} 5\n`);
    expect(text).toMatch(/lh_http_request_duration_seconds_bucket\{[^}]*route="routes\/shop\._index"[^}]*le="0\.025"\} 5\n/);
    expect(text).toMatch(/lh_http_request_duration_seconds_count\{[^}]*\} 5\n/);
  });

  it("overlapping flushes of one isolate (two requests' waitUntil) neither wait for each other nor count twice", async () => {
    const { kv } = countingKv();
    const a = isolate(kv);
    for (let i = 0; i < 3; i++) a.hit("routes/shop._index");
    const first = a.flushSoon();
    a.clock.advance(10_000);
    a.hit("routes/shop._index");
    await Promise.all([first, a.flushSoon()]);
    expect((await kv.readHash("metrics:sums"))[SERIES]).toBe("4");
  });

  it("a failed flush hands its counts to the next one", async () => {
    const { kv } = countingKv();
    let down = true;
    const flaky = {
      ...kv,
      addToHash: (k: string, a: Record<string, number>) => (down ? Promise.reject(new Error("down")) : kv.addToHash(k, a)),
    };
    const a = isolate(flaky as Kv);
    a.hit("routes/shop._index");
    await a.flushSoon();
    down = false;
    a.clock.advance(10_000);
    a.hit("routes/shop._index");
    await a.flushSoon();
    expect((await kv.readHash("metrics:sums"))[SERIES]).toBe("2");
  });

  it("the first scrape of a new deployment has every series: gauges sampled then, counters at 0", async () => {
    const { kv } = countingKv();
    const a = isolate(kv);
    const text = await a.metrics.metricsText();
    expect(text).toContain("lh_email_outbox_depth 4\n");
    expect(text).toContain("lh_payments_stuck 1\n");
    expect(text).toContain("lh_order_value_cents_total 0\n");
    expect(text).toContain("lh_unhandled_errors_total 0\n");
    // Stored like the cron's samples, so other isolates' scrapes do not count rows again.
    const b = isolate(kv);
    expect(await b.metrics.metricsText()).toContain("lh_email_outbox_depth 4\n");
    expect([a.samples(), b.samples()]).toEqual([1, 0]);
  });
});
