#!/bin/sh
# Fails when a drizzle schema changed without a committed migration.
set -eu
cd "$(dirname "$0")/.."
./dev pnpm -r --if-present run db:generate >/dev/null
drift=$(git status --porcelain -- 'packages/*/drizzle/*')
if [ -n "$drift" ]; then
  echo "A schema changed without a committed migration; run './dev pnpm -r run db:generate' and commit:" >&2
  echo "$drift" >&2
  exit 1
fi
