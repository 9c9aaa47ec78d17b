/** What the `medusa exec` benchmarks share: their arguments, the database handle, and summaries. */

/** Medusa's PG_CONNECTION (knex), as far as the benchmarks use it. */
export type Knex = {
  raw: (sql: string, bindings?: unknown[]) => Promise<{ rows: any[] }>
  transaction: <T>(fn: (trx: Knex) => Promise<T>) => Promise<T>
}

/** The value of a `name=value` argument, or `fallback`. */
export function arg(args: string[], name: string, fallback: string): string {
  const hit = args.find((a) => a.startsWith(`${name}=`))
  return hit ? hit.slice(name.length + 1) : fallback
}

/** `date` (`YYYY-MM-DD`) plus `days` calendar days, counted in UTC. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** A fixed pseudo-random sequence in [0, 1) (so two runs seed and read the same rows). */
export function sequence(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

/** `fn`'s result and its wall time in milliseconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now()
  const result = await fn()
  return [result, performance.now() - started]
}

/** Leaves no dead tuples behind a seed or a rolled-back UPDATE to slow the next measurement. */
export async function vacuum(pg: Knex): Promise<void> {
  await pg.raw(`VACUUM ANALYZE resource_hold`)
  await pg.raw(`VACUUM ANALYZE resource_capacity`)
}

/**
 * The cleanup's reference: a bare set-based UPDATE of every overdue ACTIVE hold's status
 * (statement time, rolled back): what expiring them costs without locks, batches, the
 * capacity restore or events.
 */
export async function bareUpdateMs(pg: Knex): Promise<number> {
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

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** The p-th percentile (nearest rank) of `values`; 0 when there are none. */
export function percentile(values: number[], p: number): number {
  if (!values.length) {
    return 0
  }
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

/**
 * The capacity invariant over the resources whose id starts with `resourcePrefix`, counted in
 * SQL of its own (not the module's audit): for every live capacity row, available = max − Σ
 * quantity of the ACTIVE and CONFIRMED holds occupying its date (date <= d <= occupied_to) and
 * departure (start_time, '' for dates), and available >= 0; and no live hold occupies a date
 * without a row. Returns the rows that break it.
 */
export async function occupancyDrift(pg: Knex, resourcePrefix: string): Promise<number> {
  const { rows } = await pg.raw(
    `WITH held AS (
       SELECT h.resource_id, o.date, h.start_time, sum(h.quantity)::bigint AS units
         FROM resource_hold h,
              LATERAL (SELECT generate_series(h.date, h.occupied_to, interval '1 day')::date AS date) o
        WHERE h.resource_id LIKE ? AND h.status IN ('ACTIVE', 'CONFIRMED') AND h.deleted_at IS NULL
        GROUP BY h.resource_id, o.date, h.start_time
     )
     SELECT (SELECT count(*) FROM resource_capacity c LEFT JOIN held h USING (resource_id, date, start_time)
              WHERE c.resource_id LIKE ? AND c.deleted_at IS NULL
                AND (c.available_capacity <> c.max_capacity - coalesce(h.units, 0) OR c.available_capacity < 0))
          + (SELECT count(*) FROM held h WHERE NOT EXISTS (
               SELECT 1 FROM resource_capacity c
                WHERE c.resource_id = h.resource_id AND c.date = h.date AND c.start_time = h.start_time
                  AND c.deleted_at IS NULL)) AS broken`,
    [`${resourcePrefix}%`, `${resourcePrefix}%`]
  )
  return Number(rows[0].broken)
}
