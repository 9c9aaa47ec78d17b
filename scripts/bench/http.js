#!/usr/bin/env node
/**
 * `node scripts/bench/http.js [--quick] [duration=N] [connections=1,8,32] [holds=N] [carts=N]
 * [api-carts=N] [warmup=N] [health=N] [bursts=N] [burst-size=N]` (also `npm run bench:http -- …`,
 * and the third part of `npm run bench`): HTTP load on the production server. Arguments: http/args.js.
 *
 * 1. A scratch database on the project's PostgreSQL (BENCH_DATABASE_URL's server if set),
 *    migrated (`medusa db:migrate`), an admin user (`medusa user`), while `medusa build`
 *    builds the app (no Admin). Autovacuum is off for the hold, capacity and cart tables:
 *    their planner statistics change only when this script runs ANALYZE.
 * 2. `medusa start` on a free port, NODE_ENV=production, the cleanup job on a daily schedule
 *    12 hours away (it never fires during the run), its own process group, with the lock
 *    timing hook preloaded (http/lock-timing-hook.js: idle until the bursts arm it).
 * 3. Seeds over the admin and store APIs (http/seed.js): a storefront, one hot resource+date,
 *    300 spread ones (and 7-date ranges within them), 300 departures (15 departure resources),
 *    a burst resource, `api-carts` carts.
 * 4. Phase "fresh" (http/phase.js), ANALYZE before each measurement (current statistics, as
 *    autovacuum keeps them on small tables): autocannon against POST /store/resource-booking/holds
 *    (A: the hot key, B: the 300 keys, C: 7-date ranges, D: the 300 departures; one cart per request) and
 *    GET /store/carts/:id, and the same hold transaction as raw SQL, at each concurrency for
 *    `duration` seconds; then the lock hold bursts (one date, seven dates; http/lock-hold.js);
 *    then GET /admin/resource-booking/health timed. Then the checks (http/verify.js): capacity
 *    invariant in SQL (the holds occupying each date), health's drift_records 0, the holds in
 *    the table match the answers.
 * 5. ANALYZE, then the tables are grown with SQL to `holds` holds and `carts` carts
 *    (http/grow.js) and NOT analyzed again, as production statistics lag behind bulk changes.
 *    Phase "grown": the same load and checks.
 * 6. Prints the measurements (with the CPU milliseconds per request the app's processes and
 *    the database's backends spent, read from /proc: comparable even while other work shares
 *    the machine), holds-route ÷ GET-cart and ÷ raw-SQL ratios, departures ÷ one-date holds,
 *    7-date ranges ÷ one-date
 *    holds, grown ÷ fresh ratios, the lock hold times and the health latencies.
 *
 * Exits non-zero on a failed set-up step, any 5xx answer, or any failed check. Stops the
 * server (by its process group) and drops the scratch database whatever happens; the logs
 * (build, migration, server) stay in a temp folder, named at the end, only after a failure.
 */
const fs = require("fs")
const os = require("os")
const path = require("path")
const { Client } = require("pg")
const { parseArgs } = require("./http/args")
const { prepareRunFolder, quietSchedule } = require("../lib/built-app")
const { seedStore } = require("./http/seed")
const { CartPool } = require("./http/cart-pool")
const { freezeStatistics, takeStatistics, statisticsAge } = require("./http/statistics")
const { growTables } = require("./http/grow")
const { runPhase, KINDS, RAW_CART_PREFIX } = require("./http/phase")
const { capacityInvariant, holdAccounting } = require("./http/verify")
const { measurementTable, routeRatioTable, rangeRatioTable, departureRatioTable, growthRatioTable, lockHoldTable, healthTable } = require("./http/report")
const { client } = require("../lib/http")
const { createCheckList } = require("../lib/check-list")
const { childEnv, freePort, startMedusa, runMedusa } = require("../lib/processes")
const { createScratchDatabase } = require("../lib/scratch-database")
const { createCleanupRegistry } = require("../lib/cleanup-registry")

const ADMIN = { email: "admin@bench.local", password: `bench-${process.pid}-${Date.now()}` }

const { step, check, fail, report } = createCheckList()
const { cleanups, cleanUp, wasInterrupted } = createCleanupRegistry()
let keepLogs = true

