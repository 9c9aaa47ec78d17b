import os from "os"
import { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { RESOURCE_BOOKING_MODULE } from "../../src/modules/resource_booking"
import ResourceBookingModuleService from "../../src/modules/resource_booking/service"
import { AvailabilityDTO } from "../../src/modules/resource_booking/types"
import { Knex, addDays, arg, bareUpdateMs, median, percentile, sequence, timed, vacuum } from "./figures"

/**
 * Departures (`booking_unit: "departure"`), on a dedicated database (see run.js): a store of
 * `resources` departure resources × START_TIMES (4 a day) × `days` dates of capacity rows from
 * tomorrow on, and DATE_RESOURCES date resources with capacity on the same dates, seeded
 * set-wise. A departure is a key like a date, so what costs the same per key for dates should
 * cost about the same per departure, with four times the keys:
 *
 * 1. A month's availability: getAvailability over 31 days of a random departure resource (its
 *    departures grouped per date), `calls` times, beside the same read of a date resource over
 *    the same 31 dates, in turn: p50, p99, max and the ratios. Checks every answer: 31 days;
 *    each seeded date with its 4 departures ascending by start time, bookable, at their
 *    seeded capacity; each date past the seed with none.
 * 2. Cleanup of `holds` overdue departure holds over `keys` departures spread evenly over every
 *    resource and date (inserted set-wise as ACTIVE past expires_at, their units taken from
 *    their capacity rows by the same statement; the invariant checked in SQL first):
 *    cleanupExpiredHolds (the whole call, events included) beside, as the cleanup benchmark
 *    measures it, a bare `UPDATE resource_hold SET status = 'EXPIRED' … WHERE status =
 *    'ACTIVE' AND expires_at < now()` of the same rows (rolled back), and, on a fresh identical
 *    seed, that UPDATE with the capacity restore in one set-wise statement (committed, timed
 *    with its COMMIT): what one statement without locks, batches or events would cost; `repeat`
 *    rounds, each on fresh seeds. Target ≤ 1.5× (the median printed, not asserted). Checks after each: every seeded hold EXPIRED, every
 *    departure's available back to its max, the cleanup's counts, auditCapacity over the
 *    seeded dates empty.
 * 3. Independence of departures: a burst of `burst` holds on one departure (BURST_TIME of one
 *    resource and date), created 8 at a time (Promise.all per chunk: they queue on that
 *    departure's lock), while single holds are taken back to back on another departure of the
 *    same date (PROBE_TIME); beside the same single holds with no burst. p50 and p99 of both:
 *    a departure's lock is its own, so the burst should not slow the other departure beyond
 *    what the shared process and database cost (measured, not asserted). As a contrast, the
 *    burst again with the single holds on its own departure: what waiting on the lock costs.
 *    Checks: every hold taken, each departure's available down by exactly its holds,
 *    auditCapacity of the date empty.
 *
 * Every seeded row (ids starting PREFIX) is removed afterwards.
 *
 * Args: resources=N (1000) days=N (365) calls=N (200) holds=N (100000) keys=N (10000)
 *       repeat=N (3: rounds of part 2, the median ratio printed) burst=N (200)
 */

const PREFIX = "departures"
const RESOURCE_PREFIX = `res_${PREFIX}`
const START_TIMES = ["06:00", "09:30", "13:00", "16:30"]
const DATE_RESOURCES = 5
const WINDOW_DAYS = 31
const BURST_TIME = "09:30"
const PROBE_TIME = "13:00"
const CHUNK = 8

/** Removes every row this benchmark seeded or created. */
async function clear(pg: Knex): Promise<void> {
  await pg.raw(`DELETE FROM resource_hold WHERE resource_id LIKE '${RESOURCE_PREFIX}%'`)
  await pg.raw(`DELETE FROM resource_capacity WHERE resource_id LIKE '${RESOURCE_PREFIX}%'`)
  await pg.raw(`DELETE FROM resource WHERE id LIKE '${RESOURCE_PREFIX}%'`)
}

const departureId = (r: number | string) => `${RESOURCE_PREFIX}${r}`
const dateResourceId = (r: number | string) => `${RESOURCE_PREFIX}date${r}`

/**
 * `resources` departure resources (`res_departures<r>`, UTC, no cut-off) with a row of
 * `capacity` seats per date of [first, first + days) and start time, and DATE_RESOURCES date
 * resources (`res_departuresdate<r>`) with a row per date.
 */
async function seedStore(pg: Knex, resources: number, days: number, first: string, capacity: number): Promise<void> {
  await clear(pg)
  await pg.raw(
    `INSERT INTO resource (id, name, timezone, booking_unit)
     SELECT '${RESOURCE_PREFIX}' || r, 'Departures ' || r, 'UTC', 'departure' FROM generate_series(1, ?) r
     UNION ALL
     SELECT '${RESOURCE_PREFIX}date' || r, 'Departures date ' || r, 'UTC', 'date' FROM generate_series(1, ?) r`,
    [resources, DATE_RESOURCES]
  )
  await pg.raw(
    `INSERT INTO resource_capacity (id, resource_id, date, start_time, max_capacity, available_capacity)
     SELECT 'rcap_${PREFIX}_' || r || '_' || d || '_' || t.n, '${RESOURCE_PREFIX}' || r, ?::date + d, t.start_time, ?, ?
       FROM generate_series(1, ?) r CROSS JOIN generate_series(0, ? - 1) d
      CROSS JOIN unnest(?::text[]) WITH ORDINALITY AS t(start_time, n)`,
    [first, capacity, capacity, resources, days, START_TIMES]
  )
  await pg.raw(
    `INSERT INTO resource_capacity (id, resource_id, date, max_capacity, available_capacity)
     SELECT 'rcap_${PREFIX}date_' || r || '_' || d, '${RESOURCE_PREFIX}date' || r, ?::date + d, ?, ?
       FROM generate_series(1, ?) r CROSS JOIN generate_series(0, ? - 1) d`,
    [first, capacity * START_TIMES.length, capacity * START_TIMES.length, DATE_RESOURCES, days]
  )
  await vacuum(pg)
}

/** The checks of part 1 on one answer; throws naming the resource and the first wrong date. */
function checkMonth(answer: AvailabilityDTO[], resourceId: string, from: string, last: string, capacity: number, departures: boolean) {
  const fail = (why: string) => {
    throw new Error(`getAvailability(${resourceId}, ${from}, ${WINDOW_DAYS} days): ${why}`)
  }
  if (answer.length !== WINDOW_DAYS) {
    fail(`${answer.length} days, expected ${WINDOW_DAYS}`)
  }
  answer.forEach((day, i) => {
    const seeded = day.date <= last
    if (day.date !== addDays(from, i)) {
      fail(`day ${i} is ${day.date}, expected ${addDays(from, i)}`)
    }
    if (!departures) {
      const max = seeded ? capacity * START_TIMES.length : 0
      if (day.departures !== undefined || day.bookable !== seeded || day.max_capacity !== max || day.effective_available !== max) {
        fail(`${day.date}: ${JSON.stringify(day)}, expected bookable ${seeded} with ${max} units and no departures`)
      }
      return
    }
    const times = (day.departures ?? []).map((d) => d.start_time)
    const expected = seeded ? START_TIMES : []
    if (JSON.stringify(times) !== JSON.stringify(expected)) {
      fail(`${day.date}: departures ${JSON.stringify(times)}, expected ${JSON.stringify(expected)}`)
    }
    const wrong = (day.departures ?? []).find((d) => !d.bookable || d.max_capacity !== capacity || d.available !== capacity)
    if (wrong || day.bookable !== seeded) {
      fail(`${day.date}: ${JSON.stringify(day)}, expected every departure bookable with ${capacity} of ${capacity} seats`)
    }
  })
}

/** Part 1; returns the lines to print. */
async function monthReads(
  service: ResourceBookingModuleService,
  resources: number,
  days: number,
  first: string,
  capacity: number,
  calls: number
): Promise<string[]> {
  const random = sequence(31)
  const last = addDays(first, days - 1)
  const reads = { departures: [] as number[], dates: [] as number[] }
  // One untimed round first, so neither read pays for cold caches.
  for (let i = -1; i < calls; i++) {
    const from = addDays(first, Math.floor(random() * (Math.max(0, days - WINDOW_DAYS) + 1)))
    const to = addDays(from, WINDOW_DAYS - 1)
    const departureResource = departureId(1 + Math.floor(random() * resources))
    const dateResource = dateResourceId(1 + ((i + DATE_RESOURCES) % DATE_RESOURCES))
    const order = i % 2 ? (["departures", "dates"] as const) : (["dates", "departures"] as const)
    for (const kind of order) {
      const id = kind === "departures" ? departureResource : dateResource
      const [answer, ms] = await timed(() => service.getAvailability({ resource_id: id, from, to }))
      checkMonth(answer, id, from, last, capacity, kind === "departures")
      if (i >= 0) reads[kind].push(ms)
    }
  }
  const figures = (t: number[]) => `p50 ${percentile(t, 50).toFixed(2)} ms, p99 ${percentile(t, 99).toFixed(2)} ms, max ${percentile(t, 100).toFixed(2)} ms`
  return [
    `a month's availability (getAvailability, ${WINDOW_DAYS} days), ${calls} calls each, in turn (every answer checked: ` +
      `${WINDOW_DAYS} days, ${START_TIMES.length} departures per seeded date ascending by start time)`,
    `  departure resource (${START_TIMES.length} departures a day, random of ${resources}): ${figures(reads.departures)}`,
    `  date resource (1 row a day, ${DATE_RESOURCES} in turn): ${figures(reads.dates)}`,
    `  departure ÷ date: p50 ${(percentile(reads.departures, 50) / percentile(reads.dates, 50)).toFixed(2)}, ` +
      `p99 ${(percentile(reads.departures, 99) / percentile(reads.dates, 99)).toFixed(2)}`,
  ]
}

/**
 * `perKey` overdue ACTIVE holds of one seat on each of `keys` departures spread evenly over
 * the store (departure j of resources × days × START_TIMES: resource 1 + j / (days × 4), date
 * first + (j / 4) mod days, start time j mod 4), their seats taken from their capacity rows by
 * the same statement. Returns the holds and keys it wrote.
 */
async function seedOverdue(pg: Knex, resources: number, days: number, first: string, keys: number, perKey: number) {
  const departures = resources * days * START_TIMES.length
  const { rows } = await pg.raw(
    `WITH placed AS (
       SELECT n, '${RESOURCE_PREFIX}' || (1 + j / (?::int * ?::int)) AS resource_id, ?::date + ((j / ?::int) % ?::int)::int AS date,
              (?::text[])[1 + (j % ?::int)::int] AS start_time
         FROM generate_series(1, ?::int) n
        CROSS JOIN LATERAL (SELECT ((n - 1) % ?::int)::bigint * ?::bigint / ?::int AS j) k
     ), inserted AS (
       INSERT INTO resource_hold (id, resource_id, date, end_date, occupied_to, start_time, quantity, status, expires_at,
                                  created_at, updated_at)
       SELECT 'rhold_${PREFIX}' || n, resource_id, date, date, date, start_time, 1, 'ACTIVE', now() - interval '1 hour',
              now() - interval '2 hours', now() - interval '2 hours'
         FROM placed
       RETURNING resource_id, date, start_time, quantity
     ), taken AS (
       UPDATE resource_capacity c SET available_capacity = c.available_capacity - t.units, updated_at = now()
         FROM (SELECT resource_id, date, start_time, sum(quantity)::int AS units FROM inserted GROUP BY 1, 2, 3) t
        WHERE c.resource_id = t.resource_id AND c.date = t.date AND c.start_time = t.start_time AND c.deleted_at IS NULL
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM inserted)::int AS holds, (SELECT count(*) FROM taken)::int AS keys`,
    [
      days,
      START_TIMES.length,
      first,
      START_TIMES.length,
      days,
      START_TIMES,
      START_TIMES.length,
      keys * perKey,
      keys,
      departures,
      keys,
    ]
  )
  const seeded = { holds: Number(rows[0].holds), keys: Number(rows[0].keys) }
  if (seeded.holds !== keys * perKey || seeded.keys !== keys) {
    throw new Error(`overdue seed wrote ${seeded.holds}/${keys * perKey} holds on ${seeded.keys}/${keys} departures`)
  }
  const broken = await departureDrift(pg)
  if (broken) {
    throw new Error(`overdue seed: ${broken} capacity rows off the occupancy invariant (SQL)`)
  }
  return seeded
}

/**
 * The capacity invariant over this benchmark's rows, per key (resource, date and start time),
 * in SQL of its own (not the module's audit): every live capacity row has available = max − Σ
 * quantity of the ACTIVE and CONFIRMED holds occupying it, and available >= 0; no live hold
 * occupies a key without a row. Returns the rows that break it.
 */
async function departureDrift(pg: Knex): Promise<number> {
  const { rows } = await pg.raw(
    `WITH held AS (
       SELECT h.resource_id, o.date, h.start_time, sum(h.quantity)::bigint AS units
         FROM resource_hold h,
              LATERAL (SELECT generate_series(h.date, h.occupied_to, interval '1 day')::date AS date) o
        WHERE h.resource_id LIKE '${RESOURCE_PREFIX}%' AND h.status IN ('ACTIVE', 'CONFIRMED') AND h.deleted_at IS NULL
        GROUP BY h.resource_id, o.date, h.start_time
     )
     SELECT (SELECT count(*) FROM resource_capacity c LEFT JOIN held h USING (resource_id, date, start_time)
              WHERE c.resource_id LIKE '${RESOURCE_PREFIX}%' AND c.deleted_at IS NULL
                AND (c.available_capacity <> c.max_capacity - coalesce(h.units, 0) OR c.available_capacity < 0))
          + (SELECT count(*) FROM held h WHERE NOT EXISTS (
               SELECT 1 FROM resource_capacity c
                WHERE c.resource_id = h.resource_id AND c.date = h.date AND c.start_time = h.start_time
                  AND c.deleted_at IS NULL)) AS broken`
  )
  return Number(rows[0].broken)
}

/** Puts the store back as seeded: no holds, every departure at its max. */
async function resetHolds(pg: Knex): Promise<void> {
  await pg.raw(`DELETE FROM resource_hold WHERE resource_id LIKE '${RESOURCE_PREFIX}%'`)
  await pg.raw(
    `UPDATE resource_capacity SET available_capacity = max_capacity, updated_at = now()
      WHERE resource_id LIKE '${RESOURCE_PREFIX}%' AND available_capacity <> max_capacity`
  )
}

/**
 * The bare UPDATE with the capacity restore, one set-wise statement, committed: every overdue
 * hold expired and each departure's seats given back once (a departure hold occupies its one
 * date). Returns the time (statement and COMMIT) and the rows it changed.
 */
async function bareUpdateWithRestore(pg: Knex): Promise<{ ms: number; holds: number; keys: number }> {
  const [rows, ms] = await timed(() =>
    pg.transaction(async (trx) => {
      const { rows } = await trx.raw(
        `WITH expired AS (
           UPDATE resource_hold SET status = 'EXPIRED', expired_at = now(), updated_at = now()
            WHERE status = 'ACTIVE' AND expires_at < now() AND deleted_at IS NULL
           RETURNING resource_id, date, start_time, quantity
         ), restored AS (
           UPDATE resource_capacity c SET available_capacity = c.available_capacity + e.units, updated_at = now()
             FROM (SELECT resource_id, date, start_time, sum(quantity)::int AS units FROM expired GROUP BY 1, 2, 3) e
            WHERE c.resource_id = e.resource_id AND c.date = e.date AND c.start_time = e.start_time AND c.deleted_at IS NULL
           RETURNING 1
         )
         SELECT (SELECT count(*) FROM expired)::int AS holds, (SELECT count(*) FROM restored)::int AS keys`
      )
      return rows
    })
  )
  return { ms, holds: Number(rows[0].holds), keys: Number(rows[0].keys) }
}

/** Part 2's checks after a run: every seeded hold EXPIRED, every departure at its max, the audit of the seeded dates empty. */
async function checkExpired(service: ResourceBookingModuleService, pg: Knex, what: string, first: string, last: string) {
  const { rows } = await pg.raw(
    `SELECT (SELECT count(*) FROM resource_hold WHERE id LIKE 'rhold_${PREFIX}%' AND status <> 'EXPIRED')::int AS not_expired,
            (SELECT count(*) FROM resource_capacity
              WHERE resource_id LIKE '${RESOURCE_PREFIX}%' AND available_capacity <> max_capacity)::int AS not_restored`
  )
  const drift = await service.auditCapacity({ from: first, to: last })
  if (rows[0].not_expired || rows[0].not_restored || drift.length) {
    throw new Error(
      `${what} incorrect: ${rows[0].not_expired} seeded holds not EXPIRED, ${rows[0].not_restored} capacity rows below max, ` +
        `auditCapacity ${drift.length} rows ${JSON.stringify(drift.slice(0, 3))}`
    )
  }
}

/** Part 2; returns the lines to print. */
async function overdueCleanup(
  service: ResourceBookingModuleService,
  pg: Knex,
  resources: number,
  days: number,
  first: string,
  keys: number,
  perKey: number,
  repeat: number
): Promise<string[]> {
  const last = addDays(first, days - 1)
  const rounds: { bare: number; reference: number; call: number; result: Awaited<ReturnType<ResourceBookingModuleService["cleanupExpiredHolds"]>> }[] = []
  let seeded = { holds: 0, keys: 0 }
  for (let round = 0; round < repeat; round++) {
    seeded = await seedOverdue(pg, resources, days, first, keys, perKey)
    await vacuum(pg)
    const bare = await bareUpdateMs(pg)
    await vacuum(pg)
    const [result, callMs] = await timed(() => service.cleanupExpiredHolds())
    if (result.expiredCount !== seeded.holds || result.failedCount || result.totalCapacityRestored !== seeded.holds) {
      throw new Error(
        `cleanupExpiredHolds: expired ${result.expiredCount}/${seeded.holds}, restored ${result.totalCapacityRestored} units, ` +
          `failed ${result.failedCount}`
      )
    }
    await checkExpired(service, pg, "cleanupExpiredHolds", first, last)
    await resetHolds(pg)

    await seedOverdue(pg, resources, days, first, keys, perKey)
    await vacuum(pg)
    const reference = await bareUpdateWithRestore(pg)
    if (reference.holds !== seeded.holds || reference.keys !== seeded.keys) {
      throw new Error(`bare UPDATE with restore: expired ${reference.holds}/${seeded.holds}, restored ${reference.keys}/${seeded.keys} departures`)
    }
    await checkExpired(service, pg, "bare UPDATE with restore", first, last)
    await resetHolds(pg)
    await vacuum(pg)
    rounds.push({ bare, reference: reference.ms, call: callMs, result })
  }
  const overBare = median(rounds.map((r) => r.call / r.bare))
  const overReference = median(rounds.map((r) => r.call / r.reference))
  return [
    `cleanup of ${seeded.holds} overdue departure holds over ${seeded.keys} departures (${perKey} each, spread over ` +
      `${resources} resources × ${days} dates × ${START_TIMES.length} start times), ${repeat} round(s), each on a fresh seed ` +
      `(checked: every hold EXPIRED, every departure back to its max, audit empty); load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`,
    "bare UPDATE ms (statuses, rolled back) | bare UPDATE + capacity restore ms (one statement, committed) | " +
      "whole call ms | call/bare | call/(bare + restore) | batches ms | batches | events | emit ms | holds/s",
    ...rounds.map(({ bare, reference, call, result }) =>
      [
        bare.toFixed(0),
        reference.toFixed(0),
        call.toFixed(0),
        (call / bare).toFixed(2),
        (call / reference).toFixed(2),
        result.durationMs,
        result.batches,
        result.eventsEmitted,
        result.eventEmissionMs,
        Math.round((seeded.holds / call) * 1000),
      ].join(" | ")
    ),
    `  target: whole call ≤ 1.5× the bare UPDATE (median of ${repeat}: ${overBare.toFixed(2)}×; ` +
      `${overReference.toFixed(2)}× the bare UPDATE with its capacity restore)`,
  ]
}

/** Single holds of one seat on `time`, back to back while `until()`, each for a cart of its own; their latencies (ms). */
async function singles(service: ResourceBookingModuleService, resource_id: string, date: string, time: string, tag: string, until: () => boolean) {
  const latencies: number[] = []
  for (let n = 0; until(); n++) {
    const [, ms] = await timed(() =>
      service.createHold({ resource_id, date, start_time: time, quantity: 1, cart_id: `cart_${PREFIX}${tag}${n}` })
    )
    latencies.push(ms)
  }
  return latencies
}

/**
 * A burst of `burst` one-seat holds on BURST_TIME, CHUNK at a time (each chunk's holds queue
 * on the departure's lock), while single holds are taken back to back on `probeTime`.
 * Returns the burst's time, each burst hold's latency and the single holds' latencies.
 */
async function burstWithProbe(
  service: ResourceBookingModuleService,
  resource_id: string,
  date: string,
  burst: number,
  probeTime: string,
  tag: string
) {
  let bursting = true
  const probe = singles(service, resource_id, date, probeTime, `${tag}p`, () => bursting)
  const latencies: number[] = []
  const [, ms] = await timed(async () => {
    for (let c = 0; c < burst; c += CHUNK) {
      await Promise.all(
        Array.from({ length: Math.min(CHUNK, burst - c) }, async (_, i) => {
          const [, holdMs] = await timed(() =>
            service.createHold({ resource_id, date, start_time: BURST_TIME, quantity: 1, cart_id: `cart_${PREFIX}${tag}b${c + i}` })
          )
          latencies.push(holdMs)
        })
      )
    }
  })
  bursting = false
  return { ms, latencies, probe: await probe }
}

/** Part 3; returns the lines to print. */
async function independence(service: ResourceBookingModuleService, pg: Knex, first: string, days: number, burst: number): Promise<string[]> {
  const resource_id = departureId(1)
  const date = addDays(first, Math.min(1, days - 1))
  // Seats for the bursts and for every single hold a phase may take.
  const seats = 20 * burst + 1000
  await pg.raw(
    `UPDATE resource_capacity SET max_capacity = ?, available_capacity = ?, updated_at = now()
      WHERE resource_id = ? AND date = ?::date`,
    [seats, seats, resource_id, date]
  )
  // Untimed holds on a third departure first, so no phase pays for a cold path.
  let warm = 0
  await singles(service, resource_id, date, START_TIMES[3], "w", () => warm++ < 20)
  let alone = 0
  const quiet = await singles(service, resource_id, date, PROBE_TIME, "a", () => alone++ < burst)
  const other = await burstWithProbe(service, resource_id, date, burst, PROBE_TIME, "o")
  // The contrast: the same single holds on the burst's own departure wait on its lock.
  const same = await burstWithProbe(service, resource_id, date, burst, BURST_TIME, "s")

  const { rows } = await pg.raw(
    `SELECT c.start_time, c.max_capacity - c.available_capacity AS taken,
            (SELECT count(*) FROM resource_hold h WHERE h.resource_id = c.resource_id AND h.date = c.date
                AND h.start_time = c.start_time AND h.status = 'ACTIVE')::int AS holds
       FROM resource_capacity c WHERE c.resource_id = ? AND c.date = ?::date ORDER BY c.start_time`,
    [resource_id, date]
  )
  const of = (time: string) => rows.find((r) => r.start_time === time) ?? { taken: -1, holds: -1 }
  const expected = {
    [BURST_TIME]: 2 * burst + same.probe.length,
    [PROBE_TIME]: quiet.length + other.probe.length,
    [START_TIMES[3]]: 20,
  }
  const drift = await service.auditCapacity({ resource_id, from: date, to: date })
  for (const [time, holds] of Object.entries(expected)) {
    if (Number(of(time).taken) !== holds || Number(of(time).holds) !== holds || drift.length) {
      throw new Error(
        `independence: ${date} ${time} has ${of(time).holds} ACTIVE holds and ${of(time).taken} seats taken, expected ${holds}; ` +
          `auditCapacity ${JSON.stringify(drift.slice(0, 3))}`
      )
    }
  }
  await pg.raw(`DELETE FROM resource_hold WHERE resource_id = ? AND date = ?::date`, [resource_id, date])
  const figures = (t: number[]) => `p50 ${percentile(t, 50).toFixed(1)} ms, p99 ${percentile(t, 99).toFixed(1)} ms, max ${percentile(t, 100).toFixed(1)} ms`
  const ratio = (t: number[]) =>
    `p50 ${(percentile(t, 50) / percentile(quiet, 50)).toFixed(2)}, p99 ${(percentile(t, 99) / percentile(quiet, 99)).toFixed(2)}`
  const burstLine = (b: { ms: number; latencies: number[] }) =>
    `${burst} holds, ${CHUNK} at a time, in ${b.ms.toFixed(0)} ms (${Math.round((burst / b.ms) * 1000)} holds/s); each: ${figures(b.latencies)}`
  return [
    `independence of departures (${resource_id} on ${date}; checked: every hold taken, seats down by exactly the holds, ` +
      `audit empty); load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`,
    `  single holds on ${PROBE_TIME}, no burst: ${quiet.length} holds, ${figures(quiet)}`,
    `  burst on ${BURST_TIME}: ${burstLine(other)}`,
    `  single holds on ${PROBE_TIME} during it: ${other.probe.length} holds, ${figures(other.probe)}; ÷ no burst: ${ratio(other.probe)}`,
    `  contrast, the burst again with the single holds on ${BURST_TIME} itself: ${burstLine(same)}`,
    `  single holds on ${BURST_TIME} during it: ${same.probe.length} holds, ${figures(same.probe)}; ÷ no burst: ${ratio(same.probe)}`,
  ]
}

export default async function departuresBenchmark({ container, args }: ExecArgs) {
  const service = container.resolve<ResourceBookingModuleService>(RESOURCE_BOOKING_MODULE)
  const pg = container.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION)
  const resources = Number(arg(args, "resources", "1000"))
  const days = Number(arg(args, "days", "365"))
  const calls = Number(arg(args, "calls", "200"))
  const holds = Number(arg(args, "holds", "100000"))
  const burst = Number(arg(args, "burst", "200"))
  const departures = resources * days * START_TIMES.length
  const keys = Math.min(Number(arg(args, "keys", "10000")), departures, holds)
  const perKey = Math.ceil(holds / keys)
  const repeat = Number(arg(args, "repeat", "3"))
  const capacity = Math.max(20, perKey)
  // Tomorrow (UTC, the resources' time zone) on: every seeded departure is still bookable.
  const first = addDays(new Date().toISOString().slice(0, 10), 1)

  try {
    const [, seedMs] = await timed(() => seedStore(pg, resources, days, first, capacity))
    console.log(
      `\nDepartures benchmark: ${resources} departure resources × ${START_TIMES.length} departures a day ` +
        `(${START_TIMES.join(", ")}) × ${days} dates from ${first} = ${departures} capacity rows of ${capacity} seats, ` +
        `and ${DATE_RESOURCES} date resources on the same dates (seeded in ${(seedMs / 1000).toFixed(1)} s); ` +
        `load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`
    )
    for (const line of await monthReads(service, resources, days, first, capacity, calls)) console.log(line)
    for (const line of await overdueCleanup(service, pg, resources, days, first, keys, perKey, repeat)) console.log(line)
    for (const line of await independence(service, pg, first, days, burst)) console.log(line)
  } finally {
    await clear(pg)
  }
}
