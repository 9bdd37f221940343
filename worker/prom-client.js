// prom-client for the worker bundle (wrangler.toml [alias]): the metric classes app/infra/metrics.server.ts uses, without
// the package index, whose Node process collectors (and the OpenTelemetry API one of them requires) every new isolate
// evaluated at start-up for metrics workerd never collects (createMetrics({ defaultMetrics: false })).
import Counter from "prom-client/lib/counter.js";
import Gauge from "prom-client/lib/gauge.js";
import Histogram from "prom-client/lib/histogram.js";
import Registry from "prom-client/lib/registry.js";

export { Counter, Gauge, Histogram, Registry };

export function collectDefaultMetrics() {
  throw new Error("prom-client's process metrics are Node's: createMetrics({ defaultMetrics: false }) on workerd");
}
