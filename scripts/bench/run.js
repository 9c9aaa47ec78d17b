#!/usr/bin/env node
/**
 * `npm run bench [-- holds=N keys=N configs=…]`: prepares a dedicated benchmark database
 * (never the development one: the benchmark deletes its own seeded rows) and runs the
 * cleanup benchmark in it through `medusa exec`.
 *
 * `npm run bench -- --quick`: the same benchmark at small sizes (seconds): proves it runs
 * and checks its own results (CI runs it); sizes given as arguments still win.
 *
 * The database is BENCH_DATABASE_URL; unset, it is medusa_resource_booking_bench on the
 * project's own PostgreSQL, started or reused first.
 */
const { spawnSync } = require("child_process")
const path = require("path")
const { loadEnv } = require("@medusajs/framework/utils")
const { databaseUrlOr } = require("../db/database-url")
const { exitWithDatabaseSetupError } = require("../db/database-setup-error")

const root = path.resolve(__dirname, "../..")
loadEnv(process.env.NODE_ENV || "development", root)

function run(command, args, env) {
  const result = spawnSync(command, args, { stdio: "inherit", env, cwd: root })
  if (result.status !== 0) {
    process.exit(result.status ?? 1)
  }
}

/** `--quick`'s sizes: two batch configurations over 2,000 holds on 20 keys. */
const QUICK_ARGS = ["holds=2000", "keys=20", "configs=20:1000,200:5000"]

/** The benchmark's arguments: `--quick` (which `medusa exec` would refuse) becomes small sizes. */
function benchmarkArgs(argv) {
  const given = argv.filter((arg) => arg !== "--quick")
  if (given.length === argv.length) {
    return given
  }
  const named = new Set(given.map((arg) => arg.split("=")[0]))
  return [...QUICK_ARGS.filter((arg) => !named.has(arg.split("=")[0])), ...given]
}

async function main() {
  const { url } = await databaseUrlOr(process.env.BENCH_DATABASE_URL, "medusa_resource_booking_bench")
  const env = { ...process.env, DATABASE_URL: url, MEDUSA_DISABLE_TELEMETRY: "true", LOG_LEVEL: "warn" }
  run("node", ["scripts/prepare-db.js"], env)
  run("npx", ["medusa", "exec", "./scripts/bench/cleanup.ts", ...benchmarkArgs(process.argv.slice(2))], env)
}

main().catch(exitWithDatabaseSetupError)
