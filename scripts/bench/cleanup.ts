import os from "os"
import { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { RESOURCE_BOOKING_MODULE } from "../../src/modules/resource_booking"
import ResourceBookingModuleService from "../../src/modules/resource_booking/service"
import { Knex, addDays, arg, bareUpdateMs, median, occupancyDrift, percentile, vacuum } from "./figures"

/**
 * Cleanup throughput and checkout latency, on a dedicated database (see run.js).
 *
 * For each hold length (`days`: one date per hold, then 1 to 7) and batch configuration: seeds
 * H overdue ACTIVE holds spread over K resource+date start keys, times a bare `UPDATE … SET
 * status = 'EXPIRED'` of the same rows (rolled back: the speed of Postgres itself), times
 * cleanupExpiredHolds, and meanwhile runs a checkout-like writer on the keys being cleaned
 * (a hold of as many dates, then its cart's confirmation), recording how long each call
 * waited. Checks after each run: every seeded overdue hold expired, none failed, and the
 * capacity invariant, by the module's audit and by the benchmark's own SQL.
 *
 * Also times GET health's report (getHealth) on the seeded table, before the cleanup.
 *
 * Args: holds=N (100000) keys=N (1000) others=N (300000) repeat=N (3)
 *       days=1,1-7 (dates per hold: 1, or 1 to N in equal shares; each in turn)
 *       configs=keys:holds,… (batch keys:max holds; 200:5000, the defaults)
 *       concurrency=N,… (1,2: batches in flight at once; 2 is the default)
 */

const BENCH_PREFIX = "bench"
/** Start dates per resource: key k is resource 1 + (k − 1) / 10, start date 2030-01-01 + (k − 1) % 10. */
const STARTS_PER_RESOURCE = 10
const FIRST_DATE = "2030-01-01"

/** A start key of the seed: a resource and a date holds may start on (`resource_id|YYYY-MM-DD`). */
export type StartKey = string

/**
 * H overdue ACTIVE holds over K start keys, and O other holds on the same keys: a quarter each
 * ACTIVE and not yet due, CONFIRMED, EXPIRED and RELEASED. Round r of the holds (one hold per
 * key) books 1 + r mod `maxDays` dates from its key's date on, so with maxDays 7 every length
 * from 1 to 7 comes as often; a resource's capacity rows cover its start dates and the
 * maxDays − 1 after them. Capacity rows satisfy the invariant, with 100 units free on every
 * date for the checkout probe. Returns the start keys.
 */
export async function seed(pg: Knex, holds: number, keys: number, others = 0, maxDays = 1): Promise<StartKey[]> {
  const resources = Math.max(1, Math.ceil(keys / STARTS_PER_RESOURCE))
  const perKey = Math.ceil(holds / keys)
  const othersPerKey = Math.ceil(others / keys)
  await pg.raw(`DELETE FROM resource_hold WHERE resource_id LIKE 'res_${BENCH_PREFIX}%'`)
  await pg.raw(`DELETE FROM resource_capacity WHERE resource_id LIKE 'res_${BENCH_PREFIX}%'`)
  await pg.raw(`DELETE FROM resource WHERE id LIKE 'res_${BENCH_PREFIX}%'`)
  await pg.raw(
    `INSERT INTO resource (id, name) SELECT 'res_${BENCH_PREFIX}' || r, 'Bench ' || r
       FROM generate_series(1, ?) r`,
    [resources]
  )
  // Hold n of a round-robin over the keys: its key, and its round (the length's and the others' status's).
  const placed = (n: string) => `LATERAL (
       SELECT 'res_${BENCH_PREFIX}' || (1 + (k - 1) / ${STARTS_PER_RESOURCE}) AS resource_id,
              date '${FIRST_DATE}' + (k - 1) % ${STARTS_PER_RESOURCE} AS date, round,
              date '${FIRST_DATE}' + (k - 1) % ${STARTS_PER_RESOURCE} + round % ${maxDays} AS end_date
         FROM (SELECT 1 + (${n} - 1) % ${keys} AS k, (${n} - 1) / ${keys} AS round) AS n
     ) AS p`
  await pg.raw(
    `INSERT INTO resource_hold (id, resource_id, date, end_date, occupied_to, quantity, status, expires_at, created_at, updated_at)
     SELECT 'rhold_${BENCH_PREFIX}' || h, p.resource_id, p.date, p.end_date, p.end_date, 1, 'ACTIVE',
            now() - interval '1 hour', now() - interval '2 hours', now()
       FROM generate_series(1, ?) h, ${placed("h")}`,
    [perKey * keys]
  )
  await pg.raw(
    `INSERT INTO resource_hold (id, resource_id, date, end_date, occupied_to, quantity, status, expires_at, created_at, updated_at,
                                confirmed_at, expired_at, released_at)
     SELECT 'rhold_${BENCH_PREFIX}_o' || o, p.resource_id, p.date, p.end_date, p.end_date, 1, s.status,
            CASE s.status WHEN 'ACTIVE' THEN now() + interval '1 hour' ELSE now() - interval '1 day' END,
            now() - interval '2 days', now(),
            CASE s.status WHEN 'CONFIRMED' THEN now() - interval '1 day' END,
            CASE s.status WHEN 'EXPIRED' THEN now() - interval '1 day' END,
            CASE s.status WHEN 'RELEASED' THEN now() - interval '1 day' END
       FROM generate_series(1, ?) o, ${placed("o")}
      CROSS JOIN LATERAL (SELECT (array['ACTIVE', 'CONFIRMED', 'EXPIRED', 'RELEASED'])[1 + p.round % 4] AS status) s`,
    [othersPerKey * keys]
  )
  // Every date of every resource: max = the units its ACTIVE and CONFIRMED holds occupy + 100.
  await pg.raw(
    `INSERT INTO resource_capacity (id, resource_id, date, max_capacity, available_capacity)
     SELECT 'rcap_${BENCH_PREFIX}_' || r || '_' || d, 'res_${BENCH_PREFIX}' || r, date '${FIRST_DATE}' + d,
            coalesce(held.units, 0) + 100, 100
       FROM generate_series(1, ?) r CROSS JOIN generate_series(0, ? - 1) d
       LEFT JOIN (
         SELECT h.resource_id, o.date, sum(h.quantity)::int AS units
           FROM resource_hold h,
                LATERAL (SELECT generate_series(h.date, h.occupied_to, interval '1 day')::date AS date) o
          WHERE h.resource_id LIKE 'res_${BENCH_PREFIX}%' AND h.status IN ('ACTIVE', 'CONFIRMED')
          GROUP BY h.resource_id, o.date
       ) held ON held.resource_id = 'res_${BENCH_PREFIX}' || r AND held.date = date '${FIRST_DATE}' + d`,
    [resources, STARTS_PER_RESOURCE + maxDays - 1]
  )
  await vacuum(pg)
  const rows = await pg.raw(
    `SELECT 'res_${BENCH_PREFIX}' || (1 + (k - 1) / ${STARTS_PER_RESOURCE}) || '|' ||
            to_char(date '${FIRST_DATE}' + (k - 1) % ${STARTS_PER_RESOURCE}, 'YYYY-MM-DD') AS key
       FROM generate_series(1, ?) k`,
    [keys]
  )
  return rows.rows.map((r) => r.key)
}

type ProbeFigures = { holds: number[]; confirms: number[]; refused: number }

/**
 * A checkout-like writer on the keys being cleaned, until `stop()`: a one-unit hold of 1 to
 * `maxDays` dates from a random start key for a cart of its own, then that cart's checkout
 * confirmation (confirmCartHolds), back to back. Returns each call's latency (ms), sorted, and
 * how many calls were refused (a 409 after the lock timeout would be one).
 */
function checkoutProbe(service: ResourceBookingModuleService, keys: StartKey[], maxDays: number) {
  const figures: ProbeFigures = { holds: [], confirms: [], refused: 0 }
  let running = true
  const loop = (async () => {
    for (let n = 0; running; n++) {
      const [resource_id, date] = keys[Math.floor(Math.random() * keys.length)].split("|")
      const end_date = addDays(date, Math.floor(Math.random() * maxDays))
      const cart_id = `cart_${BENCH_PREFIX}probe${Date.now()}n${n}`
      let started = performance.now()
      const hold = await service.createHold({ resource_id, from: date, to: end_date, quantity: 1, cart_id }).catch(() => null)
      figures.holds.push(performance.now() - started)
      if (!hold) {
        figures.refused++
        continue
      }
      started = performance.now()
      const confirmed = await service
        .confirmCartHolds({ cart_id, order_id: `order_${BENCH_PREFIX}probe${n}`, requirements: [{ resource_id, date, end_date, quantity: 1 }] })
        .catch(() => null)
      figures.confirms.push(performance.now() - started)
      if (confirmed?.confirmed.length !== 1) {
        figures.refused++
      }
    }
  })()
  return async () => {
    running = false
    await loop
    figures.holds.sort((a, b) => a - b)
    figures.confirms.sort((a, b) => a - b)
    return figures
  }
}

/** `1` → 1 (one date per hold), `1-7` → 7 (1 to 7 dates). */
function maxDaysOf(spec: string): number {
  const match = /^1(?:-(\d+))?$/.exec(spec)
  if (!match) {
    throw new Error(`days=${spec}: expected 1 or 1-N`)
  }
  return Number(match[1] ?? 1)
}

export default async function cleanupBenchmark({ container, args }: ExecArgs) {
  const service = container.resolve<ResourceBookingModuleService>(RESOURCE_BOOKING_MODULE)
  const pg = container.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION)
  const holds = Number(arg(args, "holds", "100000"))
  const keys = Number(arg(args, "keys", "1000"))
  const others = Number(arg(args, "others", "300000"))
  const repeat = Number(arg(args, "repeat", "3"))
  const concurrencies = arg(args, "concurrency", "1,2").split(",").map(Number)
  const lengths = arg(args, "days", "1,1-7").split(",")
  const configs = lengths.flatMap((days) =>
    arg(args, "configs", "200:5000")
      .split(",")
      .flatMap((c) => {
        const [keysPerBatch, holdsPerBatch] = c.split(":").map(Number)
        return concurrencies.map((concurrency) => [days, keysPerBatch, holdsPerBatch, concurrency] as const)
      })
  )

  console.log(
    `\nCleanup benchmark: ${holds} overdue holds over ${keys} resource+date start keys, among ${others} other holds; ` +
      `holds of ${lengths.map((d) => `${d} date(s)`).join(", then ")}; ${repeat} run(s) per batch configuration; ` +
      `load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`
  )
  console.log(
    "dates per hold | batch keys | max holds | concurrency | bare UPDATE ms | whole call ms | call/bare | batches ms | events | emit ms | " +
      "holds/s | probe holds | hold p50 ms | p99 ms | max ms | probe checkouts | checkout p99 ms | max ms | refused | health ms (overdue seen)"
  )
  for (const [days, batchSize, maxHoldsPerBatch, concurrency] of configs) {
    const maxDays = maxDaysOf(days)
    const ratios: number[] = []
    const waits: number[] = []
    for (let run = 0; run < repeat; run++) {
      const keyList = await seed(pg, holds, keys, others, maxDays)
      const seeded = Math.ceil(holds / keys) * keys
      const healthStarted = performance.now()
      const health = await service.getHealth()
      const healthMs = performance.now() - healthStarted
      const bare = await bareUpdateMs(pg)
      await vacuum(pg)
      const stopProbe = checkoutProbe(service, keyList, maxDays)
      const callStarted = performance.now()
      const result = await service.cleanupExpiredHolds({ batchSize, maxHoldsPerBatch, concurrency })
      const callMs = performance.now() - callStarted
      const probe = await stopProbe()
      const drift = await service.auditCapacity({})
      const broken = await occupancyDrift(pg, `res_${BENCH_PREFIX}`)
      if (result.expiredCount !== seeded || result.failedCount || drift.length || broken) {
        throw new Error(
          `Benchmark run incorrect: expired ${result.expiredCount}/${seeded}, failed ${result.failedCount}, ` +
            `drift ${drift.length} (auditCapacity), ${broken} capacity rows off the occupancy invariant (SQL)`
        )
      }
      ratios.push(callMs / bare)
      waits.push(percentile(probe.holds, 100), percentile(probe.confirms, 100))
      console.log(
        [
          days,
          batchSize,
          maxHoldsPerBatch,
          concurrency,
          bare.toFixed(0),
          callMs.toFixed(0),
          (callMs / bare).toFixed(2),
          result.durationMs,
          result.eventsEmitted,
          result.eventEmissionMs,
          Math.round((seeded / callMs) * 1000),
          probe.holds.length,
          percentile(probe.holds, 50).toFixed(1),
          percentile(probe.holds, 99).toFixed(1),
          percentile(probe.holds, 100).toFixed(1),
          probe.confirms.length,
          percentile(probe.confirms, 99).toFixed(1),
          percentile(probe.confirms, 100).toFixed(1),
          probe.refused,
          `${healthMs.toFixed(0)} (${health.holds.active})`,
        ].join(" | ")
      )
    }
    console.log(
      `  ${days} date(s), ${batchSize}:${maxHoldsPerBatch}, concurrency ${concurrency}: median whole call / bare UPDATE ` +
        `${median(ratios).toFixed(2)}; longest probe wait ${Math.max(...waits).toFixed(0)} ms; load average now ${os.loadavg()[0].toFixed(2)}`
    )
  }
  await seed(pg, 0, 1)
}
