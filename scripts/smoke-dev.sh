#!/usr/bin/env bash
# Proves the README's `npm run dev` with no database configured: it starts the project's own
# PostgreSQL from a brand-new data folder inside the clone, creates and migrates the schema,
# starts Medusa with the resource_booking module and answers GET /health with 200.
# The smoke server has its own data folder and port (EMBEDDED_PG_DATA, EMBEDDED_PG_PORT), so
# the developer's embedded server and its data are left alone; it is stopped at the end and
# its folder removed when the test passes (kept for inspection when it fails).
set -euo pipefail
cd "$(dirname "$0")/.."

unset DATABASE_URL DB_HOST DB_PORT DB_USERNAME DB_PASSWORD
unset $(compgen -e | grep '^PG') 2>/dev/null || true
PORT="${SMOKE_PORT:-9123}"
export EMBEDDED_PG_DATA=".data/smoke-postgres"
export EMBEDDED_PG_PORT="${SMOKE_PG_PORT:-54339}"
export PORT MEDUSA_DISABLE_TELEMETRY=true

node scripts/db/stop.js >/dev/null
rm -rf "$EMBEDDED_PG_DATA" "$EMBEDDED_PG_DATA.log"

log="$(mktemp)"
setsid npm run dev >"$log" 2>&1 &
pid=$!
passed=0
cleanup() {
  kill -- -"$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  node scripts/db/stop.js >/dev/null || true
  if [ "$passed" = 1 ]; then rm -rf "$EMBEDDED_PG_DATA" "$EMBEDDED_PG_DATA.log"; fi
}
trap cleanup EXIT

# Prints "<data_directory> <number of the module's tables>" of the database Medusa uses.
describe_database() {
  node - <<'EOF'
const { Client } = require("pg")
const { defaultDatabaseUrl } = require("./scripts/db/default-database-url")
const client = new Client({ connectionString: defaultDatabaseUrl(), ssl: false })
client
  .connect()
  .then(async () => {
    const dataDirectory = (await client.query("SHOW data_directory")).rows[0].data_directory
    const { rows } = await client.query(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name IN ('resource','resource_capacity','resource_hold')"
    )
    console.log(`${dataDirectory} ${rows[0].n}`)
    await client.end()
  })
  .catch((error) => {
    console.error(`smoke: cannot query ${defaultDatabaseUrl()}: ${error.message}`)
    process.exit(1)
  })
EOF
}

for _ in $(seq 1 180); do
  if curl -fsS "http://localhost:${PORT}/health" >/dev/null 2>&1; then
    read -r data_directory tables < <(describe_database)
    if [ "$tables" != "3" ]; then
      echo "smoke: module tables missing (found $tables of 3)" >&2
      exit 1
    fi
    if [ "$(realpath "$data_directory")" != "$(realpath "$EMBEDDED_PG_DATA")" ]; then
      echo "smoke: Medusa's database is served from $data_directory, not from the clone's $EMBEDDED_PG_DATA" >&2
      exit 1
    fi
    echo "smoke: npm run dev answered /health 200 with the module's tables migrated, served by the embedded PostgreSQL in $data_directory"
    passed=1
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
