#!/usr/bin/env bash
# Proves the README's `npm run dev`: on a brand-new database it creates and migrates the
# schema, starts Medusa with the resource_booking module and answers GET /health with 200.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${SMOKE_PORT:-9123}"
DB="medusa_resource_booking_smoke"
export DATABASE_URL="postgres://postgres@localhost:5432/${DB}"
export PORT MEDUSA_DISABLE_TELEMETRY=true

psql -h localhost -U postgres -q -c "DROP DATABASE IF EXISTS ${DB} WITH (FORCE)" >/dev/null
log="$(mktemp)"
setsid npm run dev >"$log" 2>&1 &
pid=$!
cleanup() { kill -- -"$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
trap cleanup EXIT

for _ in $(seq 1 180); do
  if curl -fsS "http://localhost:${PORT}/health" >/dev/null 2>&1; then
    tables=$(psql -h localhost -U postgres -d "$DB" -tAc \
      "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('resource','resource_capacity','resource_hold')")
    if [ "$tables" != "3" ]; then
      echo "smoke: module tables missing (found $tables of 3)" >&2
      exit 1
    fi
    echo "smoke: npm run dev answered /health 200 with the module's tables migrated"
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "smoke: npm run dev exited early" >&2
    tail -50 "$log" >&2
    exit 1
  fi
  sleep 1
done
echo "smoke: /health did not answer within 180 s" >&2
tail -50 "$log" >&2
exit 1
