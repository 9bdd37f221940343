#!/usr/bin/env bash
# Checks the ops artefacts; CI runs it after `apt-get install -y prometheus` (for promtool).
#
#   scripts/check-ops.sh                       rules, rule unit tests, example config, dashboard JSON
#   scripts/check-ops.sh URL                   ... and lints a live scrape, e.g. http://127.0.0.1:3000/api/metrics-full
#                                              (sends `Authorization: Bearer $METRICS_TOKEN` when that is set)
# Exits non-zero on the first failure.
set -euo pipefail

cd "$(dirname "$0")/.."
PROM_DIR=ops/prometheus
DASHBOARD=ops/grafana/little-harvest.json

command -v promtool >/dev/null || { echo "check-ops: promtool not found (apt-get install -y prometheus)" >&2; exit 2; }

step() { printf '\n== %s\n' "$*"; }

step "promtool check rules"
promtool check rules --lint-fatal "$PROM_DIR/alerts.yml"

step "promtool test rules"
promtool test rules "$PROM_DIR/alerts.test.yml"

step "promtool check config (example, with a stand-in token file)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "stand-in-token" >"$tmp/token"
cp "$PROM_DIR/alerts.yml" "$tmp/alerts.yml"
sed "s#/etc/prometheus/secrets/little-harvest-metrics-token#$tmp/token#" \
  "$PROM_DIR/prometheus.example.yml" >"$tmp/prometheus.yml"
promtool check config "$tmp/prometheus.yml"

step "grafana dashboard: JSON, datasource input, PromQL syntax"
# Every panel query becomes a recording rule (Grafana variables replaced by literals) so promtool parses it.
node -e '
  const fs = require("fs");
  const d = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  const input = (d.__inputs || []).find((i) => i.name === "DS_PROMETHEUS" && i.pluginId === "prometheus");
  if (!input) throw new Error("missing __inputs entry DS_PROMETHEUS");
  const panels = (d.panels || []).flatMap((p) => [p, ...(p.panels || [])]);
  const queries = panels.filter((p) => p.targets && p.targets.length);
  if (queries.length < 10) throw new Error("expected at least 10 query panels, got " + queries.length);
  const rules = [];
  for (const p of queries) {
    if (!p.datasource || p.datasource.uid !== "${DS_PROMETHEUS}") throw new Error("panel " + p.title + ": datasource is not ${DS_PROMETHEUS}");
    for (const t of p.targets) {
      if (!t.expr) throw new Error("panel " + p.title + ": empty expr");
      const expr = t.expr.replace(/\$__rate_interval|\$__range/g, "5m").replace(/\$instance/g, ".*").replace(/\$job/g, "little-harvest");
      rules.push("      - record: dashboard:check_" + rules.length + "\n        expr: " + JSON.stringify(expr));
    }
  }
  fs.writeFileSync(process.argv[2], "groups:\n  - name: dashboard\n    rules:\n" + rules.join("\n") + "\n");
  console.log("  " + queries.length + " query panels, " + rules.length + " queries");
' "$DASHBOARD" "$tmp/dashboard-rules.yml"
promtool check rules --lint-fatal "$tmp/dashboard-rules.yml"

if [[ $# -ge 1 ]]; then
  url="$1"
  step "promtool check metrics < $url"
  curl_args=(-fsS --max-time 10)
  if [[ -n "${METRICS_TOKEN:-}" ]]; then curl_args+=(-H "Authorization: Bearer $METRICS_TOKEN"); fi
  curl "${curl_args[@]}" "$url" >"$tmp/scrape.txt"
  grep -q '^lh_http_requests_total\|^# TYPE lh_http_requests_total' "$tmp/scrape.txt" \
    || { echo "check-ops: scrape has no lh_http_requests_total" >&2; exit 1; }
  promtool check metrics <"$tmp/scrape.txt"
  echo "  SUCCESS: $(grep -vc '^#' "$tmp/scrape.txt") samples"
fi

printf '\ncheck-ops: all good\n'
