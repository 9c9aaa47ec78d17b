import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { query, Suite } from "./harness"

/**
 * Helpers for the range race specs: the invariant per date computed straight from the
 * tables, a storefront-like retry of CONFLICT answers, the SQLSTATEs the module's own
 * connection met, the server's deadlock counter, a seeded random source, and the loops
 * that run verbs against cleanups.
 */

export type DateLedger = {
  resource_id: string
  date: string
  max_capacity: number
  available_capacity: number
  /** Σ quantity of the ACTIVE and CONFIRMED holds occupying the date (date <= d <= occupied_to). */
  held: number
}

/** Every live capacity row with the units its occupying ACTIVE and CONFIRMED holds take. */
export async function dateLedger(suite: Suite, resourceIds?: string[]): Promise<DateLedger[]> {
  const rows = await query<DateLedger>(
    suite,
    `SELECT c.resource_id, to_char(c.date, 'YYYY-MM-DD') AS date, c.max_capacity, c.available_capacity,
            coalesce(sum(h.quantity) FILTER (WHERE h.status IN ('ACTIVE', 'CONFIRMED')), 0)::int AS held
       FROM resource_capacity c
       LEFT JOIN resource_hold h
         ON h.resource_id = c.resource_id AND h.date <= c.date AND h.occupied_to >= c.date AND h.deleted_at IS NULL
      WHERE c.deleted_at IS NULL ${resourceIds ? "AND c.resource_id IN (?)" : ""}
      GROUP BY c.id, c.resource_id, c.date, c.max_capacity, c.available_capacity
      ORDER BY c.resource_id, c.date`,
    resourceIds ? [resourceIds] : []
  )
  return rows.map((row) => ({
    ...row,
    max_capacity: Number(row.max_capacity),
    available_capacity: Number(row.available_capacity),
    held: Number(row.held),
  }))
}

/** Dates where available ≠ max − held, or more units are held than exist (oversold). */
export function breaches(ledger: DateLedger[]): (DateLedger & { expected_available: number; oversold: boolean })[] {
  return ledger
    .map((row) => ({ ...row, expected_available: row.max_capacity - row.held, oversold: row.held > row.max_capacity }))
    .filter((row) => row.oversold || row.available_capacity !== row.expected_available)
}

export type RetryStats = {
  /** CONFLICT answers that were retried. */
  retried: number
  /** Calls that still met CONFLICT after the last attempt. */
  exhausted: number
}

/** Attempts per call: a storefront retries a busy answer a few times, then shows an error. */
export const MAX_ATTEMPTS = 8

export const newRetryStats = (): RetryStats => ({ retried: 0, exhausted: 0 })

const isConflict = (error: unknown) => (error as MedusaError)?.type === MedusaError.Types.CONFLICT

/**
 * Runs `call` as a storefront would: a CONFLICT ("busy with another booking operation": a lock
 * timeout, or a deadlock Postgres broke) is retried after a short random pause, at most
 * MAX_ATTEMPTS times; every retry and every call that stayed busy is counted in `stats`.
 * Any other answer (success or refusal) is the call's.
 */
export async function retrying<T>(stats: RetryStats, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call()
    } catch (error) {
      if (!isConflict(error)) {
        throw error
      }
      if (attempt === MAX_ATTEMPTS) {
        stats.exhausted++
        throw error
      }
      stats.retried++
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.floor(Math.random() * 30 * attempt)))
    }
  }
}

/**
 * Counts, by SQLSTATE, the statements of the module's own connection (the suite's shared
 * pool, which the module's transactions run on) that the server refused, until `stop()`.
 * The module turns both 55P03 (lock timeout) and 40P01 (deadlock) into the same CONFLICT;
 * this tells them apart.
 */
export function watchSqlStates(suite: Suite): { counts: Map<string, number>; of: (code: string) => number; stop: () => void } {
  const knex = suite.medusaApp.sharedContainer.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const counts = new Map<string, number>()
  const listener = (error: { code?: unknown }) => {
    const code = typeof error?.code === "string" ? error.code : "none"
    counts.set(code, (counts.get(code) ?? 0) + 1)
  }
  knex.on("query-error", listener)
  return { counts, of: (code) => counts.get(code) ?? 0, stop: () => knex.removeListener("query-error", listener) }
}

/** The server's own count of deadlocks it detected in the test database. */
async function deadlocksCounted(suite: Suite): Promise<number> {
  const [row] = await query(suite, `SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()`)
  return Number(row.deadlocks)
}

/**
 * pg_stat_database.deadlocks once it has settled: each server process reports its counts when
 * it goes idle, at most about once a second, so the value is read until it stays the same
 * across a pause (bounded).
 */
export async function serverDeadlocks(suite: Suite): Promise<number> {
  let last = await deadlocksCounted(suite)
  for (let i = 0; i < 8; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1500))
    const now = await deadlocksCounted(suite)
    if (now === last) {
      return now
    }
    last = now
  }
  return last
}

/** A seeded random source (mulberry32): the same workload on every run, scheduling aside. */
export function seededRandom(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(items: T[]): T => items[int(0, items.length - 1)]
  const shuffle = <T>(items: T[]): T[] => {
    const copy = [...items]
    for (let i = copy.length - 1; i > 0; i--) {
      const j = int(0, i)
      ;[copy[i], copy[j]] = [copy[j], copy[i]]
    }
    return copy
  }
  return { next, int, pick, shuffle }
}

/** Runs `task` over `items`, `concurrency` at a time, in order; settles every one. */
export async function settleInOrder<T>(items: T[], concurrency: number, task: (item: T) => Promise<unknown>) {
  const outcomes: PromiseSettledResult<unknown>[] = new Array(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++
        outcomes[i] = await task(items[i]).then(
          (value) => ({ status: "fulfilled" as const, value }),
          (reason) => ({ status: "rejected" as const, reason })
        )
      }
    })
  )
  return outcomes
}

/** Calls `expire` in a loop until `done` settles, then once more. */
export async function loopUntil(done: Promise<unknown>, expire: () => Promise<unknown>): Promise<void> {
  let finished = false
  done.finally(() => (finished = true))
  while (!finished) {
    await expire()
  }
  await expire()
}

/** Every hold's status, by id. */
export async function finalStatuses(suite: Suite): Promise<Map<string, string>> {
  const rows = await query<{ id: string; status: string }>(suite, `SELECT id, status FROM resource_hold`)
  return new Map(rows.map((row) => [row.id, row.status]))
}

/** The messages of the rejected outcomes. */
export function rejections(outcomes: PromiseSettledResult<unknown>[]): string[] {
  return outcomes
    .filter((o): o is PromiseRejectedResult => o.status === "rejected")
    .map((o) => String(o.reason?.message ?? o.reason))
}
