import { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { RESOURCE_BOOKING_MODULE } from "../../src/modules/resource_booking"
import ResourceBookingModuleService from "../../src/modules/resource_booking/service"

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
 * Args: holds=N (100000) keys=N (1000) configs=keys:holds,… (batch keys:max holds)
 */

type Knex = { raw: (sql: string, bindings?: unknown[]) => Promise<{ rows: any[] }> } & {
  transaction: <T>(fn: (trx: any) => Promise<T>) => Promise<T>
}

const BENCH_PREFIX = "bench"

function arg(args: string[], name: string, fallback: string): string {
  const hit = args.find((a) => a.startsWith(`${name}=`))
  return hit ? hit.slice(name.length + 1) : fallback
}

async function seed(pg: Knex, holds: number, keys: number): Promise<string[]> {
  const datesPerResource = 10
  const resources = Math.max(1, Math.ceil(keys / datesPerResource))
  const perKey = Math.ceil(holds / keys)
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
    [datesPerResource, datesPerResource, perKey, keys]
  )
  await pg.raw(
    `INSERT INTO resource_hold (id, resource_id, date, quantity, status, expires_at, created_at, updated_at)
     SELECT 'rhold_${BENCH_PREFIX}' || h, c.resource_id, c.date, 1, 'ACTIVE',
            now() - interval '1 hour', now() - interval '2 hours', now()
       FROM generate_series(1, ?) h
       JOIN resource_capacity c ON c.id = 'rcap_${BENCH_PREFIX}' || (1 + (h - 1) % ?)`,
    [perKey * keys, keys]
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

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) {
    return 0
  }
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
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
  const configs = arg(args, "configs", "20:1000,50:2500,200:5000,200:20000,1000:100000")
    .split(",")
    .map((c) => c.split(":").map(Number) as [number, number])

  console.log(`\nCleanup benchmark: ${holds} overdue holds over ${keys} resource+date keys`)
  console.log(
    "batch keys | max holds | bare UPDATE ms | cleanup ms | holds/s | cleanup/bare | batches | probe holds | probe p50 ms | p99 ms | max ms | events | emit ms | health ms (overdue seen)"
  )
  for (const [batchSize, maxHoldsPerBatch] of configs) {
    const keyList = await seed(pg, holds, keys)
    const healthStarted = performance.now()
    const health = await service.getHealth()
    const healthMs = performance.now() - healthStarted
    const bare = await bareUpdateMs(pg)
    await vacuum(pg)
    const stopProbe = checkoutProbe(service, keyList)
    const result = await service.cleanupExpiredHolds({ batchSize, maxHoldsPerBatch })
    const latencies = await stopProbe()
    const drift = await service.auditCapacity({})
    if (result.expiredCount !== holds || result.failedCount || drift.length) {
      throw new Error(
        `Benchmark run incorrect: expired ${result.expiredCount}/${holds}, failed ${result.failedCount}, drift ${drift.length}`
      )
    }
    console.log(
      [
        batchSize,
        maxHoldsPerBatch,
        bare.toFixed(0),
        result.durationMs,
        Math.round((holds / result.durationMs) * 1000),
        (result.durationMs / bare).toFixed(2),
        result.batches,
        latencies.length,
        percentile(latencies, 50).toFixed(1),
        percentile(latencies, 99).toFixed(1),
        percentile(latencies, 100).toFixed(1),
        result.eventsEmitted,
        result.eventEmissionMs,
        `${healthMs.toFixed(0)} (${health.holds.active})`,
      ].join(" | ")
    )
  }
  await seed(pg, 0, 1)
}
