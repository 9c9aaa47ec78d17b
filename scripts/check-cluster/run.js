#!/usr/bin/env node
/**
 * `npm run check:cluster`: the cleanup job and the hold routes on several instances, the
 * way Medusa runs a store that outgrew one process.
 *
 * On one scratch database (the project's embedded PostgreSQL) and a Redis database of its
 * own on the local Redis (REDIS_URL, default redis://127.0.0.1:6379):
 *
 * 1. `medusa build` ‖ `medusa db:migrate` + `medusa user`; the build copied to a run folder.
 * 2. With Redis: two `server` and two `worker` processes (MEDUSA_WORKER_MODE), the cleanup
 *    on a 6-field schedule every 5 seconds. Overdue holds are seeded before each of at
 *    least 6 ticks; the persisted run history must show one run per tick across both
 *    workers, none by a server, every hold expired once and every unit restored once.
 * 3. One hot date sold through both servers at once: exactly its capacity is granted.
 * 4. A forced overlap: one key's lock held from outside for 2.4 intervals, so a run lasts
 *    longer than the interval; the runs of the ticks it overlaps are skipped.
 * 5. The worker running a cleanup is killed with SIGKILL mid-run; its run is marked
 *    interrupted and the other worker's later runs finish the work.
 * 6. auditCapacity() (through `medusa exec`) is empty, and the server's health report
 *    agrees with the database.
 * 7. Control, the same cluster without REDIS_URL: every worker runs every tick (two runs per
 *    tick). If it does not, the check above proves nothing and this check fails. Its two
 *    servers run with unsafe_skip_locking (plain read-then-write): the same hot-date race
 *    must oversell there.
 *
 * Prints a table of ticks and runs per worker for each phase; logs go to .check-cluster/.
 * Stops every process (by process group), drops the database, flushes its Redis database,
 * and exits non-zero on any failure.
 */
const fs = require("fs")
const os = require("os")
const path = require("path")
const { Client } = require("pg")
const { client, expectStatus } = require("../lib/http")
const { createCheckList } = require("../lib/check-list")
const { createCleanupRegistry } = require("../lib/cleanup-registry")
const { createScratchDatabase } = require("../lib/scratch-database")
const { childEnv, runMedusa, seconds, MEDUSA } = require("../lib/processes")
const { prepareRunFolder } = require("../lib/built-app")
const { capacityInvariant } = require("../lib/capacity-invariant")
const { createStorefront, secretKeyHeaders } = require("../lib/store-setup")
const { startCluster, stopCluster, TICK_MS, SCHEDULE } = require("./cluster")
const { createScratchRedis } = require("../lib/scratch-redis")
const { createResource, seedOverdueHolds, holdStatuses, holdKeyLock } = require("./seed")
const { runsSince, byTick, ticksBetween, tickTable } = require("./run-history")
const { raceForHotDate, describeRace } = require("./hot-date")
const { addDays } = require("../lib/calendar")

const ROOT = path.resolve(__dirname, "../..")
const LOGS = path.join(ROOT, ".check-cluster")
const ADMIN = { email: "admin@cluster.local", password: `cluster-${process.pid}-${Date.now()}` }
/** Steady phase: ticks observed, keys, holds per key seeded before each tick. */
const STEADY_TICKS = 6
const KEYS = 10
const PER_KEY = 20
/** Hot date: units on sale and storefront requests racing for them. */
const HOT_CAPACITY = 20
const HOT_ATTEMPTS = 60
/** How long the forced overlap keeps a run waiting on its key: 2.4 intervals. */
const OVERLAP_MS = 12_000

const { step, check, fail, report } = createCheckList()
const { cleanups, cleanUp, wasInterrupted } = createCleanupRegistry()
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Sleeps until `offsetMs` past the next tick boundary (the schedule fires on multiples of 5 s). */
async function untilTickOffset(offsetMs) {
  const now = Date.now()
  let target = Math.floor(now / TICK_MS) * TICK_MS + offsetMs
  if (target <= now) target += TICK_MS
  await sleep(target - now)
}

