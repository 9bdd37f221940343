import type { Clock } from "../clock.server";
import type { Kv } from "../kv/prefixed";
import type { Metrics } from "../metrics.server";

/**
 * Metrics on workerd (DESIGN §5): many short-lived isolates, none of which a scraper can reach on its own. Each
 * isolate counts in its own prom-client registry as on Node; `flushSoon()` (called from `waitUntil`, off the response
 * path) adds what changed since the last flush to one KV hash in one pipelined call, at most once per `flushEveryMs`;
 * a scrape renders the sums in that hash, so it shows every isolate's requests. Counters and histograms are summed;
 * the gauges (outbox depth, stuck payments) are counts of rows, sampled by the cron and stored as plain values.
 */
const SUMS_KEY = "metrics:sums";
const SUMMED_TYPES = new Set(["counter", "histogram"]);
const gaugeKey = (name: string) => `metrics:gauge:${name}`;
type SampledGauges = { lh_email_outbox_depth: number; lh_payments_stuck: number };
const SAMPLED_GAUGES: Array<keyof SampledGauges> = ["lh_email_outbox_depth", "lh_payments_stuck"];

export type KvMetrics = {
  /** The isolate's Metrics, whose `metricsText()` renders the sum across isolates. */
  metrics: Metrics;
  /** Flushes when the last flush is at least `flushEveryMs` old; resolves at once otherwise. Never throws. */
  flushSoon(): Promise<void>;
  /** Stores the cron's samples of the row-count gauges, for every isolate's scrape. */
  recordGauges(values: SampledGauges): Promise<void>;
};

export function shareMetricsThroughKv(local: Metrics, deps: { kv: Kv; clock: Clock; flushEveryMs: number }): KvMetrics {
  const flushed = new Map<string, number>();
  let lastFlushAt = -Infinity;
  let inFlight: Promise<void> | null = null;

  async function flush(): Promise<void> {
    const amounts: Record<string, number> = {};
    const current = new Map<string, number>();
    for (const family of await local.registry.getMetricsAsJSON()) {
      if (!SUMMED_TYPES.has(String(family.type))) continue;
      for (const v of family.values) {
        const key = seriesKey((v as { metricName?: string }).metricName ?? family.name, v.labels);
        current.set(key, v.value);
        const delta = v.value - (flushed.get(key) ?? 0);
        if (delta !== 0) amounts[key] = delta;
      }
    }
    await deps.kv.addToHash(SUMS_KEY, amounts);
    for (const [k, v] of current) flushed.set(k, v);
  }

  const flushSoon = (): Promise<void> => {
    // Behind a flush in progress: try again once it is done, so the latest counts are not left waiting for traffic.
    if (inFlight) return inFlight.then(flushSoon);
    const now = deps.clock.now().getTime();
    if (now - lastFlushAt < deps.flushEveryMs) return Promise.resolve();
    lastFlushAt = now;
    inFlight = flush()
      .catch(() => {}) // KV down: the deltas stay pending and go with the next flush
      .finally(() => (inFlight = null));
    return inFlight;
  };

  async function renderSums(): Promise<string> {
    // The scraping isolate's own counts are always current; others' arrive within flushEveryMs.
    await inFlight;
    await flush().catch(() => {});
    const [sums, ...samples] = await Promise.all([
      deps.kv.readHash(SUMS_KEY),
      ...SAMPLED_GAUGES.map((name) => deps.kv.get(gaugeKey(name))),
    ]);
    const gauges = new Map(SAMPLED_GAUGES.map((name, i) => [name as string, samples[i]]));
    const out: string[] = [];
    for (const family of await local.registry.getMetricsAsJSON()) {
      out.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`);
      if (String(family.type) === "gauge") {
        const sample = gauges.get(family.name);
        if (sample != null) out.push(`${family.name} ${Number(sample)}`);
        continue;
      }
      const names = new Set([family.name, `${family.name}_bucket`, `${family.name}_sum`, `${family.name}_count`]);
      const series = Object.keys(sums)
        .filter((k) => names.has(nameOf(k)))
        .sort(compareSeries);
      for (const key of series) out.push(`${key} ${Number(sums[key])}`);
    }
    return `${out.join("\n")}\n`;
  }

  return {
    metrics: { ...local, metricsText: renderSums },
    flushSoon,
    // A sample older than a few missed crons is no sample: it expires rather than mislead.
    recordGauges: async (values) => {
      await Promise.all(SAMPLED_GAUGES.map((name) => deps.kv.set(gaugeKey(name), String(values[name]), { ttlMs: 10 * 60_000 })));
    },
  };
}

const escapeLabel = (v: unknown) => String(v).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

/** `name{a="x",b="y",le="0.1"}`: labels sorted, `le` last, so every isolate writes the same field for a series. */
function seriesKey(name: string, labels: Record<string, unknown>): string {
  const keys = Object.keys(labels)
    .filter((k) => k !== "le")
    .sort();
  if ("le" in labels) keys.push("le");
  return keys.length ? `${name}{${keys.map((k) => `${k}="${escapeLabel(labels[k])}"`).join(",")}}` : name;
}

const nameOf = (key: string) => key.split("{")[0];
const SUFFIX_ORDER: Record<string, number> = { _bucket: 0, _sum: 1, _count: 2 };
function compareSeries(a: string, b: string): number {
  const parse = (k: string) => {
    const name = nameOf(k);
    const suffix = /_(bucket|sum|count)$/.exec(name)?.[0] ?? "";
    const le = /,?le="([^"]+)"/.exec(k)?.[1];
    const rest = k.slice(name.length).replace(/,?le="[^"]+"/, "");
    return { rest, order: SUFFIX_ORDER[suffix] ?? 0, le: le === undefined ? 0 : le === "+Inf" ? Infinity : Number(le) };
  };
  const x = parse(a);
  const y = parse(b);
  return x.rest.localeCompare(y.rest) || x.order - y.order || x.le - y.le;
}
