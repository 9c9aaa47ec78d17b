#!/usr/bin/env node
/**
 * `npm run reconcile [-- --fix] [-- resource_id=… from=YYYY-MM-DD to=YYYY-MM-DD batch_size=N]`:
 * runs scripts/reconcile-capacity.ts through `medusa exec`, which refuses unknown `--flags`:
 * `--fix` is passed on as `fix=true`, `--name=value` as `name=value`.
 *
 * The database is DATABASE_URL (environment or .env); unset, the development database on
 * the project's own PostgreSQL, started or reused first (as `npm run dev` does).
 * The exit status is the script's: 0 no drift remains, 1 the script could not run (refused,
 * bad arguments, database unreachable), 2 drift remains.
 */
const { spawnSync } = require("child_process")
const path = require("path")
const { loadEnv } = require("@medusajs/framework/utils")
const { databaseUrlOr } = require("./db/database-url")
const { exitWithDatabaseSetupError } = require("./db/database-setup-error")
const { DEFAULT_DATABASE_NAME } = require("./db/default-database-url")

const root = path.resolve(__dirname, "..")
loadEnv(process.env.NODE_ENV || "development", root)

function execArgs(argv) {
  return argv.map((arg) => (arg === "--fix" ? "fix=true" : arg.startsWith("--") && arg.includes("=") ? arg.slice(2) : arg))
}

async function main() {
  const { url } = await databaseUrlOr(process.env.DATABASE_URL, DEFAULT_DATABASE_NAME)
  const result = spawnSync(
    "npx",
    ["medusa", "exec", "./scripts/reconcile-capacity.ts", ...execArgs(process.argv.slice(2))],
    { stdio: "inherit", cwd: root, env: { ...process.env, DATABASE_URL: url, MEDUSA_DISABLE_TELEMETRY: "true" } }
  )
  process.exit(result.status ?? 1)
}

main().catch(exitWithDatabaseSetupError)
