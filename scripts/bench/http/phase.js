/**
 * One phase of the HTTP benchmark on the tables as they are: a warm-up (not measured), then
 * for each concurrency, back to back, so that each group shares the machine's conditions:
 *
 *   A  POST /store/resource-booking/holds, every request on the one hot resource+date
 *   B  the same route, requests round robin over the 300 spread resource+dates
 *   C  the same route, 7-date ranges (from/to) round robin over 120 ranges within the spread
 *      dates (30 resources × 4 starts, the resource changing fastest)
 *   D  the same route, round robin over 300 departures (15 departure resources × 5 dates × 4
 *      start times): as many keys as B, each departure its own capacity row and lock key
 *      GET /store/carts/:id (Medusa's own route), over the carts this phase's holds took
 *   A/B/C the hold transaction as raw SQL (raw-hold.js) on the same keys
 *
 * Then the lock hold bursts (lock-hold.js): bursts of concurrent holds on one resource, on
 * one date and on seven, with the server's lock timing hook armed.
 *
 * Each hold request names a cart no other request named (CartPool); every request asks for
 * one unit. Then GET /admin/resource-booking/health is timed, before and after one cleanup run
 * (POST /admin/resource-booking/cleanup). `beforeEach()` runs before the
 * warm-up and before every measurement (the fresh phase takes statistics there).
 *
 * Results go to `run.results` and `run.healths`; `run.tally` counts the 201s, the requests
 * possibly still in flight at each stop, the raw commits and the 5xx answers, for the checks
 * after the phase. Each HTTP measurement also records the CPU time the app's process group
 * and the scratch database's backends spent meanwhile (appCpuMs, dbCpuMs; null where /proc
 * cannot tell).
 */
const { measureHttp } = require("./http-load")
const { measureRawHold } = require("./raw-hold")
const { measureHealth } = require("./health-latency")
const { measureLockHold } = require("./lock-hold")
const { outcomes, fixed, perRequest } = require("./report")
const { groupCpu, pidsCpu, cpuDelta, backendPids } = require("./process-cpu")

const HOLD_ROUTE = "/store/resource-booking/holds"
const RAW_CART_PREFIX = "cart_rawsql"
const WARMUP_CONNECTIONS = 8
const PAUSE_MS = 500

const KINDS = { hot: "hot", spread: "spread", range: "range", departure: "departure", carts: "carts", rawHot: "rawHot", rawSpread: "rawSpread", rawRange: "rawRange" }
const LABELS = {
  hot: "A holds route, 1 hot key",
  spread: "B holds route, 300 keys",
  range: "C holds route, 7-date ranges",
  departure: "D holds route, 300 departures",
  carts: "GET /store/carts/:id",
  rawHot: "A raw SQL hold, 1 hot key",
  rawSpread: "B raw SQL hold, 300 keys",
  rawRange: "C raw SQL hold, 7-date ranges",
}

const pause = () => new Promise((resolve) => setTimeout(resolve, PAUSE_MS))
const fiveXX = (status) => Object.entries(status).reduce((sum, [code, n]) => sum + (Number(code) >= 500 ? n : 0), 0)

/** Round robin over `items`. */
function cycle(items) {
  let i = 0
  return () => items[i++ % items.length]
}

function holdRequests(pool, keys) {
  const nextKey = cycle(keys)
  return () => {
    const key = nextKey()
    const dates = key.end_date ? { from: key.date, to: key.end_date } : { date: key.date, ...(key.start_time && { start_time: key.start_time }) }
    return { method: "POST", path: HOLD_ROUTE, body: { resource_id: key.resource_id, ...dates, quantity: 1, cart_id: pool.take() } }
  }
}

function cartReads(cartIds) {
  const nextCart = cycle(cartIds)
  return () => ({ method: "GET", path: `/store/carts/${nextCart()}` })
}

/** measureHttp with the CPU time of the app (process group `run.appPid`) and of the database's backends. */
async function measureHttpWithCpu(run, options) {
  const appBefore = groupCpu(run.appPid)
  const dbBefore = pidsCpu(await backendPids(run.db, run.databaseName))
  const result = await measureHttp(options)
  const appAfter = groupCpu(run.appPid)
  const dbAfter = pidsCpu(await backendPids(run.db, run.databaseName))
  return { ...result, appCpuMs: cpuDelta(appBefore, appAfter), dbCpuMs: cpuDelta(dbBefore, dbAfter) }
}

