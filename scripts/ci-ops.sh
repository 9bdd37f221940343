#!/usr/bin/env bash
# CI (.ci/run): lint the ops artefacts against a REAL scrape of the built server.
#   1. start `node $LH_BUILD_DIR/server.js` in embedded mode (temp DATA_DIR, random port, METRICS_TOKEN set)
#   2. wait for /api/health-simple, then for readiness
#   3. generate a little traffic (pages, 404s, a form post, readiness)
#   4. scripts/check-ops.sh <metrics url>: promtool check rules / test rules / check config / dashboard / check metrics
#   5. stop the server (SIGTERM, graceful) — always, also on failure
# Exits non-zero on any failure. Needs a build (npm run build, or LH_BUILD_DIR=build-x node scripts/build.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR="${LH_BUILD_DIR:-build}"
[[ -f "$BUILD_DIR/server.js" ]] || { echo "ci-ops: $BUILD_DIR/server.js missing; build first" >&2; exit 2; }

DATA_DIR="$(mktemp -d -t lh-ci-ops-XXXXXX)"
LOG="$DATA_DIR/server.log"
PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
BASE="http://127.0.0.1:$PORT"
export METRICS_TOKEN="ci-ops-$(node -e 'console.log(require("crypto").randomBytes(12).toString("hex"))')"
SERVER_PID=""

cleanup() {
  local code=$?
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ $code -ne 0 && -f "$LOG" ]]; then echo "ci-ops: server log (last 40 lines):" >&2; tail -n 40 "$LOG" >&2; fi
  rm -rf "$DATA_DIR"
  exit $code
}
trap cleanup EXIT

echo "== starting $BUILD_DIR/server.js on $BASE (embedded, DATA_DIR=$DATA_DIR)"
env -i PATH="$PATH" HOME="${HOME:-/tmp}" NODE_ENV=production PORT="$PORT" HOST=127.0.0.1 APP_URL="$BASE" \
  DATA_DIR="$DATA_DIR" ADMIN_PASSWORD="ci-ops-admin-password-123" LOG_LEVEL=warn METRICS_TOKEN="$METRICS_TOKEN" \
  node "$BUILD_DIR/server.js" >"$LOG" 2>&1 &
SERVER_PID=$!

for i in $(seq 1 120); do
  curl -fsS --max-time 2 "$BASE/api/health-simple" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "ci-ops: server exited during start-up" >&2; exit 1; }
  [[ $i -eq 120 ]] && { echo "ci-ops: server not live after 60 s" >&2; exit 1; }
  sleep 0.5
done
for i in $(seq 1 40); do
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$BASE/api/system-status")"
  [[ "$code" == "200" ]] && break
  [[ $i -eq 40 ]] && { echo "ci-ops: readiness answered $code" >&2; curl -s "$BASE/api/system-status" >&2; exit 1; }
  sleep 0.5
done
echo "   live and ready"

echo "== traffic"
for path in / /shop "/shop?age=6-8m" /shop /packs /login /no-such-page /api/hello /api/system-status; do
  curl -s -o /dev/null --max-time 10 -H 'accept: text/html' "$BASE$path"
done
# A form post (same-origin), so POST series and the auth limiter exist in the scrape.
curl -s -o /dev/null --max-time 10 -H "origin: $BASE" -H 'accept: text/html' \
  --data-urlencode 'email=nobody@example.com' --data-urlencode 'password=wrong-password' "$BASE/login"
code="$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/metrics-full")"
[[ "$code" == "401" ]] || { echo "ci-ops: /api/metrics-full without the token answered $code, expected 401" >&2; exit 1; }

bash scripts/check-ops.sh "$BASE/api/metrics-full"
