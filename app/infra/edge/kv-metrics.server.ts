import type { Clock } from "../clock.server";
import type { Kv } from "../kv/prefixed";
import type { Metrics } from "../metrics.server";

/**
 * Metrics on workerd (docs/architecture.md §5): many short-lived isolates, none of which a scraper can reach on its own. Each
 * isolate counts in its own prom-client registry as on Node; `flushSoon()` (called from `waitUntil`, off the response
 * path) adds what changed since the last flush to one KV hash in one pipelined call, at most once per `flushEveryMs`;
 * a scrape renders the sums in that hash, so it shows every isolate's requests. Counters and histograms are summed;
 * the gauges (outbox depth, stuck payments) are counts of rows, sampled by the cron and stored as plain values.
 *
 * Nothing here is awaited across requests (workerd cancels a request's I/O when its response ends): a flush marks its
 * counts as sent before sending them, and hands them back if the send fails, so overlapping flushes never double-count
 * and none waits for another.
 */
const SUMS_KEY = "metrics:sums";
const SUMMED_TYPES = new Set(["counter", "histogram"]);
const gaugeKey = (name: string) => `metrics:gauge:${name}`;
export type SampledGauges = { lh_email_outbox_depth: number; lh_payments_stuck: number };
const SAMPLED_GAUGES: Array<keyof SampledGauges> = ["lh_email_outbox_depth", "lh_payments_stuck"];

export type KvMetrics = {
  /** The isolate's Metrics, whose `metricsText()` renders the sum across isolates. */
  metrics: Metrics;
  /** Flushes when the last flush is at least `flushEveryMs` old; resolves at once otherwise. Never throws. */
  flushSoon(): Promise<void>;
  /** Stores the cron's samples of the row-count gauges, for every isolate's scrape. */
  recordGauges(values: SampledGauges): Promise<void>;
};

export function shareMetricsThroughKv(
  local: Metrics,
  deps: {
    kv: Kv;
    clock: Clock;
    flushEveryMs: number;
    /** Counts the gauges' rows now, during the scrape: for a scrape before the cron's first sample (a new deployment). */
    sampleGauges: () => Promise<SampledGauges>;
  },
): KvMetrics {
  // What the shared hash has been sent of each series, counting sends still in flight.
  const sent = new Map<string, number>();
  let lastFlushAt = -Infinity;

  async function flush(): Promise<void> {
    const amounts: Record<string, number> = {};
    for (const [key, value] of await localSeries()) {
      const delta = value - (sent.get(key) ?? 0);
      if (delta === 0) continue;
      amounts[key] = delta;
      sent.set(key, value);
    }
    try {
      await deps.kv.addToHash(SUMS_KEY, amounts);
    } catch (error) {
      // KV down: the deltas go with the next flush.
      for (const [key, delta] of Object.entries(amounts)) sent.set(key, sent.get(key)! - delta);
      throw error;
    }
  }

  /** Every counter and histogram series of this isolate, unflushed or not, by its key in the shared hash. */
  async function localSeries(): Promise<Map<string, number>> {
    const series = new Map<string, number>();
    for (const family of await local.registry.getMetricsAsJSON()) {
      if (!SUMMED_TYPES.has(String(family.type))) continue;
      for (const v of family.values)
        series.set(seriesKey((v as { metricName?: string }).metricName ?? family.name, v.labels), v.value);
    }
    return series;
  }

  const flushSoon = async (): Promise<void> => {
    const now = deps.clock.now().getTime();
    if (now - lastFlushAt < deps.flushEveryMs) return;
    lastFlushAt = now;
    await flush().catch(() => {});
  };

  async function renderSums(): Promise<string> {
    // The scraping isolate's own counts are always current; others' arrive within flushEveryMs.
    await flush().catch(() => {});
    const [sums, zeros, ...samples] = await Promise.all([
      deps.kv.readHash(SUMS_KEY),
      localSeries(),
      ...SAMPLED_GAUGES.map((name) => deps.kv.get(gaugeKey(name))),
    ]);
    let gauges = new Map<string, number>(
      SAMPLED_GAUGES.flatMap((name, i) => (samples[i] == null ? [] : [[name, Number(samples[i])]])),
    );
    if (gauges.size < SAMPLED_GAUGES.length) {
      const values = await deps.sampleGauges().catch(() => null);
      if (values) {
        gauges = new Map(Object.entries(values));
        await recordGauges(values).catch(() => {});
      }
    }
    // A series no isolate has counted yet is still shown, at 0, as Node shows it (alerts on `rate()` need it).
    for (const key of zeros.keys()) if (!(key in sums)) sums[key] = "0";
    const out: string[] = [];
    for (const family of await local.registry.getMetricsAsJSON()) {
      out.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`);
      if (String(family.type) === "gauge") {
        const sample = gauges.get(family.name);
        if (sample !== undefined) out.push(`${family.name} ${sample}`);
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

  // A sample older than a few missed crons is no sample: it expires rather than mislead.
  const recordGauges = async (values: SampledGauges) => {
    await Promise.all(SAMPLED_GAUGES.map((name) => deps.kv.set(gaugeKey(name), String(values[name]), { ttlMs: 10 * 60_000 })));
  };

  return { metrics: { ...local, metricsText: renderSums }, flushSoon, recordGauges };
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
