/**
 * Where and how the project's own PostgreSQL runs. Read from the environment, cheap to load
 * (medusa-config.ts imports it through default-database-url.js).
 *
 *   EMBEDDED_PG_PORT  TCP port on 127.0.0.1 (default 54329)
 *   EMBEDDED_PG_DATA  data folder, relative to the project root (default .data/postgres);
 *                     its server log is the sibling file <folder>.log
 */
const path = require("path")
const { DatabaseSetupError } = require("./database-setup-error")

const PROJECT_ROOT = path.resolve(__dirname, "../..")
const DEFAULT_PORT = 54329
const DEFAULT_DATA_FOLDER = ".data/postgres"

/** @returns {{ host: string, port: number, user: string, password: string, dataDir: string, logFile: string }} */
function embeddedPostgresSettings(env = process.env) {
  const dataDir = path.resolve(PROJECT_ROOT, env.EMBEDDED_PG_DATA || DEFAULT_DATA_FOLDER)
  return {
    host: "127.0.0.1",
    port: embeddedPostgresPort(env),
    user: "postgres",
    password: "",
    dataDir,
    logFile: `${dataDir}.log`,
  }
}

function embeddedPostgresPort(env = process.env) {
  const raw = env.EMBEDDED_PG_PORT
  if (raw === undefined || raw === "") {
    return DEFAULT_PORT
  }
  const port = Number(raw)
  if (!/^\d+$/.test(raw) || port < 1024 || port > 65535) {
    throw new DatabaseSetupError(
      `EMBEDDED_PG_PORT=${raw} is not a usable port: give a number from 1024 to 65535, or unset it (default ${DEFAULT_PORT}).`
    )
  }
  return port
}

module.exports = { embeddedPostgresSettings, embeddedPostgresPort, PROJECT_ROOT }
