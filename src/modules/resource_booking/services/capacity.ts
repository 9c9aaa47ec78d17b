import { Context } from "@medusajs/framework/types"
import { assertBookingIsolation } from "../utils/booking-transaction"
import { generateEntityId } from "@medusajs/framework/utils"
import {
  AvailabilityDTO,
  CalendarDayDTO,
  CalendarDayState,
  CapacityDriftDTO,
  CapacityKey,
  ResolvedOptions,
  ResourceCapacityDTO,
} from "../types"
import { invalid } from "../utils/errors"
import { lockKeySql } from "../utils/lock-key"
import { sql } from "../utils/sql"

type InjectedDependencies = {
  resourceBookingOptions: ResolvedOptions
}

const CAPACITY_COLUMNS = `id, resource_id, to_char(date, 'YYYY-MM-DD') AS date, max_capacity, available_capacity`

type CapacityRow = ResourceCapacityDTO

export type RangeRow = {
  date: string
  id: string | null
  max_capacity: number | null
  available_capacity: number | null
  held: number
}

/**
 * Capacity rows and the resource+date advisory locks that guard them. Internal to the
 * module: `adjustCapacity` alone breaks the invariant, so only the hold verbs call it.
 */
export class CapacityService {
  protected readonly options_: ResolvedOptions

  constructor({ resourceBookingOptions }: InjectedDependencies) {
    this.options_ = resourceBookingOptions
  }

  /**
   * Takes the transaction-level advisory locks of `keys`.
   *
   * Contract: must run inside a transaction (the locks are released when it ends), once
   * per transaction, before any row lock, with every key the transaction will change.
   * Keys are taken in one global order (ascending 64-bit hash), so two transactions can
   * never wait on each other in a cycle. The wait is bounded by lock_timeout_ms on the
   * server; running out raises SQLSTATE 55P03, which the verbs turn into a CONFLICT.
   * A transaction that is not READ COMMITTED (a caller's) is refused before any lock.
   */
  async lockKeys(keys: CapacityKey[], context: Context): Promise<void> {
    if (!keys.length || this.options_.unsafeSkipLocking) {
      return
    }
    const [{ level }] = await sql<{ level: string }>(
      context,
      `SELECT set_config('lock_timeout', ?, true), current_setting('transaction_isolation') AS level`,
      [`${this.options_.lockTimeoutMs}ms`]
    )
    assertBookingIsolation(level)
    await sql(
      context,
      `SELECT count(pg_advisory_xact_lock(k)) AS locked
         FROM (SELECT DISTINCT ${lockKeySql("r", "d")} AS k
                 FROM unnest(array[?]::text[], array[?]::text[]) AS t(r, d)
                ORDER BY k) AS sorted_keys`,
      [keys.map((k) => k.resource_id), keys.map((k) => k.date)]
    )
  }

  /** The capacity row of one key, or null. Call under the key's lock to act on it. */
  async findRow(key: CapacityKey, context: Context): Promise<CapacityRow | null> {
    const rows = await sql<CapacityRow>(
      context,
      `SELECT ${CAPACITY_COLUMNS} FROM resource_capacity
        WHERE resource_id = ? AND date = ?::date AND deleted_at IS NULL`,
      [key.resource_id, key.date]
    )
    return rows[0] ?? null
  }

  /**
   * Moves available_capacity of one key by `delta` (negative takes units, positive gives
   * them back). Contract: the caller holds the key's lock and records the matching hold
   * change in the same transaction; otherwise the invariant breaks. Refuses to leave
   * [0, max_capacity] rather than relying on the CHECK alone.
   */
  async adjustCapacity(
    resourceId: string,
    date: string,
    delta: number,
    context: Context
  ): Promise<CapacityRow> {
    const rows = await sql<CapacityRow>(
      context,
      `UPDATE resource_capacity
          SET available_capacity = available_capacity + ?, updated_at = now()
        WHERE resource_id = ? AND date = ?::date AND deleted_at IS NULL
          AND available_capacity + ? BETWEEN 0 AND max_capacity
        RETURNING ${CAPACITY_COLUMNS}`,
      [delta, resourceId, date, delta]
    )
    if (!rows.length) {
      throw invalid(
        `Cannot move available capacity of resource ${resourceId} on ${date} by ${delta}: ` +
          `no capacity row, or the result would leave 0..max_capacity`
      )
    }
    return rows[0]
  }

