#!/usr/bin/env bash
# Restores a scripts/backup.sh archive into a database, replacing the objects it contains.
#
#   scripts/restore.sh DATABASE_URL INFILE
#
# --clean --if-exists drops each object before recreating it (so it works on an empty or a populated database);
# --no-owner makes the connecting role own everything; --single-transaction makes it all-or-nothing.
# Stop the app (or put it in maintenance) first: rows written during a restore are lost.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 DATABASE_URL INFILE" >&2
  exit 64
fi
url="$1"
in="$2"

if [[ ! -r "$in" ]]; then
  echo "restore: cannot read $in" >&2
  exit 66
fi

pg_restore --clean --if-exists --no-owner --no-acl --single-transaction --exit-on-error --dbname="$url" "$in"
echo "restore: restored $in"
