#!/usr/bin/env node
/**
 * `npm run bench [-- holds=N keys=N configs=…]`: prepares a dedicated benchmark database
 * (never the development one: the benchmark deletes its own seeded rows) and runs the
 * cleanup benchmark in it through `medusa exec`.
 *
 * The database is BENCH_DATABASE_URL; unset, it is medusa_resource_booking_bench on the
 * project's own PostgreSQL, started or reused first.
 */
const { spawnSync } = require("child_process")
const path = require("path")
const { loadEnv } = require("@medusajs/framework/utils")
const { defaultDatabaseUrl } = require("../db/default-database-url")
const { ensureEmbeddedPostgres } = require("../db/embedded-postgres")
const { exitWithDatabaseSetupError } = require("../db/database-setup-error")

const root = path.resolve(__dirname, "../..")
loadEnv(process.env.NODE_ENV || "development", root)

async function benchmarkDatabaseUrl() {
  if (process.env.BENCH_DATABASE_URL) {
    return process.env.BENCH_DATABASE_URL
  }
  await ensureEmbeddedPostgres()
  return defaultDatabaseUrl("medusa_resource_booking_bench")
}

function run(command, args, env) {
  const result = spawnSync(command, args, { stdio: "inherit", env, cwd: root })
  if (result.status !== 0) {
    process.exit(result.status ?? 1)
  }
}

async function main() {
  const url = await benchmarkDatabaseUrl()
  const env = { ...process.env, DATABASE_URL: url, MEDUSA_DISABLE_TELEMETRY: "true", LOG_LEVEL: "warn" }
  run("node", ["scripts/prepare-db.js"], env)
  run("npx", ["medusa", "exec", "./scripts/bench/cleanup.ts", ...process.argv.slice(2)], env)
}

main().catch(exitWithDatabaseSetupError)
