/**
 * The one rule every script follows for its database: a configured URL is used as it is;
 * without one, the named database on the project's own PostgreSQL, which is started or
 * reused first. `started` says whether this call started the server (so a script that
 * started it only for itself can stop it again).
 */
const { defaultDatabaseUrl } = require("./default-database-url")
const { ensureEmbeddedPostgres } = require("./embedded-postgres")

/** @returns {Promise<{ url: string, started: boolean }>} */
async function databaseUrlOr(configuredUrl, databaseName, { log = console.log } = {}) {
  if (configuredUrl) {
    return { url: configuredUrl, started: false }
  }
  const server = await ensureEmbeddedPostgres({ log })
  return { url: defaultDatabaseUrl(databaseName), started: server.started }
}

module.exports = { databaseUrlOr }
