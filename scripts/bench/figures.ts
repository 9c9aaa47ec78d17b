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
 * quantity of the ACTIVE and CONFIRMED holds occupying its date (date <= d <= occupied_to), and
 * available >= 0; and no live hold occupies a date without a row. Returns the rows that break it.
 */
export async function occupancyDrift(pg: Knex, resourcePrefix: string): Promise<number> {
  const { rows } = await pg.raw(
    `WITH held AS (
       SELECT h.resource_id, o.date, sum(h.quantity)::bigint AS units
         FROM resource_hold h,
              LATERAL (SELECT generate_series(h.date, h.occupied_to, interval '1 day')::date AS date) o
        WHERE h.resource_id LIKE ? AND h.status IN ('ACTIVE', 'CONFIRMED') AND h.deleted_at IS NULL
        GROUP BY h.resource_id, o.date
     )
     SELECT (SELECT count(*) FROM resource_capacity c LEFT JOIN held h USING (resource_id, date)
              WHERE c.resource_id LIKE ? AND c.deleted_at IS NULL
                AND (c.available_capacity <> c.max_capacity - coalesce(h.units, 0) OR c.available_capacity < 0))
          + (SELECT count(*) FROM held h WHERE NOT EXISTS (
               SELECT 1 FROM resource_capacity c
                WHERE c.resource_id = h.resource_id AND c.date = h.date AND c.deleted_at IS NULL)) AS broken`,
    [`${resourcePrefix}%`, `${resourcePrefix}%`]
  )
  return Number(rows[0].broken)
}
