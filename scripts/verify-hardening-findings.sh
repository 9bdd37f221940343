#!/usr/bin/env bash
# Evidence for issue 11's "each finding has a test that failed before": runs today's hardening tests against the app
# as it was before the hardening merge (1cf6e9f^1). Tests drive the built app (LH_BUILD_DIR) *and* import the
# middleware chain from app/, so the old tree's app/ and build are used, with today's tests/ copied over it.
# Writes one vitest JSON report per file to $OUT. Usage: scripts/verify-hardening-findings.sh [old-commit] [worktree]
set -euo pipefail
OLD="${1:-1cf6e9f^1}"
WT="${2:-/tmp/hp-old}"
OUT="${OUT:-$WT-results}"
NEW="$(pwd)"
FILES="${FILES:-hostile-input hardening-defaults error-handling server-process accounts-auth trust-proxy-cidr forgot-password-parity checkout-flow fuzz}"
if [ ! -d "$WT" ]; then
  git worktree add --detach "$WT" "$OLD"
  cp -a node_modules "$WT/"
  (cd "$WT" && npm run build)
fi
rm -rf "$WT/tests" && cp -a "$NEW/tests" "$WT/tests"
# Instrumentation only, not behaviour: today's query observer also reports each statement's SQL text, which
# forgot-password-parity.test.ts compares. It is imported by the tests' own database handle, not by the old build.
cp "$NEW/app/infra/db/query-timing.ts" "$WT/app/infra/db/query-timing.ts"
mkdir -p "$OUT"
cd "$WT"
for f in $FILES; do
  # checkout-flow's finding (concurrent queries on one pg client) only shows on pg.
  db=pglite; [ "$f" = checkout-flow ] && db=pg
  LH_TEST_DB=$db LH_REUSE_BUILD=1 timeout 900 npx vitest run "tests/integration/$f.test.ts" \
    --reporter=json --outputFile="$OUT/$f.json" >/dev/null 2>&1 || true
done
LH_REUSE_BUILD=1 npx vitest run tests/unit/client-address.test.ts --reporter=json --outputFile="$OUT/client-address.json" >/dev/null 2>&1 || true
echo "reports in $OUT"
