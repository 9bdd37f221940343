import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Clock } from "./clock.server";

/**
 * Prometheus metrics for one process (docs/architecture.md §6).
 *
 * No global registry: `createMetrics()` returns its own `Registry` and metric handles, so tests (and several
 * app instances in one process) never collide. Names are prefixed `lh_`, in base units, counters end `_total`.
 *
 * Besides the Prometheus registry it keeps a small in-memory ring of per-minute aggregates for the last hour
 * (`lastHour()`), fed automatically by `httpDuration.observe` (which `recordRequest` calls), `cacheHits.inc`,
 * `cacheMisses.inc` and `rateLimitRejections.inc`, so an admin page can chart the last hour without Prometheus.
 */

const METRICS_PREFIX = "lh_";

const NONCONFORMING_DEFAULT_METRICS = [
  "nodejs_active_handles_total",
  "nodejs_active_requests_total",
  "nodejs_active_resources_total",
];

/** Request-duration buckets in seconds; 0.3 is the p95 SLO boundary. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5];
const DB_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export type StatusClass = "1xx" | "2xx" | "3xx" | "4xx" | "5xx";

/** 200 → "2xx". Anything outside 100–599 counts as "5xx" (it is a server bug). */
export function statusClass(status: number): StatusClass {
  if (!Number.isFinite(status) || status < 100 || status > 599) return "5xx";
  return `${Math.floor(status / 100)}xx` as StatusClass;
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** Methods are client-controlled: anything unusual collapses into "OTHER" so it cannot add series. */
export function normalizeMethod(method: string): string {
  const m = method.toUpperCase();
  return METHODS.has(m) ? m : "OTHER";
}

/**
 * Route label guard. Callers pass a Remix route id ("routes/shop.$slug", "root"), "unmatched", "static" or another
 * fixed name. Something that looks like a raw path or is suspiciously long becomes "unmatched", so a bug in a
 * caller cannot explode cardinality with URLs.
 */
export function normalizeRoute(route: string | undefined | null): string {
  if (!route || route.startsWith("/") || route.includes("?") || route.length > 120) return "unmatched";
  return route;
}

export type MinuteAggregate = {
  /** Start of the minute, ISO 8601 (UTC). */
  minute: string;
  requests: number;
  /** Responses with a 5xx status. */
  errors: number;
  /** p95 latency estimate in milliseconds (interpolated within buckets); 0 when there were no requests. */
  p95Ms: number;
  cacheHits: number;
  cacheMisses: number;
  rateLimited: number;
  /** Last outbox depth sampled in that minute (scrapes and the admin system page sample it); null if none. */
  outboxDepth: number | null;
};

export type RequestSample = {
  /** Remix route id, or "unmatched" / "static" / a fixed name — never a raw URL. */
  route: string;
  method: string;
  status: number;
  seconds: number;
};

export type Metrics = ReturnType<typeof createMetrics>;

export type CreateMetricsOptions = {
  clock?: Clock;
  /** Collect Node process/runtime metrics (prefixed `lh_`). Default true. */
  defaultMetrics?: boolean;
};

export function createMetrics(opts: CreateMetricsOptions = {}) {
  const clock: Clock = opts.clock ?? { now: () => new Date() };
  const register = new Registry();
  if (opts.defaultMetrics !== false) {
    collectDefaultMetrics({ register, prefix: METRICS_PREFIX });
    // prom-client names these gauges `*_total`, which breaks the naming rules (`promtool check metrics` fails on
    // them and `_total` promises a counter). Drop them rather than ship a lint-failing scrape.
    for (const name of NONCONFORMING_DEFAULT_METRICS) register.removeSingleMetric(METRICS_PREFIX + name);
  }

  const ring = createMinuteRing(clock);

  // Every metric lives in this process's own registry.
  const counter = <L extends string = never>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter<L>({ name, help, labelNames, registers: [register] });
  /** A gauge set at scrape time by `read`; if it fails the last value stays: a scrape must not fail because the DB is slow. */
  const scrapedGauge = (name: string, help: string, read: (gauge: Gauge) => Promise<void>) =>
    new Gauge({
      name,
      help,
      registers: [register],
      async collect() {
        try {
          await read(this);
        } catch {
          // keep the last known value
        }
      },
    });

  const httpLabels = ["route", "method", "status_class"] as const;
  const httpDuration = new Histogram({
    name: "lh_http_request_duration_seconds",
    help: "HTTP request duration in seconds, by Remix route id, method and status class.",
    labelNames: httpLabels,
    buckets: HTTP_BUCKETS,
    registers: [register],
  });
  const httpRequests = counter(
    "lh_http_requests_total",
    "HTTP requests served, by Remix route id, method and status class.",
    httpLabels,
  );
  const dbQueryDuration = new Histogram({
    name: "lh_db_query_duration_seconds",
    help: "Database query duration in seconds, by logical operation.",
    labelNames: ["operation"] as const,
    buckets: DB_BUCKETS,
    registers: [register],
  });
  const ordersPlaced = counter("lh_orders_placed_total", "Orders placed, by payment method.", ["payment_method"]);
  const orderValue = counter("lh_order_value_cents_total", "Total value of placed orders in ZAR cents.");
  const emailsSent = counter("lh_emails_sent_total", "Emails handed to the provider successfully, by template.", ["template"]);
  const emailsFailed = counter(
    "lh_emails_failed_total",
    "Email send attempts that failed (will be retried from the outbox), by template.",
    ["template"],
  );

  const emailsSuppressed = counter(
    "lh_emails_suppressed_total",
    "Emails not sent because their address hard-bounced or complained earlier, by template.",
    ["template"],
  );
  // Pre-labelled, so every series exists at 0 and the bounce and complaint rate alerts have a denominator from the start.
  const emailEvents = counter(
    "lh_email_events_total",
    "Delivery events reported by Resend's webhook (sent, delivered, delayed, bounced, failed, complained, other).",
    ["event"],
  );
  for (const event of ["sent", "delivered", "delayed", "bounced", "failed", "complained", "other"]) emailEvents.inc({ event }, 0);

  let outboxSource: (() => number | Promise<number>) | null = null;
  const outboxDepth = scrapedGauge(
    "lh_email_outbox_depth",
    "Emails waiting in the outbox (pending or failed-and-retrying).",
    async () => {
      if (outboxSource) setOutboxDepth(await outboxSource());
    },
  );

  const paymentOutcomes = counter(
    "lh_payments_total",
    "Card payment outcomes verified with the provider (paid, failed, refunded, late_refunded).",
    ["outcome"],
  );
  const paymentMismatches = counter(
    "lh_payment_mismatches_total",
    "Provider reports whose amount or currency disagreed with the order (the order stays unpaid).",
  );
  let stuckSource: (() => number | Promise<number>) | null = null;
  const paymentsStuck = scrapedGauge(
    "lh_payments_stuck",
    "Card payments without a final outcome (or with a refund owed) for more than an hour.",
    async (gauge) => {
      if (stuckSource) gauge.set(await stuckSource());
    },
  );

  const rateLimitRejections = counter(
    "lh_rate_limit_rejections_total",
    "Requests rejected by the rate limiter, by route class.",
    ["class"],
  );
  const rateLimitFallback = counter(
    "lh_rate_limit_fallback_total",
    "Rate-limit decisions made by the in-memory fallback because the shared store was unavailable, by class.",
    ["class"],
  );
  const kvCircuit = counter(
    "lh_kv_circuit_events_total",
    "KV circuit breaker: times it opened and closed, and commands skipped while open.",
    ["event"],
  );
  const cacheStaleServed = counter(
    "lh_cache_stale_served_total",
    "Expired cache entries served because loading a fresh value failed (stale-if-error), by namespace.",
    ["namespace"],
  );
  const cacheHits = counter("lh_cache_hits_total", "Cache hits, by namespace.", ["namespace"]);
  const cacheMisses = counter("lh_cache_misses_total", "Cache misses, by namespace.", ["namespace"]);
  const cacheErrors = counter("lh_cache_errors_total", "Cache backend errors (the cache failed open), by namespace.", [
    "namespace",
  ]);
  // No labels: the series exists (at 0) from the start, so `rate() > 0` alerts work; the route is in the log line.
  const unhandledErrors = counter(
    "lh_unhandled_errors_total",
    "Unexpected errors in loaders, actions and rendering (handleError); the log line names the route.",
  );

  // The last-hour ring hears what Prometheus hears: these handles feed both (the prom-client objects stay untouched).
  const inRing = <L extends string>(counter: Counter<L>, field: RingCounter) => ({
    inc(labels: Partial<Record<L, string | number>>, value = 1) {
      counter.inc(labels, value);
      if (Number.isFinite(value) && value > 0) ring.add(field, value);
    },
  });
  const setOutboxDepth = (n: number) => {
    outboxDepth.set(n);
    ring.sample(n);
  };

  /**
   * The one call the request middleware makes per response: observes the duration histogram, counts the
   * request and updates the last-hour ring. Do not also call `httpDuration.observe` for the same request.
   */
  function recordRequest(sample: RequestSample): void {
    const labels = {
      route: normalizeRoute(sample.route),
      method: normalizeMethod(sample.method),
      status_class: statusClass(sample.status),
    };
    const seconds = Math.max(0, sample.seconds);
    httpDuration.observe(labels, seconds);
    httpRequests.inc(labels);
    ring.request(labels.status_class === "5xx", seconds);
  }

  return {
    registry: register,
    contentType: register.contentType,
    dbQueryDuration,
    ordersPlaced,
    orderValue,
    emailsSent,
    emailsFailed,
    emailsSuppressed,
    emailEvents,
    outboxDepth: { set: setOutboxDepth },
    paymentOutcomes,
    paymentMismatches,
    paymentsStuck,
    /** Register a function read at scrape time to set `lh_payments_stuck` (a COUNT on payments). */
    setPaymentsStuckSource(fn: (() => number | Promise<number>) | null): void {
      stuckSource = fn;
    },
    rateLimitRejections: inRing(rateLimitRejections, "rateLimited"),
    rateLimitFallback,
    cacheHits: inRing(cacheHits, "cacheHits"),
    cacheMisses: inRing(cacheMisses, "cacheMisses"),
    cacheErrors,
    unhandledErrors,
    kvCircuit,
    cacheStaleServed,
    recordRequest,
    /** Register a function read at scrape time to set `lh_email_outbox_depth` (e.g. a COUNT on email_outbox). */
    setOutboxDepthSource(fn: (() => number | Promise<number>) | null): void {
      outboxSource = fn;
    },
    /** Reads the outbox depth source now (as a scrape would); null when no source is set or it fails. */
    async sampleOutboxDepth(): Promise<number | null> {
      if (!outboxSource) return null;
      try {
        const n = await outboxSource();
        setOutboxDepth(n);
        return n;
      } catch {
        return null;
      }
    },
    /** Prometheus text exposition of this registry. */
    metricsText(): Promise<string> {
      return register.metrics();
    },
    /** 60 per-minute aggregates, oldest first, ending with the current (partial) minute; empty minutes are zeros. */
    lastHour(): MinuteAggregate[] {
      return ring.snapshot();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// internals

type RingCounter = "cacheHits" | "cacheMisses" | "rateLimited";

/** Finer buckets (ms) than the Prometheus histogram, only for the per-minute p95 estimate. */
const RING_BUCKETS_MS = [5, 10, 25, 50, 75, 100, 150, 200, 250, 300, 400, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000];
const RING_MINUTES = 60;
const MINUTE_MS = 60_000;

type Slot = {
  epochMinute: number;
  requests: number;
  errors: number;
  buckets: number[]; // RING_BUCKETS_MS.length + 1 (last = overflow)
  cacheHits: number;
  cacheMisses: number;
  rateLimited: number;
  outboxDepth: number | null;
};

function emptySlot(epochMinute: number): Slot {
  return {
    epochMinute,
    requests: 0,
    errors: 0,
    buckets: new Array(RING_BUCKETS_MS.length + 1).fill(0),
    cacheHits: 0,
    cacheMisses: 0,
    rateLimited: 0,
    outboxDepth: null,
  };
}

function createMinuteRing(clock: Clock) {
  const slots: Slot[] = Array.from({ length: RING_MINUTES }, () => emptySlot(-1));

  function current(): Slot {
    const m = Math.floor(clock.now().getTime() / MINUTE_MS);
    const i = ((m % RING_MINUTES) + RING_MINUTES) % RING_MINUTES;
    if (slots[i].epochMinute !== m) slots[i] = emptySlot(m);
    return slots[i];
  }

  return {
    request(isError: boolean, seconds: number) {
      const s = current();
      s.requests += 1;
      if (isError) s.errors += 1;
      const ms = Math.max(0, seconds * 1000);
      let b = RING_BUCKETS_MS.findIndex((ub) => ms <= ub);
      if (b === -1) b = RING_BUCKETS_MS.length;
      s.buckets[b] += 1;
    },
    add(field: RingCounter, n: number) {
      current()[field] += n;
    },
    sample(outboxDepth: number) {
      current().outboxDepth = outboxDepth;
    },
    snapshot(): MinuteAggregate[] {
      const now = Math.floor(clock.now().getTime() / MINUTE_MS);
      const out: MinuteAggregate[] = [];
      for (let m = now - RING_MINUTES + 1; m <= now; m++) {
        const slot = slots[((m % RING_MINUTES) + RING_MINUTES) % RING_MINUTES];
        const s = slot.epochMinute === m ? slot : emptySlot(m);
        out.push({
          minute: new Date(m * MINUTE_MS).toISOString(),
          requests: s.requests,
          errors: s.errors,
          p95Ms: quantileMs(s.buckets, s.requests, 0.95),
          cacheHits: s.cacheHits,
          cacheMisses: s.cacheMisses,
          rateLimited: s.rateLimited,
          outboxDepth: s.outboxDepth,
        });
      }
      return out;
    },
  };
}

/** histogram_quantile-style estimate: linear interpolation inside the bucket holding the rank. */
function quantileMs(buckets: number[], total: number, q: number): number {
  if (total === 0) return 0;
  const rank = q * total;
  let cumulative = 0;
  for (let i = 0; i < buckets.length; i++) {
    const prev = cumulative;
    cumulative += buckets[i];
    if (cumulative >= rank && buckets[i] > 0) {
      if (i === RING_BUCKETS_MS.length) return RING_BUCKETS_MS[i - 1]; // overflow: best we can say
      const lower = i === 0 ? 0 : RING_BUCKETS_MS[i - 1];
      const upper = RING_BUCKETS_MS[i];
      return Math.round(lower + ((upper - lower) * (rank - prev)) / buckets[i]);
    }
  }
  return RING_BUCKETS_MS[RING_BUCKETS_MS.length - 1];
}
