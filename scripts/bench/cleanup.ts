import { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { RESOURCE_BOOKING_MODULE } from "../../src/modules/resource_booking"
import ResourceBookingModuleService from "../../src/modules/resource_booking/service"
import { Knex, arg, median, percentile } from "./figures"

/**
 * Cleanup throughput and checkout latency, on a dedicated database (see run.js).
 *
 * Seeds H overdue ACTIVE holds spread over K resource+date keys, then for each batch
 * configuration: times a bare `UPDATE … SET status = 'EXPIRED'` of the same rows (rolled
 * back: the speed of Postgres itself), times cleanupExpiredHolds, and meanwhile keeps
 * taking one-unit holds on the keys being cleaned, recording how long each waited.
 *
 * Also times GET health's report (getHealth) on the seeded table, before the cleanup.
 *
 * Args: holds=N (100000) keys=N (1000) others=N (300000) repeat=N (3)
 *       configs=keys:holds,… (batch keys:max holds; 200:5000, the defaults)
 *       concurrency=N,… (1,2: batches in flight at once; 2 is the default)
 */

const BENCH_PREFIX = "bench"

/**
 * H overdue ACTIVE holds over K keys, and O other holds on the same keys: a quarter each
 * ACTIVE and not yet due, CONFIRMED, EXPIRED and RELEASED. Capacity rows satisfy the
 * invariant, with 100 units free per key for the checkout probe.
 */
export async function seed(pg: Knex, holds: number, keys: number, others = 0): Promise<string[]> {
  const datesPerResource = 10
  const resources = Math.max(1, Math.ceil(keys / datesPerResource))
  const perKey = Math.ceil(holds / keys)
  const othersPerKey = Math.ceil(others / keys)
  // Round r of the others gives every key one hold of status r mod 4 (ACTIVE, CONFIRMED, EXPIRED,
  // RELEASED); the first two hold units.
  const heldOthersPerKey = Array.from({ length: othersPerKey }, (_, r) => r % 4 < 2).filter(Boolean).length
  await pg.raw(`DELETE FROM resource_hold WHERE resource_id LIKE 'res_${BENCH_PREFIX}%'`)
  await pg.raw(`DELETE FROM resource_capacity WHERE resource_id LIKE 'res_${BENCH_PREFIX}%'`)
  await pg.raw(`DELETE FROM resource WHERE id LIKE 'res_${BENCH_PREFIX}%'`)
  await pg.raw(
    `INSERT INTO resource (id, name) SELECT 'res_${BENCH_PREFIX}' || r, 'Bench ' || r
       FROM generate_series(1, ?) r`,
    [resources]
  )
  // Headroom of 100 units per key for the checkout probe.
  await pg.raw(
    `INSERT INTO resource_capacity (id, resource_id, date, max_capacity, available_capacity)
     SELECT 'rcap_${BENCH_PREFIX}' || k, 'res_${BENCH_PREFIX}' || (1 + (k - 1) / ?),
            date '2030-01-01' + ((k - 1) % ?), ? + 100, 100
       FROM generate_series(1, ?) k`,
    [datesPerResource, datesPerResource, perKey + heldOthersPerKey, keys]
  )
  await pg.raw(
    `INSERT INTO resource_hold (id, resource_id, date, quantity, status, expires_at, created_at, updated_at)
     SELECT 'rhold_${BENCH_PREFIX}' || h, c.resource_id, c.date, 1, 'ACTIVE',
            now() - interval '1 hour', now() - interval '2 hours', now()
       FROM generate_series(1, ?) h
       JOIN resource_capacity c ON c.id = 'rcap_${BENCH_PREFIX}' || (1 + (h - 1) % ?)`,
    [perKey * keys, keys]
  )
  await pg.raw(
    `INSERT INTO resource_hold (id, resource_id, date, quantity, status, expires_at, created_at, updated_at,
                                confirmed_at, expired_at, released_at)
     SELECT 'rhold_${BENCH_PREFIX}_o' || o, c.resource_id, c.date, 1, s.status,
            CASE s.status WHEN 'ACTIVE' THEN now() + interval '1 hour' ELSE now() - interval '1 day' END,
            now() - interval '2 days', now(),
            CASE s.status WHEN 'CONFIRMED' THEN now() - interval '1 day' END,
            CASE s.status WHEN 'EXPIRED' THEN now() - interval '1 day' END,
            CASE s.status WHEN 'RELEASED' THEN now() - interval '1 day' END
       FROM generate_series(1, ?) o
       JOIN resource_capacity c ON c.id = 'rcap_${BENCH_PREFIX}' || (1 + (o - 1) % ?)
      CROSS JOIN LATERAL (SELECT (array['ACTIVE', 'CONFIRMED', 'EXPIRED', 'RELEASED'])[1 + ((o - 1) / ?) % 4] AS status) s`,
    [othersPerKey * keys, keys, keys]
  )
  await vacuum(pg)
  const rows = await pg.raw(
    `SELECT resource_id, to_char(date, 'YYYY-MM-DD') AS date FROM resource_capacity
      WHERE resource_id LIKE 'res_${BENCH_PREFIX}%'`
  )
  return rows.rows.map((r) => `${r.resource_id}|${r.date}`)
}

/** Leaves no dead tuples behind a seed or a rolled-back UPDATE to slow the next measurement. */
async function vacuum(pg: Knex): Promise<void> {
  await pg.raw(`VACUUM ANALYZE resource_hold`)
  await pg.raw(`VACUUM ANALYZE resource_capacity`)
}

/** Time of the bare set-based UPDATE over the same overdue rows, rolled back. */
async function bareUpdateMs(pg: Knex): Promise<number> {
  let elapsed = 0
  await pg
    .transaction(async (trx) => {
      const start = performance.now()
      await trx.raw(
        `UPDATE resource_hold SET status = 'EXPIRED', expired_at = now(), updated_at = now()
          WHERE status = 'ACTIVE' AND expires_at < now() AND deleted_at IS NULL`
      )
      elapsed = performance.now() - start
      throw new Error("rollback")
    })
    .catch((e: Error) => {
      if (e.message !== "rollback") {
        throw e
      }
    })
  return elapsed
}

/** Takes one-unit holds on random cleaned keys until `stop()`; returns each call's latency. */
function checkoutProbe(service: ResourceBookingModuleService, keys: string[]) {
  const latencies: number[] = []
  let running = true
  const loop = (async () => {
    while (running) {
      const [resource_id, date] = keys[Math.floor(Math.random() * keys.length)].split("|")
      const start = performance.now()
      await service.createHold({ resource_id, date, quantity: 1 })
      latencies.push(performance.now() - start)
    }
  })()
  return async () => {
    running = false
    await loop
    return latencies.sort((a, b) => a - b)
  }
}

export default async function cleanupBenchmark({ container, args }: ExecArgs) {
  const service = container.resolve<ResourceBookingModuleService>(RESOURCE_BOOKING_MODULE)
  const pg = container.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION)
  const holds = Number(arg(args, "holds", "100000"))
  const keys = Number(arg(args, "keys", "1000"))
  const others = Number(arg(args, "others", "300000"))
  const repeat = Number(arg(args, "repeat", "3"))
  const concurrencies = arg(args, "concurrency", "1,2").split(",").map(Number)
  const configs = arg(args, "configs", "200:5000")
    .split(",")
    .flatMap((c) => {
      const [keysPerBatch, holdsPerBatch] = c.split(":").map(Number)
      return concurrencies.map((concurrency) => [keysPerBatch, holdsPerBatch, concurrency] as const)
    })

  console.log(
    `\nCleanup benchmark: ${holds} overdue holds over ${keys} resource+date keys, among ${others} other holds; ` +
      `${repeat} run(s) per batch configuration`
  )
  console.log(
    "batch keys | max holds | concurrency | bare UPDATE ms | whole call ms | call/bare | batches ms | events | emit ms | holds/s | probe holds | probe p50 ms | p99 ms | max ms | health ms (overdue seen)"
  )
  for (const [batchSize, maxHoldsPerBatch, concurrency] of configs) {
    const ratios: number[] = []
    for (let run = 0; run < repeat; run++) {
      const keyList = await seed(pg, holds, keys, others)
      const healthStarted = performance.now()
      const health = await service.getHealth()
      const healthMs = performance.now() - healthStarted
      const bare = await bareUpdateMs(pg)
      await vacuum(pg)
      const stopProbe = checkoutProbe(service, keyList)
      const callStarted = performance.now()
      const result = await service.cleanupExpiredHolds({ batchSize, maxHoldsPerBatch, concurrency })
      const callMs = performance.now() - callStarted
      const latencies = await stopProbe()
      const drift = await service.auditCapacity({})
      if (result.expiredCount !== holds || result.failedCount || drift.length) {
        throw new Error(
          `Benchmark run incorrect: expired ${result.expiredCount}/${holds}, failed ${result.failedCount}, drift ${drift.length}`
        )
      }
      ratios.push(callMs / bare)
      console.log(
        [
          batchSize,
          maxHoldsPerBatch,
          concurrency,
          bare.toFixed(0),
          callMs.toFixed(0),
          (callMs / bare).toFixed(2),
          result.durationMs,
          result.eventsEmitted,
          result.eventEmissionMs,
          Math.round((holds / callMs) * 1000),
          latencies.length,
          percentile(latencies, 50).toFixed(1),
          percentile(latencies, 99).toFixed(1),
          percentile(latencies, 100).toFixed(1),
          `${healthMs.toFixed(0)} (${health.holds.active})`,
        ].join(" | ")
      )
    }
    console.log(
      `  median whole call / bare UPDATE (${batchSize}:${maxHoldsPerBatch}, concurrency ${concurrency}): ${median(ratios).toFixed(2)}`
    )
  }
  await seed(pg, 0, 1)
}
