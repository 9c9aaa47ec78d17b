/**
 * The database URL used when DATABASE_URL is unset: a database on the project's own
 * PostgreSQL (scripts/db/embedded-postgres.js), which `npm run dev` / `npm start` start
 * first through scripts/prepare-db.js. Loaded by medusa-config.ts: no side effects.
 */
const { embeddedPostgresSettings } = require("./embedded-postgres-settings")

const DEFAULT_DATABASE_NAME = "medusa_resource_booking"

/** postgres://postgres@127.0.0.1:<EMBEDDED_PG_PORT or 54329>/<database> */
function defaultDatabaseUrl(database = DEFAULT_DATABASE_NAME, env = process.env) {
  const { user, host, port } = embeddedPostgresSettings(env)
  return `postgres://${user}@${host}:${port}/${encodeURIComponent(database)}`
}

module.exports = { defaultDatabaseUrl, DEFAULT_DATABASE_NAME }
