#!/usr/bin/env node
/**
 * `npm run bench [-- holds=N keys=N configs=… scale:name=value… http:name=value… events:name=value… departures:name=value…]`:
 * five benchmarks, one after the other; the first failure stops the run with its exit code.
 *
 * 1. Cleanup: prepares a dedicated benchmark database (never the development one: the
 *    benchmark deletes its own seeded rows) and runs scripts/bench/cleanup.ts in it through
 *    `medusa exec`, with the `name=value` arguments (holds of one date, then of 1–7 dates,
 *    beside a bare UPDATE, with a checkout-like writer running).
 * 2. Scale: scripts/bench/scale.ts in the same database (health at a million holds, per-request
 *    verbs before and after ANALYZE, small cleanups beside the reference hold-by-hold loop, the
 *    date picker's listStartDates and getAvailability over 365 days);
 *    arguments written `scale:name=value`, e.g. `scale:total=200000`.
 * 3. HTTP: `node scripts/bench/http.js` (also `npm run bench:http -- …`): the production
 *    server under load on a scratch database of its own (see its header): one-date and
 *    7-date range holds, the lock hold time per hold under bursts. Arguments written
 *    `http:name=value` go to it without the prefix, e.g. `http:duration=5 http:connections=1,8`.
 * 4. Events: scripts/bench/events.ts in the benchmark database, twice: on Medusa's local event
 *    bus, then on its Redis event bus (an empty database of the Redis at REDIS_URL, default
 *    redis://127.0.0.1:6379, flushed afterwards): the cleanup's bulk emission, the event
 *    loop's delay and Redis's answer time meanwhile. Arguments written `events:name=value`.
 * 5. Departures: scripts/bench/departures.ts in the benchmark database: a store of departure
 *    resources (4 departures a day for a year): a month's availability beside a date
 *    resource's, the cleanup of 100,000 overdue departure holds beside a bare UPDATE, and single
 *    holds on one departure while a burst lands on another of the same date. Arguments written
 *    `departures:name=value`, e.g. `departures:resources=200`.
 *
 * `npm run bench -- --quick`: all five at small sizes (a few minutes with the app build):
 * proves they run and check their own results (CI runs it); sizes given as arguments still win.
 *
 * The cleanup and scale benchmarks' database is BENCH_DATABASE_URL; unset, it is
 * medusa_resource_booking_bench on the project's own PostgreSQL, started or reused first.
 * The HTTP benchmark creates and drops its scratch database on the same server.
 */
const { spawnSync } = require("child_process")
const path = require("path")
const { loadEnv } = require("@medusajs/framework/utils")
const { databaseUrlOr } = require("../db/database-url")
const { exitWithDatabaseSetupError } = require("../db/database-setup-error")
const { createScratchRedis } = require("../lib/scratch-redis")

const root = path.resolve(__dirname, "../..")
loadEnv(process.env.NODE_ENV || "development", root)

/** The exit code of the first failed step that did not exit at once. */
let failed = 0

/** Runs a step; a failure exits with its code, or (exit: false) is remembered in `failed`. */
function run(command, args, env, { exit = true } = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", env, cwd: root })
  if (result.status !== 0) {
    if (exit) process.exit(result.status ?? 1)
    failed ||= result.status ?? 1
  }
}

/** `--quick`'s sizes: two batch configurations over 2,000 holds on 20 keys, among 6,000 others. */
const QUICK_ARGS = ["holds=2000", "keys=20", "others=6000", "repeat=1", "configs=20:1000,200:5000"]
/** `--quick`'s sizes of the scale benchmark: 20,000 holds, a burst of 2,000, N = 10 and 50, 10 date-picker calls. */
const SCALE_QUICK_ARGS = ["total=20000", "sizes=10,50", "repeat=1", "health=3", "burst=2000", "calls=3", "picks=10"]
const SCALE_PREFIX = "scale:"
/** `--quick`'s sizes of the event emission benchmark. */
const EVENTS_QUICK_ARGS = ["holds=2000", "keys=20", "repeat=1"]
const EVENTS_PREFIX = "events:"
/** `--quick`'s sizes of the departures benchmark: 20 resources × 4 departures × 30 dates, 2,000 overdue holds (one round), a burst of 40. */
const DEPARTURES_QUICK_ARGS = ["resources=20", "days=30", "calls=20", "holds=2000", "keys=200", "repeat=1", "burst=40"]
const DEPARTURES_PREFIX = "departures:"

/**
 * A `medusa exec` benchmark's arguments: `--quick` (which `medusa exec` would refuse)
 * becomes `quickArgs`; arguments given still win.
 */
function benchmarkArgs(argv, quickArgs) {
  const given = argv.filter((arg) => arg !== "--quick")
  if (given.length === argv.length) {
    return given
  }
  const named = new Set(given.map((arg) => arg.split("=")[0]))
  return [...quickArgs.filter((arg) => !named.has(arg.split("=")[0])), ...given]
}

/** The arguments written `<prefix>name=value`, unprefixed, and `--quick`. */
function prefixedArgs(argv, prefix) {
  return argv.filter((arg) => arg === "--quick" || arg.startsWith(prefix)).map((arg) => arg.replace(prefix, ""))
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
  const own = argv.filter((arg) => ![HTTP_PREFIX, SCALE_PREFIX, EVENTS_PREFIX, DEPARTURES_PREFIX].some((prefix) => arg.startsWith(prefix)))
  run("npx", ["medusa", "exec", "./scripts/bench/cleanup.ts", ...benchmarkArgs(own, QUICK_ARGS)], env)
  run("npx", ["medusa", "exec", "./scripts/bench/scale.ts", ...benchmarkArgs(prefixedArgs(argv, SCALE_PREFIX), SCALE_QUICK_ARGS)], env)
  run("node", ["scripts/bench/http.js", ...httpBenchmarkArgs(argv)], process.env)
  const eventsArgs = ["medusa", "exec", "./scripts/bench/events.ts", ...benchmarkArgs(prefixedArgs(argv, EVENTS_PREFIX), EVENTS_QUICK_ARGS)]
  const { REDIS_URL: _unset, ...localEnv } = env
  run("npx", eventsArgs, localEnv)
  const cleanups = []
  const redis = await createScratchRedis(process.env.REDIS_URL || "redis://127.0.0.1:6379", { cleanups })
  try {
    run("npx", eventsArgs, { ...env, REDIS_URL: redis.url }, { exit: false })
  } finally {
    for (const cleanup of cleanups) await cleanup()
  }
  if (failed) process.exit(failed)
  const departuresArgs = benchmarkArgs(prefixedArgs(argv, DEPARTURES_PREFIX), DEPARTURES_QUICK_ARGS)
  run("npx", ["medusa", "exec", "./scripts/bench/departures.ts", ...departuresArgs], env)
}

main().catch(exitWithDatabaseSetupError)
