/**
 * Jest global teardown of the integration projects: stops the PostgreSQL container that
 * tests/global-setup.js started for TEST_DB=container. The embedded server keeps running
 * (`npm run db:stop` stops it); an external server is not ours to touch.
 */
const { CONTAINER_KEY } = require("./global-setup")

module.exports = async function globalTeardown() {
  const container = globalThis[CONTAINER_KEY]
  if (container) {
    delete globalThis[CONTAINER_KEY]
    await container.stop()
  }
}
