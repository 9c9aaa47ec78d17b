/**
 * A throwaway database for the scripts that start a Medusa app of their own (check:plugin,
 * test:e2e): uniquely named, on `serverUrl`'s server or else the project's embedded
 * PostgreSQL, dropped again by the cleanups it registers (and the embedded server stopped
 * if it was started for this run only).
 */
const { Client } = require("pg")
const { databaseUrlOr } = require("../db/database-url")
const { stopEmbeddedPostgres } = require("../db/embedded-postgres")

async function withClient(url, fn) {
  const client = new Client({ connectionString: url.toString() })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/** The server to use: `serverUrl` when given, else the embedded one (started if needed). */
async function serverOf(serverUrl, { log, cleanups }) {
  const { url, started } = await databaseUrlOr(serverUrl, "postgres", { log })
  if (started) {
    cleanups.push(() => stopEmbeddedPostgres({ log }))
  }
  return new URL(url)
}

/** Creates `<prefix>_<pid>_<time>`; returns its name and URL. */
async function createScratchDatabase(prefix, { serverUrl, log, cleanups }) {
  const server = await serverOf(serverUrl, { log, cleanups })
  const admin = new URL(server)
  admin.pathname = "/postgres"
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`
  await withClient(admin, (client) => client.query(`CREATE DATABASE "${name}"`))
  cleanups.push(() => withClient(admin, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)))
  const url = new URL(server)
  url.pathname = `/${name}`
  return { name, url: url.toString(), host: url.hostname, port: url.port }
}

module.exports = { createScratchDatabase }