async function connect(url) {
  const db = new Client({ connectionString: url })
  await db.connect()
  return db
}

/** Sum of units restored by the runs, and the runs' statuses counted. */
function tally(runs) {
  const statuses = {}
  for (const run of runs) statuses[run.status] = (statuses[run.status] ?? 0) + 1
  return { restored: runs.reduce((sum, run) => sum + run.capacity_restored, 0), expired: runs.reduce((sum, run) => sum + run.expired_count, 0), statuses }
}

/** The first run since `since` recorded as running (polled for up to three ticks), or null. */
async function untilRunning(db, since) {
  const deadline = Date.now() + 3 * TICK_MS
  while (Date.now() < deadline) {
    const running = (await runsSince(db, since)).find((run) => run.status === "running")
    if (running) return running
    await sleep(100)
  }
  return null
}

/**
 * Seeds PER_KEY overdue holds on each key (tagged `tag`) half-way between ticks, before each
 * of `count` ticks; returns the runs since the first of them and the ticks seen in full.
 */
async function observeTicks(db, keys, tag, count) {
  await untilTickOffset(2500)
  const from = new Date(Math.ceil(Date.now() / TICK_MS) * TICK_MS)
  let seeded = 0
  for (let i = 0; i < count; i++) {
    seeded += await seedOverdueHolds(db, keys, PER_KEY, tag)
    await untilTickOffset(2500)
  }
  await untilTickOffset(2500)
  const to = new Date(Math.floor(Date.now() / TICK_MS) * TICK_MS + TICK_MS)
  const runs = await runsSince(db, from)
  return { from, seeded, runs, ticks: ticksBetween(byTick(runs, TICK_MS), from, to) }
}

const pidsOf = (processes) => new Set(processes.map((p) => p.pid))

