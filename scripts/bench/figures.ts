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
