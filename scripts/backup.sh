#!/usr/bin/env bash
# Logical backup of the Little Harvest database in pg_dump's custom format (compressed, restorable with
# scripts/restore.sh or pg_restore, table by table if need be).
#
#   scripts/backup.sh DATABASE_URL OUTFILE
#   e.g. scripts/backup.sh "$DATABASE_URL" "backups/lh-$(date -u +%Y%m%dT%H%M%SZ).dump"
#
# Use the direct (non-pooled) connection string; pg_dump's major version must be >= the server's.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 DATABASE_URL OUTFILE" >&2
  exit 64
fi
url="$1"
out="$2"

mkdir -p "$(dirname "$out")"
tmp="$out.partial"
trap 'rm -f "$tmp"' EXIT

# Write to a temporary name first so a failed dump never leaves a truncated file that looks like a backup.
pg_dump --format=custom --compress=6 --no-owner --no-acl --file="$tmp" --dbname="$url"
pg_restore --list "$tmp" >/dev/null   # the archive's table of contents must be readable
mv "$tmp" "$out"
trap - EXIT
echo "backup: wrote $out ($(du -h "$out" | cut -f1))"