async function main(settings) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "medusa-rb-bench-http-"))
  const runDir = path.join(workDir, "app")
  const logDir = path.join(workDir, "logs")
  fs.mkdirSync(logDir)
  cleanups.push(() => {
    fs.rmSync(runDir, { recursive: true, force: true })
    if (keepLogs) console.log(`  logs kept in ${logDir}`)
    else fs.rmSync(workDir, { recursive: true, force: true })
  })
  console.log(
    `HTTP benchmark${settings.quick ? " (quick)" : ""}: ${settings.duration} s per measurement, connections ${settings.connections.join(",")}, ` +
      `grown to ${settings.holds} holds / ${settings.carts} carts; ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`
  )

  step("scratch database; medusa build ‖ medusa db:migrate + medusa user")
  const scratch = await createScratchDatabase("medusa_rb_bench_http", { serverUrl: process.env.BENCH_DATABASE_URL, log: (line) => console.log(`  ${line}`), cleanups })
  const databaseUrl = scratch.url
  const dbEnv = childEnv({ DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" })
  const built = runMedusa(["build"], { env: childEnv(), logFile: path.join(logDir, "build.log"), cleanups })
  const migrated = runMedusa(["db:migrate"], { env: dbEnv, logFile: path.join(logDir, "migrate.log"), cleanups }).then(async (migrateSeconds) => ({
    migrateSeconds,
    userSeconds: await runMedusa(["user", "-e", ADMIN.email, "-p", ADMIN.password], { env: dbEnv, logFile: path.join(logDir, "user.log"), cleanups }),
  }))
  const [buildResult, migrateResult] = await Promise.allSettled([built, migrated])
  await check("medusa build (app only), copied to a run folder", async () => {
    if (buildResult.status === "rejected") throw buildResult.reason
    prepareRunFolder(runDir)
    return `${buildResult.value} s`
  })
  await check(`database ${scratch.name} migrated, admin user created`, async () => {
    if (migrateResult.status === "rejected") throw migrateResult.reason
    return `migrated in ${migrateResult.value.migrateSeconds} s, user in ${migrateResult.value.userSeconds} s`
  })
  const db = new Client({ connectionString: databaseUrl })
  // A lost connection (the server stopped) fails the next query and the run, which then cleans
  // up; without a listener the 'error' event would end the process before its cleanups.
  db.on("error", (error) => console.error(`  benchmark database connection: ${error.message}`))
  await db.connect()
  cleanups.push(() => db.end().catch(() => {}))
  await freezeStatistics(db)

  step("medusa start (NODE_ENV=production)")
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const schedule = quietSchedule()
  const lockHookFile = path.join(workDir, "lock-timing.json")
  let app
  await check("the built app starts and GET /health answers 200", async () => {
    const started = Date.now()
    const env = childEnv({
      DATABASE_URL: databaseUrl,
      NODE_ENV: "production",
      JWT_SECRET: `bench-jwt-${process.pid}`,
      COOKIE_SECRET: `bench-cookie-${process.pid}`,
      STORE_CORS: baseUrl,
      ADMIN_CORS: baseUrl,
      AUTH_CORS: baseUrl,
      HOLD_CLEANUP_INTERVAL: schedule,
      NODE_OPTIONS: `--require ${path.join(__dirname, "http", "lock-timing-hook.js")}`,
      RB_LOCK_TIMING_FILE: lockHookFile,
    })
    app = await startMedusa({ cwd: runDir, env, port, logFile: path.join(logDir, "medusa.log"), cleanups })
    return (
      `port ${port} after ${((Date.now() - started) / 1000).toFixed(1)} s (pid ${app.pid}); one process, Medusa's default ` +
      `database pool and log level (a JSON line per request); cleanup schedule "${schedule}" (will not fire)`
    )
  })

  step("seed over the admin and store APIs")
  const api = client(baseUrl)
  const [{ today }] = (await db.query("SELECT to_char(current_date, 'YYYY-MM-DD') AS today")).rows
  let seeded
  await check(`storefront, 1 hot + 300 spread resource+dates, ${settings["api-carts"]} carts through POST /store/carts`, async () => {
    seeded = await seedStore({ api, admin: ADMIN, today, apiCarts: settings["api-carts"] })
    return `hot ${seeded.hotKeys[0].resource_id} on ${seeded.hotKeys[0].date}; carts at ${seeded.cartsPerSecond.toFixed(0)}/s`
  })

  const run = {
    baseUrl,
    databaseUrl,
    databaseName: scratch.name,
    db,
    appPid: app.pid,
    seeded,
    settings,
    results: [],
    healths: [],
    lockHolds: [],
    lockHookFile,
    tally: { created: 0, inFlight: 0, rawCommitted: 0, fiveXX: 0 },
    log: (line) => console.log(`  ${line}`),
  }
  const loadResourceIds = [...new Set([...seeded.hotKeys, ...seeded.spreadKeys, ...seeded.departureKeys, seeded.burstKeys.one].map((key) => key.resource_id))]

  async function phaseWithChecks(phase, pool, options) {
    step(`phase "${phase}": load`)
    const health = await runPhase(run, phase, pool, options)
    step(`phase "${phase}": checks`)
    await check("no 5xx answer so far", async () => {
      if (run.tally.fiveXX) throw new Error(`${run.tally.fiveXX} answers with a 5xx status (see the table; server log medusa.log)`)
    })
    await check("capacity invariant in SQL: available = max − Σ ACTIVE+CONFIRMED holds occupying the date, never below 0", async () => {
      const result = await capacityInvariant(db)
      if (!result.ok) throw new Error(result.detail)
      return result.detail
    })
    await check("GET /admin/resource-booking/health: capacity.drift_records 0", async () => {
      const drift = health.report?.capacity?.drift_records
      if (drift !== 0) throw new Error(`drift_records ${drift}; report ${JSON.stringify(health.report).slice(0, 500)}`)
      return `status "${health.report.status}", ${health.report.holds.total} holds`
    })
    await check("the holds in the table are the holds answered", async () => {
      const result = await holdAccounting(db, { resourceIds: loadResourceIds, rawPrefix: RAW_CART_PREFIX, ...run.tally })
      if (!result.ok) throw new Error(result.detail)
      return result.detail
    })
  }

  const freshPool = new CartPool(db, seeded.cartIds[0], "cart_benchfresh")
  freshPool.add(seeded.cartIds)
  await phaseWithChecks("fresh", freshPool, { beforeEach: () => takeStatistics(db) })

  step(`ANALYZE, then grow to ${settings.holds} holds and ${settings.carts} carts with SQL (no ANALYZE after)`)
  let grown
  await check("tables grown", async () => {
    await takeStatistics(db)
    grown = await growTables(db, { holds: settings.holds, carts: settings.carts, storefront: seeded.storefront })
    const s = grown.seconds
    return (
      `${grown.holdsInserted} holds (${s.holds?.toFixed(1) ?? 0} s), ${grown.cartsInserted} carts (${s.carts.toFixed(1)} s), ` +
      `${grown.resources} resources, ${grown.capacityRows} capacity rows (${s.capacity.toFixed(1)} s)`
    )
  })
  for (const { table, plannerRows, rows } of await statisticsAge(db)) {
    console.log(`  ${table}: ${rows} rows, planner statistics say ${plannerRows}`)
  }
  const grownPool = new CartPool(db, seeded.cartIds[0], "cart_benchgrown")
  grownPool.add(grown.openCartIds)
  await phaseWithChecks("grown", grownPool)

  step("results")
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`)
  console.log(`\n${measurementTable(run.results)}`)
  console.log(`\nholds route ÷ Medusa's GET /store/carts/:id, and ÷ the same hold as raw SQL (req/s over req/s):\n${routeRatioTable(run.results, KINDS)}`)
  console.log(`\n7-date range holds (C) ÷ one-date holds (B), the same route and run (req/s over req/s):\n${rangeRatioTable(run.results, KINDS)}`)
  console.log(`\ndeparture holds (D) ÷ one-date holds (B), 300 keys each, the same route and run (req/s over req/s; target ≥ 0.90):\n${departureRatioTable(run.results, KINDS)}`)
  console.log(`\ngrown tables ÷ fresh tables (req/s over req/s):\n${growthRatioTable(run.results)}`)
  console.log(
    `\nlock hold time per hold (the dates' locks granted → released, database clock), bursts of ${settings["burst-size"]} concurrent ` +
      `POST /store/resource-booking/holds on one resource; parts are medians:\n${lockHoldTable(run.lockHolds)}`
  )
  console.log(`\nGET /admin/resource-booking/health, ${settings.health} sequential requests after each phase's load:\n${healthTable(run.healths)}`)
}

let settings
try {
  settings = parseArgs(process.argv.slice(2))
} catch (error) {
  console.error(error.message)
  process.exit(2)
}

main(settings)
  .then(() => (keepLogs = false))
  .catch(fail)
  .then(cleanUp)
  .then(() => {
    const ok = report("bench:http", { passed: "", failed: "" })
    process.exit(wasInterrupted() ? 130 : ok ? 0 : 1)
  })