async function main() {
  fs.rmSync(LOGS, { recursive: true, force: true })
  fs.mkdirSync(LOGS, { recursive: true })
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), "medusa-resource-booking-cluster-"))
  const controlDir = fs.mkdtempSync(path.join(os.tmpdir(), "medusa-resource-booking-cluster-control-"))
  cleanups.push(() => fs.rmSync(runDir, { recursive: true, force: true }))
  cleanups.push(() => fs.rmSync(controlDir, { recursive: true, force: true }))
  console.log(`check:cluster — the cleanup job and the hold routes on several instances (logs: ${path.relative(ROOT, LOGS)}/)`)

  step("scratch database, scratch Redis database, medusa build ‖ db:migrate + user")
  const scratch = await createScratchDatabase("medusa_rb_cluster", { log: (line) => console.log(`  ${line}`), cleanups })
  const redis = await createScratchRedis(process.env.REDIS_URL || "redis://127.0.0.1:6379", { cleanups })
  console.log(`  database ${scratch.name} on ${scratch.host}:${scratch.port}; Redis ${redis.url}`)
  const dbEnv = childEnv({ DATABASE_URL: scratch.url, LOG_LEVEL: "warn" })
  const built = runMedusa(["build"], { env: childEnv(), logFile: path.join(LOGS, "build.log"), cleanups })
  const migrated = runMedusa(["db:migrate"], { env: dbEnv, logFile: path.join(LOGS, "migrate.log"), cleanups }).then(async () =>
    runMedusa(["user", "-e", ADMIN.email, "-p", ADMIN.password], { env: dbEnv, logFile: path.join(LOGS, "user.log"), cleanups })
  )
  await check("medusa build, the scratch database migrated, an admin user", async () => {
    const [buildSeconds] = await Promise.all([built, migrated])
    prepareRunFolder(runDir)
    prepareRunFolder(controlDir, { moduleOptions: { unsafe_skip_locking: true } })
    return `build ${buildSeconds} s; run folders ${runDir} and (control) ${controlDir}`
  })
  const db = await connect(scratch.url)
  cleanups.push(() => db.end())
  const dbNow = async () => (await db.query("SELECT clock_timestamp() AS now")).rows[0].now

  step(`with Redis: 2 servers + 2 workers, cleanup "${SCHEDULE}"`)
  let cluster = []
  await check("two server and two worker processes start on the scratch database and Redis", async () => {
    const started = Date.now()
    cluster = await startCluster({ runDir, logDir: LOGS, label: "redis", databaseUrl: scratch.url, redisUrl: redis.url, servers: 2, workers: 2, cleanups })
    return `${cluster.map((p) => `${p.name} pid ${p.pid} :${p.port}`).join(", ")} in ${seconds(started)} s`
  })
  const servers = cluster.filter((p) => p.mode === "server")
  const workers = cluster.filter((p) => p.mode === "worker")
  await check("servers serve the booking routes; workers do not (404)", async () => {
    const seen = []
    for (const p of cluster) {
      const { status } = await client(p.url).get("/admin/resource-booking/health")
      const expected = p.mode === "server" ? 401 : 404
      if (status !== expected) throw new Error(`${p.name}: GET /admin/resource-booking/health without credentials answered ${status}, expected ${expected}`)
      seen.push(`${p.name} ${status}`)
    }
    for (const p of cluster) {
      const log = fs.readFileSync(p.logFile, "utf8")
      for (const module of ["event-bus-redis", "workflow-engine-redis", "locking-redis", "cache-redis"]) {
        if (!log.includes(module)) throw new Error(`${p.name}: its log never mentions ${module}; is REDIS_URL reaching medusa-config?`)
      }
    }
    return `${seen.join(", ")}; every log shows the Redis event bus, workflow engine, locking and cache`
  })

  const api = client(servers[0].url)
  const secret = await secretKeyHeaders(api, ADMIN, "check-cluster")
  const storefront = await createStorefront(api, secret.headers, "Cluster")
  const today = (await db.query("SELECT to_char(current_date, 'YYYY-MM-DD') AS today")).rows[0].today
  const dates = Array.from({ length: KEYS }, (_, i) => addDays(today, 10 + i))
  const tourId = await createResource(api, secret.headers, "Cluster tour", dates, 100_000)
  const keys = dates.map((date) => ({ resource_id: tourId, date }))

  step(`with Redis: ${STEADY_TICKS} ticks, ${KEYS * PER_KEY} overdue holds seeded before each`)
  const { from: steadyFrom, seeded, runs: steadyRuns, ticks: steadyTicks } = await observeTicks(db, keys, "steady", STEADY_TICKS)
  console.log(tickTable(steadyTicks, workers))
  await check(`one run per tick across both workers, over at least ${STEADY_TICKS} ticks`, async () => {
    if (steadyTicks.length < STEADY_TICKS) throw new Error(`only ${steadyTicks.length} ticks had a run in the window`)
    const wrong = steadyTicks.filter(({ runs }) => runs.length !== 1 || runs[0].status !== "succeeded")
    if (wrong.length) throw new Error(`${wrong.length} of ${steadyTicks.length} ticks did not have exactly one succeeded run (see the table)`)
    const outsiders = steadyRuns.filter((run) => !pidsOf(workers).has(run.pid))
    if (outsiders.length) throw new Error(`runs by processes other than the workers: ${outsiders.map((run) => run.runner).join(", ")}`)
    const perWorker = workers.map((w) => `${w.name} ${steadyRuns.filter((run) => run.pid === w.pid).length}`)
    return `${steadyTicks.length} ticks, ${steadyTicks.length} runs (${perWorker.join(", ")}), none by a server`
  })
  await check("every seeded hold expired once and every unit restored once", async () => {
    const statuses = await holdStatuses(db, "steady")
    const { restored, expired } = tally(await runsSince(db, steadyFrom))
    if (statuses.EXPIRED !== seeded || Object.keys(statuses).length !== 1) throw new Error(`seeded ${seeded}; statuses ${JSON.stringify(statuses)}`)
    if (restored !== seeded || expired !== seeded) throw new Error(`seeded ${seeded} units; the runs expired ${expired} holds and restored ${restored} units`)
    const invariant = await capacityInvariant(db)
    if (!invariant.ok) throw new Error(invariant.detail)
    return `${seeded} holds EXPIRED; runs expired ${expired}, restored ${restored}; ${invariant.detail}`
  })

  step(`with Redis: one hot date (capacity ${HOT_CAPACITY}) sold through both servers at once`)
  const hotDate = addDays(today, 40)
  const hotKey = { resource_id: await createResource(api, secret.headers, "Cluster hot date", [hotDate], HOT_CAPACITY), date: hotDate }
  await check(`${HOT_ATTEMPTS} carts, half through each server: exactly ${HOT_CAPACITY} units granted`, async () => {
    const race = await raceForHotDate({ apis: servers.map((s) => client(s.url)), storefront, db, key: hotKey, attempts: HOT_ATTEMPTS })
    if (race.serverErrors.length) throw new Error(`5xx answers: ${race.serverErrors.slice(0, 3).join("; ")}`)
    if (race.granted !== HOT_CAPACITY || race.refused !== HOT_ATTEMPTS - HOT_CAPACITY || race.held !== HOT_CAPACITY || race.available !== 0 || race.drift) {
      throw new Error(describeRace(race))
    }
    if (race.perServer.some((granted) => granted === 0)) throw new Error(`one server granted nothing: ${describeRace(race)}`)
    return describeRace(race)
  })

  step(`with Redis: a forced overlap (one key held for ${OVERLAP_MS / 1000} s, longer than the ${TICK_MS / 1000} s interval)`)
  await untilTickOffset(500)
  const overlapFrom = new Date(Math.floor(Date.now() / TICK_MS) * TICK_MS + TICK_MS)
  const overlapSeeded = await seedOverdueHolds(db, keys, PER_KEY, "overlap")
  const block = await holdKeyLock(() => connect(scratch.url), keys[KEYS - 1])
  // The next tick's run reaches the held key and waits there: from its start, keep it waiting.
  await untilRunning(db, overlapFrom)
  await sleep(OVERLAP_MS)
  await block.release()
  await untilTickOffset(2500)
  await untilTickOffset(2500)
  const overlapRuns = await runsSince(db, overlapFrom)
  console.log(tickTable(byTick(overlapRuns, TICK_MS), workers))
  await check("the slow run outlasts the interval and succeeds; the runs of the ticks it overlaps are skipped", async () => {
    const slow = overlapRuns.find((run) => run.status === "succeeded" && run.duration_ms > TICK_MS)
    if (!slow) throw new Error(`no succeeded run longer than ${TICK_MS} ms: ${JSON.stringify(tally(overlapRuns).statuses)}`)
    const slowEnd = slow.started_at.getTime() + slow.duration_ms
    const during = overlapRuns.filter((run) => run !== slow && run.started_at > slow.started_at && run.started_at.getTime() < slowEnd - 250)
    if (!during.length) throw new Error("no run started while the slow run was in progress")
    const notSkipped = during.filter((run) => run.status !== "skipped")
    if (notSkipped.length) throw new Error(`runs that started during the slow run and were not skipped: ${notSkipped.map((run) => `${run.status} by ${run.runner}`).join(", ")}`)
    return `slow run ${slow.duration_ms} ms by ${slow.runner}; ${during.length} overlapping run(s), all skipped`
  })
  await check("the overlapping holds expired once, their units restored once", async () => {
    const statuses = await holdStatuses(db, "overlap")
    const { restored } = tally(overlapRuns)
    if (statuses.EXPIRED !== overlapSeeded || Object.keys(statuses).length !== 1) throw new Error(`seeded ${overlapSeeded}; statuses ${JSON.stringify(statuses)}`)
    if (restored !== overlapSeeded) throw new Error(`seeded ${overlapSeeded} units; the runs restored ${restored}`)
    const invariant = await capacityInvariant(db)
    if (!invariant.ok) throw new Error(invariant.detail)
    return `${overlapSeeded} EXPIRED, ${restored} units restored; ${invariant.detail}`
  })

  step("with Redis: the worker running a cleanup is killed with SIGKILL mid-run")
  await untilTickOffset(500)
  const killFrom = new Date(Math.floor(Date.now() / TICK_MS) * TICK_MS + TICK_MS)
  const killSeeded = await seedOverdueHolds(db, keys, PER_KEY, "killed")
  const killBlock = await holdKeyLock(() => connect(scratch.url), keys[KEYS - 1])
  let victim = null
  const victimRun = await untilRunning(db, killFrom)
  if (victimRun) {
    victim = workers.find((w) => w.pid === victimRun.pid) ?? null
    if (victim) victim.kill()
  }
  await sleep(1000)
  await killBlock.release()
  const survivors = workers.filter((w) => w !== victim)
  await untilTickOffset(2500)
  await untilTickOffset(2500)
  await untilTickOffset(2500)
  const killRuns = await runsSince(db, killFrom)
  console.log(tickTable(byTick(killRuns, TICK_MS), workers))
  await check("the killed worker's run is recorded as interrupted; the other worker's later runs finish the work", async () => {
    if (!victimRun) throw new Error("no run was in progress within three ticks")
    if (!victim) throw new Error(`the running run's runner ${victimRun.runner} is not a worker (${workers.map((w) => w.pid).join(", ")})`)
    if (victim.exited() === null) throw new Error(`${victim.name} is still running after SIGKILL`)
    const record = killRuns.find((run) => run.id === victimRun.id)
    if (record?.status !== "interrupted") throw new Error(`the killed run is ${record?.status ?? "gone"}, expected interrupted`)
    const later = killRuns.filter((run) => run.started_at > victimRun.started_at && run.status === "succeeded")
    if (!later.length || later.some((run) => !pidsOf(survivors).has(run.pid))) {
      throw new Error(`later succeeded runs: ${later.map((run) => run.runner).join(", ") || "none"}; expected only ${survivors.map((w) => w.name).join(", ")}`)
    }
    const statuses = await holdStatuses(db, "killed")
    if (statuses.EXPIRED !== killSeeded || Object.keys(statuses).length !== 1) throw new Error(`seeded ${killSeeded}; statuses ${JSON.stringify(statuses)}`)
    const { restored } = tally(killRuns)
    const invariant = await capacityInvariant(db)
    if (!invariant.ok) throw new Error(invariant.detail)
    // The killed run's committed batches are not in its record: the units are counted by the invariant, not by the runs.
    return `${victim.name} (pid ${victim.pid}) killed in run ${victimRun.id}; ${later.length} later run(s) by ${survivors.map((w) => w.name).join(", ")}; ${killSeeded} holds EXPIRED (recorded runs restored ${restored}); ${invariant.detail}`
  })

  step("auditCapacity() and the server's health report")
  await check("auditCapacity() through medusa exec is empty", async () => {
    const logFile = path.join(LOGS, "audit.log")
    await runMedusa(["exec", "./scripts/check-cluster/audit.ts"], { env: childEnv({ DATABASE_URL: scratch.url, LOG_LEVEL: "warn" }), logFile, cleanups })
    const line = fs.readFileSync(logFile, "utf8").split("\n").find((l) => l.startsWith("AUDIT_CAPACITY "))
    if (!line) throw new Error(`no AUDIT_CAPACITY line in ${logFile}`)
    const drift = JSON.parse(line.slice("AUDIT_CAPACITY ".length))
    if (drift.length) throw new Error(`drift: ${JSON.stringify(drift.slice(0, 3))}`)
    return "[] (no capacity row differs from max − held)"
  })
  await check("GET /admin/resource-booking/health on a server agrees with the database", async () => {
    const health = expectStatus(await api.get("/admin/resource-booking/health", { headers: secret.headers }), 200, "GET /admin/resource-booking/health")
    const { rows } = await db.query(`SELECT status, count(*)::int AS count FROM resource_hold WHERE deleted_at IS NULL GROUP BY status`)
    const counts = Object.fromEntries(rows.map((row) => [row.status, row.count]))
    const expected = { active: counts.ACTIVE ?? 0, expired: counts.EXPIRED ?? 0, overdue: 0, drift: 0 }
    const seen = { active: health.holds.active, expired: health.holds.expired, overdue: health.cleanup_job.overdue_holds, drift: health.capacity.drift_records }
    if (JSON.stringify(seen) !== JSON.stringify(expected)) throw new Error(`health ${JSON.stringify(seen)}, database ${JSON.stringify(expected)}`)
    if (health.status !== "healthy") throw new Error(`status ${health.status}: ${JSON.stringify(health)}`)
    return `status healthy; ${JSON.stringify(seen)}; last run ${health.cleanup_job.last_run?.status}`
  })

  step("control: the same cluster without REDIS_URL (its servers without the lock)")
  await stopCluster(cluster)
  let control = []
  await check("two servers (unsafe_skip_locking) and two workers start without Redis", async () => {
    const started = Date.now()
    const common = { logDir: LOGS, label: "control", databaseUrl: scratch.url, cleanups }
    const [controlServers, controlWorkers] = await Promise.all([
      startCluster({ ...common, runDir: controlDir, servers: 2, workers: 0, nodeEnv: "test" }),
      startCluster({ ...common, runDir, servers: 0, workers: 2 }),
    ])
    control = [...controlServers, ...controlWorkers]
    return `${control.map((p) => `${p.name} pid ${p.pid}`).join(", ")} in ${seconds(started)} s`
  })
  const controlWorkers = control.filter((p) => p.mode === "worker")
  const controlServers = control.filter((p) => p.mode === "server")
  const { seeded: controlSeeded, runs: controlRuns, ticks: controlTicks } = await observeTicks(db, keys, "control", 4)
  console.log(tickTable(controlTicks, controlWorkers))
  await check("without Redis every worker runs every tick: two runs per tick (the duplication the Redis engine removes)", async () => {
    const doubled = controlTicks.filter(({ runs }) => controlWorkers.every((w) => runs.some((run) => run.pid === w.pid)))
    if (controlTicks.length < 4 || doubled.length < controlTicks.length - 1) {
      throw new Error(`only ${doubled.length} of ${controlTicks.length} ticks had a run from each worker: the control shows no duplication, so the Redis phase proves nothing`)
    }
    const { statuses } = tally(controlRuns)
    return `${doubled.length} of ${controlTicks.length} ticks ran on both workers; statuses ${JSON.stringify(statuses)}`
  })
  await check("even so, every control hold expired once, every unit restored once", async () => {
    const statuses = await holdStatuses(db, "control")
    const { restored } = tally(controlRuns)
    if (statuses.EXPIRED !== controlSeeded || restored !== controlSeeded) throw new Error(`seeded ${controlSeeded}; statuses ${JSON.stringify(statuses)}; restored ${restored}`)
    return `${controlSeeded} EXPIRED, ${restored} units restored`
  })
  await check("control race: the same hot-date harness through two servers without the lock oversells", async () => {
    const controlDate = addDays(today, 41)
    const controlApi = client(controlServers[0].url)
    const key = { resource_id: await createResource(controlApi, secret.headers, "Control hot date", [controlDate], HOT_CAPACITY), date: controlDate }
    // The store routes of the control servers, with the same storefront.
    const race = await raceForHotDate({ apis: controlServers.map((s) => client(s.url)), storefront, db, key, attempts: HOT_ATTEMPTS })
    const oversold = race.held > HOT_CAPACITY || race.granted > HOT_CAPACITY
    if (!oversold && !race.drift) throw new Error(`no oversell and no drift: ${describeRace(race)}; the hot-date race proves nothing`)
    return `${oversold ? "oversold" : "drifted"}: ${describeRace(race)}`
  })
}

main()
  .catch(fail)
  .then(cleanUp)
  .then(() => {
    const ok = report("check:cluster", { failed: `; logs in ${path.relative(ROOT, LOGS)}/` })
    process.exit(wasInterrupted() ? 130 : ok ? 0 : 1)
  })
