/**
 * A throwaway PostgreSQL container for TEST_DB=container, through @testcontainers/postgresql.
 * Needs a Docker engine: without one, startPostgresContainer rejects with a one-line
 * DatabaseSetupError instead of testcontainers' stack.
 */
const { DatabaseSetupError } = require("../scripts/db/database-setup-error")

const NO_RUNTIME = /container runtime strategy/i

/**
 * @param {string} image
 * @returns {Promise<{ container: { stop(): Promise<unknown> }, host: string, port: number, username: string, password: string }>}
 */
async function startPostgresContainer(image) {
  const { PostgreSqlContainer } = require("@testcontainers/postgresql")
  let container
  try {
    container = await new PostgreSqlContainer(image).withUsername("postgres").withPassword("postgres").start()
  } catch (error) {
    if (NO_RUNTIME.test(error.message)) {
      throw new DatabaseSetupError(
        `TEST_DB=container needs a Docker engine, and none answers here (testcontainers: ${error.message}). ` +
          "Start Docker, or unset TEST_DB to test against the embedded PostgreSQL."
      )
    }
    throw new DatabaseSetupError(`TEST_DB=container: the ${image} container did not start (testcontainers: ${error.message}).`)
  }
  return {
    container,
    host: container.getHost(),
    port: container.getPort(),
    username: container.getUsername(),
    password: container.getPassword(),
  }
}

module.exports = { startPostgresContainer }
