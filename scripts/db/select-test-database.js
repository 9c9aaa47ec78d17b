/**
 * Which PostgreSQL the test suites use, decided from the environment alone:
 *   DB_HOST set               → "external": that server, with DB_PORT (default 5432),
 *                               DB_USERNAME (default postgres), DB_PASSWORD (default "")
 *   TEST_DB=container         → "container": a throwaway PostgreSQL container started through
 *                               testcontainers (needs a Docker engine)
 *   TEST_DB unset or embedded → "embedded": the project's own PostgreSQL
 *                               (scripts/db/embedded-postgres.js)
 * DB_HOST together with TEST_DB, or an unknown TEST_DB value, is refused with a
 * DatabaseSetupError.
 */
const { DatabaseSetupError } = require("./database-setup-error")

const TEST_DB_KINDS = ["embedded", "container"]
const CONTAINER_IMAGE = "postgres:17-alpine"

/**
 * @param {Record<string, string | undefined>} env
 * @returns {{ kind: "external", host: string, port: string, username: string, password: string }
 *   | { kind: "embedded" }
 *   | { kind: "container", image: string }}
 */
function selectTestDatabase(env) {
  const testDb = (env.TEST_DB || "").trim().toLowerCase()
  if (testDb && !TEST_DB_KINDS.includes(testDb)) {
    throw new DatabaseSetupError(
      `TEST_DB=${env.TEST_DB} is not a test database kind: use ${TEST_DB_KINDS.map((kind) => `TEST_DB=${kind}`).join(" or ")}, ` +
        "or set DB_HOST (with DB_PORT, DB_USERNAME, DB_PASSWORD) to use a PostgreSQL of your own."
    )
  }
  if (env.DB_HOST) {
    if (testDb) {
      throw new DatabaseSetupError(
        `TEST_DB=${env.TEST_DB} and DB_HOST=${env.DB_HOST} both choose the test database: unset one of them.`
      )
    }
    return {
      kind: "external",
      host: env.DB_HOST,
      port: env.DB_PORT || "5432",
      username: env.DB_USERNAME || "postgres",
      password: env.DB_PASSWORD || "",
    }
  }
  if (testDb === "container") {
    return { kind: "container", image: CONTAINER_IMAGE }
  }
  return { kind: "embedded" }
}

module.exports = { selectTestDatabase }
