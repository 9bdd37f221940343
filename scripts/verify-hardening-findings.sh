#!/usr/bin/env bash
# Evidence for "each finding has a test that failed before": runs today's tests against the app as it was before the
# fixes. Tests drive the built app (LH_BUILD_DIR) *and* import the middleware chain from app/, so the old tree's app/
# and build are used, with today's tests/ copied over it. Writes one vitest JSON report per file to $OUT.
#
#   scripts/verify-hardening-findings.sh [old-commit] [worktree]          issue 11 (old commit 1cf6e9f^1)
#   SET=issue22 scripts/verify-hardening-findings.sh [old-commit] [worktree]  issue 22 (old commit c0c4d6f)
#
# FILES lists integration files; "name:pattern" runs only the tests whose names match (vitest -t). UNIT and E2E list
# unit and browser files the same way.
set -euo pipefail
SET="${SET:-issue11}"
if [ "$SET" = issue22 ]; then
  OLD="${1:-c0c4d6f}"
  WT="${2:-/tmp/sec-old}"
  FILES="${FILES:-open-redirect payments-card hostile-input:finding.5 fuzz:admin.form|webhooks accounts-reset:finding.7 host-allow-list webhook-limits login-limits forgot-password-parity image-uploads accounts-google}"
  UNIT="${UNIT:-client-address image-header}"
  E2E="${E2E:-accounts:redirectTo}"
else
  OLD="${1:-1cf6e9f^1}"
  WT="${2:-/tmp/hp-old}"
  FILES="${FILES:-hostile-input hardening-defaults error-handling server-process accounts-auth trust-proxy-cidr forgot-password-parity checkout-flow fuzz}"
  UNIT="${UNIT:-client-address}"
  E2E="${E2E:-}"
fi
OUT="${OUT:-$WT-results}"
NEW="$(pwd)"
if [ ! -d "$WT" ]; then
  git worktree add --detach "$WT" "$OLD"
  cp -a node_modules "$WT/"
  # Then the old lockfile's own set (a dependency since removed, such as remix-auth-oauth2, comes back).
  (cd "$WT" && npm install --no-audit --no-fund --prefer-offline >/dev/null && npm run build)
fi
rm -rf "$WT/tests" && cp -a "$NEW/tests" "$WT/tests"
# Instrumentation only, not behaviour: today's query observer also reports each statement's SQL text, which
# forgot-password-parity.test.ts compares. It is imported by the tests' own database handle, not by the old build.
cp "$NEW/app/infra/db/query-timing.ts" "$WT/app/infra/db/query-timing.ts"
mkdir -p "$OUT"
cd "$WT"
run() { # config-or-empty, dir, entry
  local config="$1" dir="$2" name="${3%%:*}" pattern=""
  [ "$3" != "$name" ] && pattern="${3#*:}"
  # checkout-flow's finding (concurrent queries on one pg client) only shows on pg.
  local db=pglite
  [ "$name" = checkout-flow ] && db=pg
  LH_TEST_DB=$db LH_REUSE_BUILD=1 timeout 900 npx vitest run ${config:+--config "$config"} "tests/$dir/$name.test.ts" \
    ${pattern:+-t "$pattern"} --reporter=json --outputFile="$OUT/$name.json" >/dev/null 2>&1 || true
}
for f in $FILES; do run "" integration "$f"; done
for f in $UNIT; do run "" unit "$f"; done
for f in $E2E; do run vitest.e2e.config.ts e2e "$f"; done
echo "reports in $OUT"
