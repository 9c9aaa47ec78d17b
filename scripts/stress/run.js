#!/usr/bin/env node
/**
 * `npm run stress [-- --quick] [name=value…]`: what production does to a booking system
 * beyond the test suite's races, on a scratch database of the project's embedded PostgreSQL
 * and the production build (`medusa build`, `medusa start`):
 *
 * 1. crash: a cleanup of `crash-holds` overdue holds of 1 to 7 dates, some with a turnaround
 *    day (100,000; 20,000 with --quick), in a child process killed with SIGKILL after its
 *    first batch (crash.js);
 * 2. outage: a server whose database connections are terminated mid-cleanup and refused for
 *    `outage-seconds` (30; 10) through a proxy (outage.js, pg-proxy.js), the same mix of holds;
 * 3. soak: a random mixed workload of one-date holds and ranges over a few hot keys for
 *    `soak-seconds` (600; 60) at `soak-clients` (8) clients (soak.js): zero deadlocks, zero
 *    5xx, zero drift, also in readings taken while the load runs; operations per second and
 *    the 409 rate.
 *
 * The capacity invariant (lib/capacity-invariant.js) counts every date each live hold
 * occupies, so a range half expired or half released anywhere fails it.
 *
 * Prints each check and the figures; logs in .stress/. Cleans up every process, the
 * scratch database and the run folder; exits non-zero on any failure.
 */
const fs = require("fs")
const os = require("os")
const path = require("path")
const { Client } = require("pg")
const { client } = require("../lib/http")
const { createCheckList } = require("../lib/check-list")
const { createCleanupRegistry } = require("../lib/cleanup-registry")
const { createScratchDatabase } = require("../lib/scratch-database")
const { childEnv, freePort, runMedusa, seconds, startMedusa, stopGroup } = require("../lib/processes")
const { prepareRunFolder, quietSchedule } = require("../lib/built-app")
const { createStorefront, secretKeyHeaders } = require("../lib/store-setup")
const { startPgProxy } = require("./pg-proxy")
const { runCrash } = require("./crash")
const { runOutage } = require("./outage")

const ROOT = path.resolve(__dirname, "../..")
const LOGS = path.join(ROOT, ".stress")
const ADMIN = { email: "admin@stress.local", password: `stress-${process.pid}-${Date.now()}` }
const FULL = { "crash-holds": 100_000, "crash-keys": 1000, "outage-holds": 100_000, "outage-keys": 2000, "outage-seconds": 30, "soak-seconds": 600, "soak-clients": 8 }
const QUICK = { "crash-holds": 20_000, "crash-keys": 200, "outage-holds": 20_000, "outage-keys": 1000, "outage-seconds": 10, "soak-seconds": 60, "soak-clients": 8 }

const { step, check, fail, report } = createCheckList()
const { cleanups, cleanUp, wasInterrupted } = createCleanupRegistry()

function settings(argv) {
  const base = argv.includes("--quick") ? QUICK : FULL
  const given = Object.fromEntries(
    argv.filter((arg) => arg.includes("=")).map((arg) => {
      const [name, value] = arg.split("=")
      if (!(name in FULL)) throw new Error(`unknown argument ${name} (known: ${Object.keys(FULL).join(", ")})`)
      return [name, Number(value)]
    })
  )
  return { ...base, ...given }
}

/** `medusa start` of the run folder in `shared` mode (HTTP and jobs), own port and process group. */
async function startShared({ runDir, databaseUrl, name, schedule }) {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const logFile = path.join(LOGS, `${name}.log`)
  const env = childEnv({
    DATABASE_URL: databaseUrl,
    NODE_ENV: "production",
    JWT_SECRET: "stress-jwt-secret",
    COOKIE_SECRET: "stress-cookie-secret",
    STORE_CORS: url,
    ADMIN_CORS: url,
    AUTH_CORS: url,
    HOLD_CLEANUP_INTERVAL: schedule,
  })
  const app = await startMedusa({ cwd: runDir, env, port, logFile, cleanups, timeoutMs: 240_000 })
  return { ...app, url, logFile }
}