  /**
   * Test harness control only (unsafe_skip_locking): writes an absolute value computed
   * from an earlier, unlocked read — the lost-update bug the locks exist to prevent.
   */
  async overwriteAvailable(
    capacityId: string,
    available: number,
    context: Context
  ): Promise<void> {
    await sql(
      context,
      `UPDATE resource_capacity SET available_capacity = ?, updated_at = now() WHERE id = ?`,
      [available, capacityId]
    )
  }

  /** Each date of [from, to] with its capacity row (if any) and units ACTIVE+CONFIRMED holds occupy. */
  async readRange(
    resourceId: string,
    dates: string[],
    context: Context
  ): Promise<RangeRow[]> {
    return await sql<RangeRow>(
      context,
      `SELECT d.date, c.id, c.max_capacity, c.available_capacity,
              coalesce((SELECT sum(h.quantity) FROM resource_hold h
                         WHERE h.resource_id = ? AND h.date = d.date::date
                           AND h.status IN ('ACTIVE', 'CONFIRMED') AND h.deleted_at IS NULL), 0)::int AS held
         FROM unnest(array[?]::text[]) AS d(date)
         LEFT JOIN resource_capacity c
           ON c.resource_id = ? AND c.date = d.date::date AND c.deleted_at IS NULL
        ORDER BY d.date`,
      [resourceId, dates, resourceId]
    )
  }

  /**
   * Creates missing rows (available = max) and moves existing rows' max and available by
   * the same delta. Contract: the caller holds every date's lock and has checked that
   * the new max covers what holds occupy.
   */
  async upsertRange(
    resourceId: string,
    dates: string[],
    maxCapacity: number,
    context: Context
  ): Promise<ResourceCapacityDTO[]> {
    const ids = dates.map(() => generateEntityId(undefined, "rcap"))
    return await sql<ResourceCapacityDTO>(
      context,
      `INSERT INTO resource_capacity (id, resource_id, date, max_capacity, available_capacity)
       SELECT t.id, ?, t.date::date, ?, ?
         FROM unnest(array[?]::text[], array[?]::text[]) AS t(id, date)
       ON CONFLICT (resource_id, date) WHERE deleted_at IS NULL DO UPDATE
          SET available_capacity = resource_capacity.available_capacity
                                   + (EXCLUDED.max_capacity - resource_capacity.max_capacity),
              max_capacity = EXCLUDED.max_capacity,
              updated_at = now()
       RETURNING ${CAPACITY_COLUMNS}`,
      [resourceId, maxCapacity, maxCapacity, ids, dates]
    ).then((rows) => rows.sort((a, b) => a.date.localeCompare(b.date)))
  }

  /** Per date: capacity, units of overdue ACTIVE holds (reclaimable), and their sum. */
  async availability(
    resourceId: string,
    dates: string[],
    context: Context
  ): Promise<AvailabilityDTO[]> {
    const rows = await sql<{
      date: string
      max_capacity: number | null
      available_capacity: number | null
      reclaimable: number
    }>(
      context,
      `SELECT d.date, c.max_capacity, c.available_capacity,
              coalesce((SELECT sum(h.quantity) FROM resource_hold h
                         WHERE h.resource_id = ? AND h.date = d.date::date
                           AND h.status = 'ACTIVE' AND h.expires_at < now()
                           AND h.deleted_at IS NULL), 0)::int AS reclaimable
         FROM unnest(array[?]::text[]) AS d(date)
         LEFT JOIN resource_capacity c
           ON c.resource_id = ? AND c.date = d.date::date AND c.deleted_at IS NULL
        ORDER BY d.date`,
      [resourceId, dates, resourceId]
    )
    return rows.map((row) => {
      const bookable = row.max_capacity !== null
      const available = bookable ? Number(row.available_capacity) : 0
      const reclaimable = bookable ? Number(row.reclaimable) : 0
      return {
        date: row.date,
        bookable,
        max_capacity: bookable ? Number(row.max_capacity) : 0,
        available_capacity: available,
        reclaimable,
        effective_available: available + reclaimable,
      }
    })
  }