async function runPhase(run, phase, pool, { beforeEach = async () => {} } = {}) {
  const { baseUrl, databaseUrl, seeded, settings, log } = run
  const store = seeded.storefront.store
  const keysOf = { hot: seeded.hotKeys, spread: seeded.spreadKeys, range: seeded.rangeKeys, departure: seeded.departureKeys }
  const record = (kind, connections, result) => {
    const row = { phase, kind, label: LABELS[kind], connections, ...result }
    run.results.push(row)
    run.tally.fiveXX += fiveXX(result.status)
    log(
      `${phase} | ${row.label} | ${connections} conn | ${fixed(row.rps)} req/s | p50 ${fixed(row.p50)} ms | p99 ${fixed(row.p99)} ms | ` +
        `CPU ms/req app ${perRequest(row.appCpuMs, row.requests)}, db ${perRequest(row.dbCpuMs, row.requests)} | ${outcomes(row)}`
    )
    return row
  }

  // Warm-up: the server's code paths (date and departure holds, alternately) and the database's caches, before anything is timed.
  const warmKeys = keysOf.spread.flatMap((key, i) => [key, keysOf.departure[i % keysOf.departure.length]])
  await beforeEach()
  await pool.ensure(settings.warmup + 2 * WARMUP_CONNECTIONS)
  const warmHolds = await measureHttp({ baseUrl, connections: WARMUP_CONNECTIONS, amount: settings.warmup, headers: store, build: holdRequests(pool, warmKeys) })
  run.tally.created += warmHolds.status["201"] || 0
  run.tally.fiveXX += fiveXX(warmHolds.status)
  const warmCarts = await measureHttp({ baseUrl, connections: WARMUP_CONNECTIONS, amount: settings.warmup, headers: store, build: cartReads(pool.taken()) })
  run.tally.fiveXX += fiveXX(warmCarts.status)
  log(`${phase} | warm-up, not measured: ${warmHolds.requests} holds (${outcomes(warmHolds)}, ${fixed(warmHolds.rps)} req/s), ${warmCarts.requests} cart reads (${outcomes(warmCarts)})`)

  let expectedRps = warmHolds.rps
  for (const connections of settings.connections) {
    for (const kind of [KINDS.hot, KINDS.spread, KINDS.departure, KINDS.range]) {
      const inserted = await pool.ensure(Math.ceil(2 * expectedRps * settings.duration) + 2 * connections + 100)
      if (inserted) log(`${phase} | ${inserted} more carts for the hold requests (SQL copies of an API cart)`)
      await beforeEach()
      await pause()
      const result = await measureHttpWithCpu(run, { baseUrl, connections, duration: settings.duration, headers: store, build: holdRequests(pool, keysOf[kind]) })
      record(kind, connections, result)
      run.tally.created += result.status["201"] || 0
      run.tally.inFlight += connections
      expectedRps = Math.max(expectedRps, result.rps)
    }
    await beforeEach()
    await pause()
    record(KINDS.carts, connections, await measureHttpWithCpu(run, { baseUrl, connections, duration: settings.duration, headers: store, build: cartReads(pool.taken()) }))
    for (const [kind, keys] of [[KINDS.rawHot, keysOf.hot], [KINDS.rawSpread, keysOf.spread], [KINDS.rawRange, keysOf.range]]) {
      await beforeEach()
      await pause()
      const prefix = `${RAW_CART_PREFIX}${phase}${connections}${kind}n`
      const result = await measureRawHold({ databaseUrl, keys, connections, duration: settings.duration, cartIdPrefix: prefix })
      record(kind, connections, result)
      run.tally.rawCommitted += result.status.ok || 0
    }
  }
  if (pool.reused) log(`${phase} | the cart pool ran dry: ${pool.reused} hold requests reused a cart`)

  await beforeEach()
  await pause()
  const bursts = await measureLockHold({
    baseUrl,
    headers: store,
    appPid: run.appPid,
    hookFile: run.lockHookFile,
    pool,
    kinds: [
      { label: "one date", key: seeded.burstKeys.one, dates: 1 },
      { label: "seven dates", key: seeded.burstKeys.seven, dates: 7 },
    ],
    bursts: settings.bursts,
    size: settings["burst-size"],
  })
  for (const row of bursts) {
    run.lockHolds.push({ phase, ...row })
    run.tally.created += row.status["201"] || 0
    run.tally.fiveXX += fiveXX(row.status)
    log(
      `${phase} | lock hold, bursts of ${row.size} on ${row.label} ×${row.bursts}: ${row.holds} holds timed, p50 ${fixed(row.p50, 2)} ms, ` +
        `p99 ${fixed(row.p99, 2)} ms, max ${fixed(row.max, 2)} ms; burst p50 ${fixed(row.burstP50, 0)} ms (${outcomes(row)})`
    )
  }

  // Health as it stands after the load, then after one cleanup run, as the job runs every
  // few minutes: on a table past HOLD_HEALTH_LIVE_COUNT_LIMIT the run's hold audit is what
  // spares each poll a count of every hold.
  let health = null
  for (const stage of ["", ", after a cleanup run"]) {
    if (stage) {
      const response = await fetch(`${baseUrl}/admin/resource-booking/cleanup`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", ...seeded.admin },
        body: "{}",
      })
      if (!response.ok) throw new Error(`POST /admin/resource-booking/cleanup answered ${response.status}: ${await response.text()}`)
    }
    await beforeEach()
    await pause()
    health = await measureHealth(baseUrl, seeded.admin, settings.health)
    run.healths.push({ phase: `${phase}${stage}`, ...health })
    run.tally.fiveXX += fiveXX(health.status)
    log(
      `${phase}${stage} | GET /admin/resource-booking/health ×${health.count}: median ${fixed(health.p50)} ms, ` +
        `p90 ${fixed(health.p90)} ms, max ${fixed(health.max)} ms, totals ${health.report?.totals?.source ?? "—"} (${outcomes(health)})`
    )
  }
  return health
}

module.exports = { runPhase, KINDS, LABELS, RAW_CART_PREFIX }