async function main() {
  const sizes = settings(process.argv.slice(2))
  fs.rmSync(LOGS, { recursive: true, force: true })
  fs.mkdirSync(LOGS, { recursive: true })
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), "medusa-resource-booking-stress-"))
  cleanups.push(() => fs.rmSync(runDir, { recursive: true, force: true }))
  console.log(`stress — crash, outage and soak (${JSON.stringify(sizes)}; logs: ${path.relative(ROOT, LOGS)}/)`)
  const figures = {}

  step("scratch database, medusa build ‖ db:migrate + user")
  const scratch = await createScratchDatabase("medusa_rb_stress", { log: (line) => console.log(`  ${line}`), cleanups })
  const dbEnv = childEnv({ DATABASE_URL: scratch.url, LOG_LEVEL: "warn" })
  const built = runMedusa(["build"], { env: childEnv(), logFile: path.join(LOGS, "build.log"), cleanups })
  const migrated = runMedusa(["db:migrate"], { env: dbEnv, logFile: path.join(LOGS, "migrate.log"), cleanups }).then(() =>
    runMedusa(["user", "-e", ADMIN.email, "-p", ADMIN.password], { env: dbEnv, logFile: path.join(LOGS, "user.log"), cleanups })
  )
  await check("medusa build, the scratch database migrated, an admin user", async () => {
    const [buildSeconds] = await Promise.all([built, migrated])
    prepareRunFolder(runDir)
    return `build ${buildSeconds} s; database ${scratch.name}`
  })
  const db = new Client({ connectionString: scratch.url })
  await db.connect()
  cleanups.push(() => db.end())

  step(`crash mid-cleanup (${sizes["crash-holds"]} overdue holds of 1–7 dates)`)
  const crashStarted = Date.now()
  figures.crash = await runCrash({ db, databaseUrl: scratch.url, holds: sizes["crash-holds"], keys: sizes["crash-keys"], logDir: LOGS, cleanups, check })
  figures.crash.seconds = seconds(crashStarted)

  step(`database outage (${sizes["outage-holds"]} overdue holds of 1–7 dates, ${sizes["outage-seconds"]} s unreachable)`)
  const proxy = await startPgProxy({ targetHost: scratch.host, targetPort: Number(scratch.port) })
  cleanups.push(() => proxy.close())
  const proxied = new URL(scratch.url)
  proxied.port = String(proxy.port)
  const outageApp = await startShared({ runDir, databaseUrl: proxied.toString(), name: "outage-server", schedule: quietSchedule() })
  const outageApi = client(outageApp.url)
  const secret = await secretKeyHeaders(outageApi, ADMIN, "stress")
  const outageStarted = Date.now()
  figures.outage = await runOutage({
    db,
    databaseName: scratch.name,
    proxy,
    baseUrl: outageApp.url,
    admin: secret.headers,
    adminUser: ADMIN,
    holds: sizes["outage-holds"],
    keys: sizes["outage-keys"],
    outageSeconds: sizes["outage-seconds"],
    logFile: outageApp.logFile,
    check,
  })
  figures.outage.seconds = seconds(outageStarted)
  await stopGroup(outageApp.pid)

  if (sizes["soak-seconds"] === 0) {
    console.log(`\nFIGURES ${JSON.stringify(figures)}`)
    return
  }
  const { runSoak } = require("./soak")
  step(`soak: ${sizes["soak-seconds"]} s of mixed traffic, ${sizes["soak-clients"]} clients, cleanup every 5 s`)
  const soakApp = await startShared({ runDir, databaseUrl: scratch.url, name: "soak-server", schedule: "*/5 * * * * *" })
  const soakApi = client(soakApp.url)
  const storefront = await createStorefront(soakApi, secret.headers, "Stress")
  await check(`soak: zero deadlocks, zero 5xx, zero unexpected 4xx, zero drift`, async () => {
    const result = await runSoak({
      baseUrl: soakApp.url,
      db,
      databaseUrl: scratch.url,
      admin: secret.headers,
      storefront,
      durationSeconds: sizes["soak-seconds"],
      concurrency: sizes["soak-clients"],
      logFile: soakApp.logFile,
      log: (line) => console.log(`    ${line}`),
    })
    figures.soak = result
    const total = (field) => Object.values(result.byOperation).reduce((sum, op) => sum + (op[field] ?? 0), 0)
    const fiveXX = total("server5xx")
    const unexpected4xx = total("other4xx")
    const deadlocks = result.deadlocks + (result.deadlockLogLines?.length ?? 0)
    if (fiveXX || unexpected4xx || deadlocks || result.transportErrors.count || !result.drift.ok) {
      throw new Error(
        `5xx ${fiveXX} (${JSON.stringify(result.serverErrors)}), unexpected 4xx ${unexpected4xx} (${JSON.stringify(result.otherErrors)}), ` +
          `deadlocks ${deadlocks}, unanswered ${result.transportErrors.count}, drift: ${result.drift.detail}`
      )
    }
    const ops = Object.entries(result.byOperation).map(([name, op]) => `${name} ${op.ok}/${op.refused}/${op.conflict409}`).join(", ")
    return `${result.operations} operations in ${result.seconds} s (${result.opsPerSecond.toFixed(0)}/s); ok/refused/409 by operation: ${ops}; 409 rate ${(result.conflictRate * 100).toFixed(2)}%; 0 deadlocks, 0 5xx; ${result.drift.detail}`
  })
  await check("soak: ranges throughout, none half-expired: every reading under load and every span exact", async () => {
    const { snapshots, spans, holdsBySpan, spanMismatches } = figures.soak ?? {}
    if (!snapshots) throw new Error("the soak did not finish")
    if (snapshots.failed || snapshots.errors || snapshots.count === 0) {
      throw new Error(`${snapshots.count} invariant readings under load, ${snapshots.failed} failed, ${snapshots.errors} errors: ${JSON.stringify(snapshots.first.slice(0, 2))}`)
    }
    if (spanMismatches.count || spans.wrongSpan) {
      throw new Error(`${spanMismatches.count} granted holds not on the asked dates (${JSON.stringify(spanMismatches.first.slice(0, 2))}); ${spans.wrongSpan} holds whose occupied_to is not end_date + turnaround`)
    }
    const ranges = (status) => spans.byStatus[status]?.ranges ?? 0
    const turnaround = Object.values(spans.byStatus).reduce((n, shape) => n + shape.turnaround, 0)
    if (!holdsBySpan.ranges || !ranges("EXPIRED") || !turnaround) {
      throw new Error(`ranges were not exercised: ${holdsBySpan.ranges} granted, ${ranges("EXPIRED")} expired, ${turnaround} with turnaround (${JSON.stringify(spans.byStatus)})`)
    }
    const shapes = Object.entries(spans.byStatus).map(([status, shape]) => `${status} ${shape.holds} (${shape.ranges} ranges, ${shape.turnaround} with turnaround)`)
    return `${holdsBySpan.oneDate} one-date holds and ${holdsBySpan.ranges} ranges granted, each on the dates asked; now ${shapes.join(", ")}; ${snapshots.count} invariant readings while the load ran, all exact`
  })
  console.log(`\nFIGURES ${JSON.stringify(figures)}`)
}

main()
  .catch(fail)
  .then(cleanUp)
  .then(() => {
    const ok = report("stress", { failed: `; logs in ${path.relative(ROOT, LOGS)}/` })
    process.exit(wasInterrupted() ? 130 : ok ? 0 : 1)
  })
