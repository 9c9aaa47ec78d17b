#!/usr/bin/env node
/**
 * `npm run bench [-- holds=N keys=N configs=… http:name=value…]`: two benchmarks, one after
 * the other; the first failure stops the run with its exit code.
 *
 * 1. Cleanup: prepares a dedicated benchmark database (never the development one: the
 *    benchmark deletes its own seeded rows) and runs scripts/bench/cleanup.ts in it through
 *    `medusa exec`, with the `name=value` arguments.
 * 2. HTTP: `node scripts/bench/http.js` (also `npm run bench:http -- …`): the production
 *    server under load on a scratch database of its own (see its header). Arguments written
 *    `http:name=value` go to it without the prefix, e.g. `http:duration=5 http:connections=1,8`.
 *
 * `npm run bench -- --quick`: both at small sizes (about two minutes with the app build):
 * proves they run and check their own results (CI runs it); sizes given as arguments still win.
 *
 * The cleanup benchmark's database is BENCH_DATABASE_URL; unset, it is
 * medusa_resource_booking_bench on the project's own PostgreSQL, started or reused first.
 * The HTTP benchmark creates and drops its scratch database on the same server.
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

/** Arguments of the HTTP benchmark: `--quick`, and those written `http:name=value`, unprefixed. */
const HTTP_PREFIX = "http:"
function httpBenchmarkArgs(argv) {
  const quick = argv.includes("--quick") ? ["--quick"] : []
  return [...quick, ...argv.filter((arg) => arg.startsWith(HTTP_PREFIX)).map((arg) => arg.slice(HTTP_PREFIX.length))]
}

async function main() {
  const argv = process.argv.slice(2)
  const { url } = await databaseUrlOr(process.env.BENCH_DATABASE_URL, "medusa_resource_booking_bench")
  const env = { ...process.env, DATABASE_URL: url, MEDUSA_DISABLE_TELEMETRY: "true", LOG_LEVEL: "warn" }
  run("node", ["scripts/prepare-db.js"], env)
  run("npx", ["medusa", "exec", "./scripts/bench/cleanup.ts", ...benchmarkArgs(argv.filter((arg) => !arg.startsWith(HTTP_PREFIX)))], env)
  run("node", ["scripts/bench/http.js", ...httpBenchmarkArgs(argv)], process.env)
}

main().catch(exitWithDatabaseSetupError)
