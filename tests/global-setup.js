/**
 * Jest global setup of the integration projects: chooses the test database
 * (scripts/db/select-test-database.js), makes sure it runs and publishes it as DB_HOST,
 * DB_PORT, DB_USERNAME, DB_PASSWORD, which @medusajs/test-utils reads when first imported.
 * Workers and in-band test files inherit these variables.
 * - external: DB_* as given (defaults filled in), DB_HOST unchanged;
 * - embedded: the project's own PostgreSQL, started or reused, left running afterwards;
 * - container: a PostgreSQL container, stopped by tests/global-teardown.js.
 * A set-up problem ends the run with its message (no stack) and exit code 1.
 */
const { selectTestDatabase } = require("../scripts/db/select-test-database")
const { ensureEmbeddedPostgres } = require("../scripts/db/embedded-postgres")
const { DatabaseSetupError } = require("../scripts/db/database-setup-error")
const { startPostgresContainer } = require("./postgres-container")

/** Key under which the container reaches tests/global-teardown.js (same process). */
const CONTAINER_KEY = Symbol.for("medusa-resource-booking.test-database-container")

/** test-utils connects without SSL only to the host spelled "localhost" (Node tries IPv4 and IPv6 for it). */
function forTestUtils(host) {
  return ["127.0.0.1", "::1", "localhost"].includes(host) ? "localhost" : host
}

async function testDatabase() {
  const selection = selectTestDatabase(process.env)
  switch (selection.kind) {
    case "external":
      return selection
    case "embedded": {
      const server = await ensureEmbeddedPostgres({ log: console.log })
      return { host: forTestUtils(server.host), port: String(server.port), username: server.user, password: server.password }
    }
    case "container": {
      console.log(`Test database: starting a ${selection.image} container`)
      const started = await startPostgresContainer(selection.image)
      globalThis[CONTAINER_KEY] = started.container
      return { host: forTestUtils(started.host), port: String(started.port), username: started.username, password: started.password }
    }
  }
}

module.exports = async function globalSetup() {
  console.log("")
  let database
  try {
    database = await testDatabase()
  } catch (error) {
    if (error instanceof DatabaseSetupError) {
      console.error(error.message)
      process.exit(1)
    }
    throw error
  }
  process.env.DB_HOST = database.host
  process.env.DB_PORT = database.port
  process.env.DB_USERNAME = database.username
  process.env.DB_PASSWORD = database.password
}

module.exports.CONTAINER_KEY = CONTAINER_KEY