  /**
   * One calendar row per date of `dates` (ascending, contiguous): capacity and the units of
   * ACTIVE (overdue among them) and CONFIRMED holds, summed in one statement through the
   * (resource_id, date, status) index.
   */
  async calendar(resourceId: string, dates: string[], context: Context): Promise<CalendarDayDTO[]> {
    const rows = await sql<CalendarRow>(
      context,
      `SELECT d.date, c.max_capacity, c.available_capacity,
              coalesce(h.held, 0)::int AS held, coalesce(h.overdue, 0)::int AS overdue,
              coalesce(h.confirmed, 0)::int AS confirmed
         FROM unnest(array[?]::text[]) AS d(date)
         LEFT JOIN resource_capacity c
           ON c.resource_id = ? AND c.date = d.date::date AND c.deleted_at IS NULL
         LEFT JOIN (
           SELECT date,
                  sum(quantity) FILTER (WHERE status = 'ACTIVE') AS held,
                  sum(quantity) FILTER (WHERE status = 'ACTIVE' AND expires_at < now()) AS overdue,
                  sum(quantity) FILTER (WHERE status = 'CONFIRMED') AS confirmed
             FROM resource_hold
            WHERE resource_id = ? AND date BETWEEN ?::date AND ?::date
              AND status IN ('ACTIVE', 'CONFIRMED') AND deleted_at IS NULL
            GROUP BY date
         ) h ON h.date = d.date::date
        ORDER BY d.date`,
      [dates, resourceId, resourceId, dates[0], dates[dates.length - 1]]
    )
    return rows.map((row) => calendarDay(row))
  }

  /**
   * Capacity rows whose available differs from max − Σ(ACTIVE + CONFIRMED quantities): the
   * one statement of the invariant, used by auditCapacity and the health audit. Held units
   * are summed per key in one pass over the holds in range (a hash join with the capacity
   * rows), not by one index probe per capacity row: a year of dates for hundreds of
   * resources is a hundred thousand rows.
   */
  async audit(
    filter: { resource_id?: string; from?: string; to?: string },
    context: Context
  ): Promise<CapacityDriftDTO[]> {
    const range = (table: string) => `(?::text IS NULL OR ${table}.resource_id = ?)
           AND (?::date IS NULL OR ${table}.date >= ?::date)
           AND (?::date IS NULL OR ${table}.date <= ?::date)`
    const bounds = [
      filter.resource_id ?? null,
      filter.resource_id ?? null,
      filter.from ?? null,
      filter.from ?? null,
      filter.to ?? null,
      filter.to ?? null,
    ]
    const rows = await sql<CapacityDriftDTO>(
      context,
      `SELECT c.resource_id, to_char(c.date, 'YYYY-MM-DD') AS date, c.max_capacity,
              coalesce(h.held, 0)::int AS held,
              (c.max_capacity - coalesce(h.held, 0))::int AS expected_available,
              c.available_capacity AS actual_available
         FROM resource_capacity c
         LEFT JOIN (
           SELECT resource_id, date, sum(quantity) AS held FROM resource_hold
            WHERE status IN ('ACTIVE', 'CONFIRMED') AND deleted_at IS NULL AND ${range("resource_hold")}
            GROUP BY resource_id, date
         ) h ON h.resource_id = c.resource_id AND h.date = c.date
        WHERE c.deleted_at IS NULL AND ${range("c")}
          AND c.available_capacity <> c.max_capacity - coalesce(h.held, 0)
        ORDER BY c.resource_id, c.date`,
      [...bounds, ...bounds]
    )
    return rows.map((row) => ({
      ...row,
      max_capacity: Number(row.max_capacity),
      held: Number(row.held),
      expected_available: Number(row.expected_available),
      actual_available: Number(row.actual_available),
    }))
  }
}

/** One date of the calendar statement: capacity (null without a row) and held units. */
type CalendarRow = {
  date: string
  max_capacity: number | null
  available_capacity: number | null
  held: number
  overdue: number
  confirmed: number
}

/** A calendar row read as the admin's calendar shows it (see CalendarDayState). */
function calendarDay(row: CalendarRow): CalendarDayDTO {
  const bookable = row.max_capacity !== null
  const max = bookable ? Number(row.max_capacity) : 0
  const available = bookable ? Number(row.available_capacity) : 0
  const held = Number(row.held)
  const overdue = Number(row.overdue)
  const state: CalendarDayState = !bookable
    ? "no_capacity"
    : available > 0
      ? "open"
      : held > 0
        ? "full_with_holds"
        : "sold_out"
  return {
    date: row.date,
    bookable,
    max_capacity: max,
    available_capacity: available,
    held,
    overdue,
    confirmed: Number(row.confirmed),
    // As availability(): only a bookable date has units to give, overdue ones included.
    effective_available: bookable ? available + overdue : 0,
    utilization_percent: max > 0 ? Math.round(((max - available) / max) * 1000) / 10 : 0,
    state,
  }
}
