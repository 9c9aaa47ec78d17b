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
import { occupiedDatesSql } from "../utils/booking-span"
import { lockKeySql } from "../utils/lock-key"
import { describeKey } from "../utils/booking-span"
import { sql } from "../utils/sql"

type InjectedDependencies = {
  resourceBookingOptions: ResolvedOptions
}

const CAPACITY_COLUMNS = `id, resource_id, to_char(date, 'YYYY-MM-DD') AS date, nullif(start_time, '') AS start_time,
  max_capacity, available_capacity`

type CapacityRow = ResourceCapacityDTO

/** A key of one resource: a date, with its start time ("" for a date resource). */
export type KeyOf = { date: string; start_time: string }

export type RangeRow = {
  date: string
  /** "" for a date. */
  start_time: string
  id: string | null
  max_capacity: number | null
  available_capacity: number | null
  held: number
}

/**
 * The departures whose cut-off has passed at the first binding's instant, still unmarked, of
 * resources with a min_quantity, with the units CONFIRMED on each. Bindings: now, default
 * time zone, now, default time zone, default time zone, now.
 */
const DUE_FOR_MINIMUM_SQL = `
  SELECT c.id, c.resource_id, c.date, c.start_time, r.min_quantity,
         coalesce((SELECT sum(h.quantity) FROM resource_hold h
                    WHERE h.resource_id = c.resource_id AND h.date = c.date AND h.start_time = c.start_time
                      AND h.status = 'CONFIRMED' AND h.deleted_at IS NULL), 0)::int AS confirmed
    FROM resource r
    CROSS JOIN LATERAL (
      SELECT c.* FROM resource_capacity c
       WHERE c.resource_id = r.id AND c.start_time <> '' AND c.below_minimum_at IS NULL AND c.deleted_at IS NULL
         AND c.date BETWEEN (?::timestamptz AT TIME ZONE coalesce(r.timezone, ?))::date - 2
                        AND (?::timestamptz AT TIME ZONE coalesce(r.timezone, ?))::date + (r.cutoff_minutes / 1440) + 1
    ) c
   WHERE r.booking_unit = 'departure' AND r.min_quantity IS NOT NULL AND r.deleted_at IS NULL
     AND ((c.date + c.start_time::time) AT TIME ZONE coalesce(r.timezone, ?))
         - make_interval(mins => r.cutoff_minutes) <= ?::timestamptz`

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
   * Takes the transaction-level advisory locks of `keys`, then of `owners` (named locks, e.g.
   * a cart's: utils/hold-limits.ts), in one statement.
   *
   * Contract: must run inside a transaction (the locks are released when it ends), once
   * per transaction, before any row lock, with every key the transaction will change.
   * Keys are taken in one global order (ascending 64-bit hash), so two transactions can
   * never wait on each other in a cycle; owners after every key, in the order given. The wait
   * is bounded by lock_timeout_ms on the server; running out raises SQLSTATE 55P03, which the
   * verbs turn into a CONFLICT. A transaction that is not READ COMMITTED (a caller's) takes no
   * lock and is refused.
   */
  async lockKeys(keys: CapacityKey[], context: Context, owners: string[] = []): Promise<void> {
    if ((!keys.length && !owners.length) || this.options_.unsafeSkipLocking) {
      return
    }
    if (this.options_.unsafeUnsortedLocks) {
      return await this.lockInRequestOrder(keys, owners, context)
    }
    // The settings come first (an OFFSET 0 subquery is evaluated before the outer row), the
    // locks after, in the sorted order of the inner subquery.
    const [{ level }] = await sql<{ level: string }>(
      context,
      `SELECT s.level,
              (SELECT count(pg_advisory_xact_lock(l.k))
                 FROM (SELECT k FROM (
                         SELECT DISTINCT ${lockKeySql("r", "d", "t")} AS k, 0::bigint AS n
                           FROM unnest(array[?]::text[], array[?]::text[], array[?]::text[]) AS u(r, d, t)
                          WHERE u.r <> ''
                         UNION ALL
                         SELECT hashtextextended(o.name, 0), o.n
                           FROM unnest(array[?]::text[]) WITH ORDINALITY AS o(name, n)
                          WHERE o.name <> ''
                       ) AS all_keys
                       WHERE s.level = 'read committed'
                       ORDER BY n, k) AS l) AS locked
         FROM (SELECT set_config('lock_timeout', ?, true) AS timeout,
                      current_setting('transaction_isolation') AS level OFFSET 0) AS s`,
      // Empty lists would expand to `array[]`: each list carries one blank that the SQL skips.
      [
        ["", ...keys.map((k) => k.resource_id)],
        ["", ...keys.map((k) => k.date)],
        ["", ...keys.map((k) => k.start_time)],
        ["", ...owners],
        `${this.options_.lockTimeoutMs}ms`,
      ]
    )
    assertBookingIsolation(level)
  }

  /** Test harness control only (unsafe_unsorted_locks): each key in the caller's order, one statement each. */
  protected async lockInRequestOrder(keys: CapacityKey[], owners: string[], context: Context): Promise<void> {
    const [{ level }] = await sql<{ level: string }>(
      context,
      `SELECT set_config('lock_timeout', ?, true), current_setting('transaction_isolation') AS level`,
      [`${this.options_.lockTimeoutMs}ms`]
    )
    assertBookingIsolation(level)
    for (const key of keys) {
      await sql(context, `SELECT pg_advisory_xact_lock(${lockKeySql("?::text", "?::text", "?::text")})`, [
        key.resource_id,
        key.date,
        key.start_time,
        key.start_time,
      ])
    }
    for (const owner of owners) {
      await sql(context, `SELECT pg_advisory_xact_lock(hashtextextended(?, 0))`, [owner])
    }
  }

  /**
   * Tries the locks of `keys` without waiting (a key another transaction holds is not waited
   * for, so no cycle can form); true when every one is now held by this transaction. Used to
   * reclaim an overdue hold whose dates reach past the keys a verb locked.
   */
  async tryLockKeys(keys: CapacityKey[], context: Context): Promise<boolean> {
    if (!keys.length || this.options_.unsafeSkipLocking) {
      return true
    }
    const [row] = await sql<{ all_held: boolean }>(
      context,
      `SELECT bool_and(pg_try_advisory_xact_lock(${lockKeySql("r", "d", "t")})) AS all_held
         FROM unnest(array[?]::text[], array[?]::text[], array[?]::text[]) AS u(r, d, t)`,
      [keys.map((k) => k.resource_id), keys.map((k) => k.date), keys.map((k) => k.start_time)]
    )
    return Boolean(row.all_held)
  }

  /** The capacity row of one key, or null. Call under the key's lock to act on it. */
  async findRow(key: CapacityKey, context: Context): Promise<CapacityRow | null> {
    const rows = await sql<CapacityRow>(
      context,
      `SELECT ${CAPACITY_COLUMNS} FROM resource_capacity
        WHERE resource_id = ? AND date = ?::date AND start_time = ? AND deleted_at IS NULL`,
      [key.resource_id, key.date, key.start_time]
    )
    return rows[0] ?? null
  }

  /**
   * Moves available_capacity of one key by `delta` (negative takes units, positive gives
   * them back). Contract: the caller holds the key's lock and records the matching hold
   * change in the same transaction; otherwise the invariant breaks. Refuses to leave
   * [0, max_capacity] rather than relying on the CHECK alone.
   */
  async adjustKey(key: CapacityKey, delta: number, context: Context): Promise<CapacityRow> {
    const rows = await sql<CapacityRow>(
      context,
      `UPDATE resource_capacity
          SET available_capacity = available_capacity + ?, updated_at = now()
        WHERE resource_id = ? AND date = ?::date AND start_time = ? AND deleted_at IS NULL
          AND available_capacity + ? BETWEEN 0 AND max_capacity
        RETURNING ${CAPACITY_COLUMNS}`,
      [delta, key.resource_id, key.date, key.start_time, delta]
    )
    if (!rows.length) {
      throw invalid(
        `Cannot move available capacity of resource ${key.resource_id} on ${describeKey(key)} by ${delta}: ` +
          `no capacity row, or the result would leave 0..max_capacity`
      )
    }
    return rows[0]
  }

  /**
   * Moves available_capacity of every key a hold occupies (every date of [date, occupied_to]
   * at its start time) by `delta`: a hold's keys move together. Same contract as adjustKey; a
   * key without a row, or leaving [0, max_capacity], refuses the whole move (the caller's
   * transaction rolls back).
   */
  async adjustHold(
    hold: { resource_id: string; date: string; occupied_to: string; start_time: string | null },
    delta: number,
    context: Context
  ): Promise<void> {
    const startTime = hold.start_time ?? ""
    if (hold.date === hold.occupied_to) {
      await this.adjustKey({ resource_id: hold.resource_id, date: hold.date, start_time: startTime }, delta, context)
      return
    }
    const [row] = await sql<{ moved: number; wanted: number }>(
      context,
      `WITH moved AS (
         UPDATE resource_capacity
            SET available_capacity = available_capacity + ?, updated_at = now()
          WHERE resource_id = ? AND date BETWEEN ?::date AND ?::date AND start_time = ? AND deleted_at IS NULL
            AND available_capacity + ? BETWEEN 0 AND max_capacity
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM moved)::int AS moved, (?::date - ?::date + 1)::int AS wanted`,
      [delta, hold.resource_id, hold.date, hold.occupied_to, startTime, delta, hold.occupied_to, hold.date]
    )
    if (Number(row.moved) !== Number(row.wanted)) {
      throw invalid(
        `Cannot move available capacity of resource ${hold.resource_id} from ${hold.date} to ${hold.occupied_to} by ${delta}: ` +
          `a date has no capacity row, or the result would leave 0..max_capacity`
      )
    }
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

  /**
   * Each key of `keys` (one resource, ascending) with its capacity row (if any) and the units
   * ACTIVE+CONFIRMED holds occupy on it.
   */
  async readKeys(resourceId: string, keys: KeyOf[], context: Context): Promise<RangeRow[]> {
    return await sql<RangeRow>(
      context,
      `WITH occupied AS (
         SELECT o.date, h.start_time, sum(h.quantity) AS held
           FROM resource_hold h, ${occupiedDatesSql("h")} AS o
          WHERE h.resource_id = ? AND h.occupied_to >= ?::date AND h.date <= ?::date
            AND h.status IN ('ACTIVE', 'CONFIRMED') AND h.deleted_at IS NULL
          GROUP BY o.date, h.start_time
       )
       SELECT k.date, k.start_time, c.id, c.max_capacity, c.available_capacity, coalesce(o.held, 0)::int AS held
         FROM unnest(array[?]::text[], array[?]::text[]) AS k(date, start_time)
         LEFT JOIN resource_capacity c
           ON c.resource_id = ? AND c.date = k.date::date AND c.start_time = k.start_time AND c.deleted_at IS NULL
         LEFT JOIN occupied o ON o.date = k.date::date AND o.start_time = k.start_time
        ORDER BY k.date, k.start_time`,
      [resourceId, keys[0].date, keys[keys.length - 1].date, keys.map((k) => k.date), keys.map((k) => k.start_time), resourceId]
    )
  }

  /**
   * Creates missing rows (available = max) and moves existing rows' max and available by
   * the same delta, for every key of `keys`. Contract: the caller holds every key's lock and
   * has checked that the new max covers what holds occupy.
   */
  async upsertKeys(resourceId: string, keys: KeyOf[], maxCapacity: number, context: Context): Promise<ResourceCapacityDTO[]> {
    const ids = keys.map(() => generateEntityId(undefined, "rcap"))
    return await sql<ResourceCapacityDTO>(
      context,
      `INSERT INTO resource_capacity (id, resource_id, date, start_time, max_capacity, available_capacity)
       SELECT t.id, ?, t.date::date, t.start_time, ?, ?
         FROM unnest(array[?]::text[], array[?]::text[], array[?]::text[]) AS t(id, date, start_time)
       ON CONFLICT (resource_id, date, start_time) WHERE deleted_at IS NULL DO UPDATE
          SET available_capacity = resource_capacity.available_capacity
                                   + (EXCLUDED.max_capacity - resource_capacity.max_capacity),
              max_capacity = EXCLUDED.max_capacity,
              updated_at = now()
       RETURNING ${CAPACITY_COLUMNS}`,
      [resourceId, maxCapacity, maxCapacity, ids, keys.map((k) => k.date), keys.map((k) => k.start_time)]
    ).then((rows) => rows.sort((a, b) => a.date.localeCompare(b.date) || (a.start_time ?? "").localeCompare(b.start_time ?? "")))
  }

  /**
   * Per date of `dates` (contiguous): capacity, units of overdue ACTIVE holds occupying it
   * (reclaimable), and their sum. Overdue holds are few (the cleanup expires them): they are
   * found through the ACTIVE-expiry index and spread over their dates.
   */
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
      `WITH overdue AS (
         SELECT o.date, sum(h.quantity) AS units
           FROM resource_hold h, ${occupiedDatesSql("h")} AS o
          WHERE h.status = 'ACTIVE' AND h.expires_at < now() AND h.deleted_at IS NULL
            AND h.resource_id = ? AND h.occupied_to >= ?::date AND h.date <= ?::date AND h.start_time = ''
          GROUP BY o.date
       )
       SELECT d.date, c.max_capacity, c.available_capacity, coalesce(o.units, 0)::int AS reclaimable
         FROM unnest(array[?]::text[]) AS d(date)
         LEFT JOIN resource_capacity c
           ON c.resource_id = ? AND c.date = d.date::date AND c.start_time = '' AND c.deleted_at IS NULL
         LEFT JOIN overdue o ON o.date = d.date::date
        ORDER BY d.date`,
      [resourceId, dates[0], dates[dates.length - 1], dates, resourceId]
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
   * The dates of [from, to] on which a booking of `span` dates (booked plus turnaround) for
   * `quantity` units can start: every date of the span has a capacity row with at least
   * `quantity` units free now (overdue holds counted as free). One statement: each date's
   * verdict once, then a window over the following span − 1 dates.
   */
  async startDates(
    resourceId: string,
    range: { from: string; to: string },
    span: number,
    quantity: number,
    context: Context
  ): Promise<string[]> {
    const rows = await sql<{ date: string }>(
      context,
      `WITH dates AS (
         SELECT d::date AS date FROM generate_series(?::date, ?::date + (? - 1), interval '1 day') AS g(d)
       ), overdue AS (
         SELECT o.date, sum(h.quantity) AS units
           FROM resource_hold h, ${occupiedDatesSql("h")} AS o
          WHERE h.status = 'ACTIVE' AND h.expires_at < now() AND h.deleted_at IS NULL
            AND h.resource_id = ? AND h.occupied_to >= ?::date AND h.date <= ?::date + (? - 1) AND h.start_time = ''
          GROUP BY o.date
       ), verdict AS (
         SELECT d.date,
                (c.available_capacity IS NOT NULL
                 AND c.available_capacity + coalesce(o.units, 0) >= ?)::int AS ok
           FROM dates d
           LEFT JOIN resource_capacity c
             ON c.resource_id = ? AND c.date = d.date AND c.start_time = '' AND c.deleted_at IS NULL
           LEFT JOIN overdue o ON o.date = d.date
       ), windows AS (
         SELECT date, sum(ok) OVER (ORDER BY date ROWS BETWEEN CURRENT ROW AND ? FOLLOWING) AS ok_dates
           FROM verdict
       )
       SELECT to_char(date, 'YYYY-MM-DD') AS date FROM windows
        WHERE date <= ?::date AND ok_dates = ?
        ORDER BY date`,
      [range.from, range.to, span, resourceId, range.from, range.to, span, quantity, resourceId, span - 1, range.to, span]
    )
    return rows.map((row) => row.date)
  }

  /**
   * One calendar row per date of `dates` (ascending, contiguous): capacity and the units of
   * ACTIVE (overdue among them) and CONFIRMED holds occupying it, turnaround among them, in one
   * statement: the live holds reaching into the range (IDX_resource_hold_occupying), spread
   * over their dates.
   */
  async calendar(resourceId: string, dates: string[], context: Context): Promise<CalendarDayDTO[]> {
    const from = dates[0]
    const to = dates[dates.length - 1]
    const rows = await sql<CalendarRow>(
      context,
      `SELECT d.date, c.max_capacity, c.available_capacity,
              coalesce(h.held, 0)::int AS held, coalesce(h.overdue, 0)::int AS overdue,
              coalesce(h.confirmed, 0)::int AS confirmed, coalesce(h.turnaround, 0)::int AS turnaround
         FROM unnest(array[?]::text[]) AS d(date)
         LEFT JOIN resource_capacity c
           ON c.resource_id = ? AND c.date = d.date::date AND c.start_time = '' AND c.deleted_at IS NULL
         LEFT JOIN (
           SELECT o.date,
                  sum(quantity) FILTER (WHERE status = 'ACTIVE') AS held,
                  sum(quantity) FILTER (WHERE status = 'ACTIVE' AND expires_at < now()) AS overdue,
                  sum(quantity) FILTER (WHERE status = 'CONFIRMED') AS confirmed,
                  sum(quantity) FILTER (WHERE o.date > h.end_date) AS turnaround
             FROM resource_hold h, ${occupiedDatesSql("h")} AS o
            WHERE h.resource_id = ? AND h.occupied_to >= ?::date AND h.date <= ?::date AND h.start_time = ''
              AND h.status IN ('ACTIVE', 'CONFIRMED') AND h.deleted_at IS NULL
            GROUP BY o.date
         ) h ON h.date = d.date::date
        ORDER BY d.date`,
      [dates, resourceId, resourceId, from, to]
    )
    return rows.map((row) => calendarDay(row))
  }

  /**
   * Every departure of the resource on a date of [from, to] (its capacity rows with a start
   * time), ascending by date and time, with the units its ACTIVE (overdue among them) and
   * CONFIRMED holds take and when it was reported below the resource's minimum. One statement:
   * the live holds reaching into the range (IDX_resource_hold_occupying), grouped per key.
   */
  async departures(resourceId: string, from: string, to: string, context: Context): Promise<DepartureRow[]> {
    const rows = await sql<DepartureRow>(
      context,
      `SELECT to_char(c.date, 'YYYY-MM-DD') AS date, c.start_time, c.max_capacity, c.available_capacity,
              coalesce(h.held, 0)::int AS held, coalesce(h.overdue, 0)::int AS overdue,
              coalesce(h.confirmed, 0)::int AS confirmed, c.below_minimum_at
         FROM resource_capacity c
         LEFT JOIN (
           SELECT date, start_time,
                  sum(quantity) FILTER (WHERE status = 'ACTIVE') AS held,
                  sum(quantity) FILTER (WHERE status = 'ACTIVE' AND expires_at < now()) AS overdue,
                  sum(quantity) FILTER (WHERE status = 'CONFIRMED') AS confirmed
             FROM resource_hold
            WHERE resource_id = ? AND occupied_to >= ?::date AND date <= ?::date AND start_time <> ''
              AND status IN ('ACTIVE', 'CONFIRMED') AND deleted_at IS NULL
            GROUP BY date, start_time
         ) h ON h.date = c.date AND h.start_time = c.start_time
        WHERE c.resource_id = ? AND c.date BETWEEN ?::date AND ?::date AND c.start_time <> '' AND c.deleted_at IS NULL
        ORDER BY c.date, c.start_time`,
      [resourceId, from, to, resourceId, from, to]
    )
    return rows.map((row) => ({
      ...row,
      max_capacity: Number(row.max_capacity),
      available_capacity: Number(row.available_capacity),
      held: Number(row.held),
      overdue: Number(row.overdue),
      confirmed: Number(row.confirmed),
      below_minimum_at: row.below_minimum_at ? new Date(row.below_minimum_at) : null,
    }))
  }

  /**
   * Marks `below_minimum_at` on every departure whose cut-off has passed (its start time in the
   * resource's time zone, minus cutoff_minutes, at or before `now`) with fewer units CONFIRMED
   * than the resource's min_quantity, and returns them. Each departure is marked once: the
   * UPDATE takes only rows still unmarked, and a concurrent run's UPDATE, waiting on the same
   * row, re-checks and skips it. Departures of the last two days and later are considered (a
   * min_quantity set today does not flag last month's tours). Per resource with a minimum, an
   * index range over its dates up to its cut-off ahead.
   */
  async flagBelowMinimum(defaultTimezone: string, now: Date, context: Context): Promise<BelowMinimumRow[]> {
    const at = now.toISOString()
    const dueBindings = [at, defaultTimezone, at, defaultTimezone, defaultTimezone, at]
    const rows = this.options_.unsafeSkipLocking
      ? await this.flagBelowMinimumUnsafe(dueBindings, at, context)
      : await sql<BelowMinimumRow>(
          context,
          `WITH due AS (${DUE_FOR_MINIMUM_SQL})
           UPDATE resource_capacity c
              SET below_minimum_at = ?::timestamptz, updated_at = now()
             FROM due d
            WHERE c.id = d.id AND d.confirmed < d.min_quantity AND c.below_minimum_at IS NULL
           RETURNING d.resource_id, to_char(d.date, 'YYYY-MM-DD') AS date, d.start_time, d.confirmed, d.min_quantity AS minimum`,
          [...dueBindings, at]
        )
    return rows
      .map((row) => ({ ...row, confirmed: Number(row.confirmed), minimum: Number(row.minimum) }))
      .sort((a, b) => a.resource_id.localeCompare(b.resource_id) || a.date.localeCompare(b.date) || a.start_time.localeCompare(b.start_time))
  }

  /**
   * Test harness control only (unsafe_skip_locking): the due departures read first, then
   * marked by id without re-checking that they are still unmarked — the plain read-then-write
   * that lets concurrent runs report one departure more than once.
   */
  private async flagBelowMinimumUnsafe(dueBindings: string[], at: string, context: Context): Promise<BelowMinimumRow[]> {
    const due = await sql<BelowMinimumRow & { id: string }>(
      context,
      `WITH due AS (${DUE_FOR_MINIMUM_SQL})
       SELECT d.id, d.resource_id, to_char(d.date, 'YYYY-MM-DD') AS date, d.start_time, d.confirmed, d.min_quantity AS minimum
         FROM due d WHERE d.confirmed < d.min_quantity`,
      dueBindings
    )
    if (due.length) {
      await sql(context, `UPDATE resource_capacity SET below_minimum_at = ?::timestamptz, updated_at = now() WHERE id = ANY(array[?]::text[])`, [
        at,
        due.map((row) => row.id),
      ])
    }
    return due.map(({ id: _id, ...row }) => row)
  }

  /**
   * Capacity rows whose available differs from max − Σ quantity of the ACTIVE and CONFIRMED
   * holds occupying the date (turnaround included): the one statement of the invariant, used
   * by auditCapacity and the health audit. Held units are summed per key in one pass over the
   * live holds reaching into the range, each spread over its dates (a hash join with the
   * capacity rows), not by one index probe per capacity row.
   */
  async audit(
    filter: { resource_id?: string; from?: string; to?: string },
    context: Context
  ): Promise<CapacityDriftDTO[]> {
    const rows = await sql<CapacityDriftDTO>(
      context,
      `SELECT c.resource_id, to_char(c.date, 'YYYY-MM-DD') AS date, c.start_time, c.max_capacity,
              coalesce(h.held, 0)::int AS held,
              (c.max_capacity - coalesce(h.held, 0))::int AS expected_available,
              c.available_capacity AS actual_available
         FROM resource_capacity c
         LEFT JOIN (
           SELECT h.resource_id, o.date, h.start_time, sum(h.quantity) AS held
             FROM resource_hold h, ${occupiedDatesSql("h")} AS o
            WHERE h.status IN ('ACTIVE', 'CONFIRMED') AND h.deleted_at IS NULL
              AND (?::text IS NULL OR h.resource_id = ?)
              AND (?::date IS NULL OR h.occupied_to >= ?::date)
              AND (?::date IS NULL OR h.date <= ?::date)
            GROUP BY h.resource_id, o.date, h.start_time
         ) h ON h.resource_id = c.resource_id AND h.date = c.date AND h.start_time = c.start_time
        WHERE c.deleted_at IS NULL
          AND (?::text IS NULL OR c.resource_id = ?)
          AND (?::date IS NULL OR c.date >= ?::date)
          AND (?::date IS NULL OR c.date <= ?::date)
          AND c.available_capacity <> c.max_capacity - coalesce(h.held, 0)
        ORDER BY c.resource_id, c.date, c.start_time`,
      [...bounds(filter), ...bounds(filter)]
    )
    return rows.map((row) => ({
      ...row,
      start_time: row.start_time || null,
      max_capacity: Number(row.max_capacity),
      held: Number(row.held),
      expected_available: Number(row.expected_available),
      actual_available: Number(row.actual_available),
    }))
  }
}

/** The audit filter's parameters: resource, from and to, each twice (null: unbounded). */
function bounds(filter: { resource_id?: string; from?: string; to?: string }): (string | null)[] {
  const { resource_id = null, from = null, to = null } = filter
  return [resource_id, resource_id, from, from, to, to]
}

/** A departure the cleanup found below its resource's minimum at its cut-off. */
export type BelowMinimumRow = { resource_id: string; date: string; start_time: string; confirmed: number; minimum: number }

/** One departure as the departures statement reads it. */
export type DepartureRow = {
  date: string
  start_time: string
  max_capacity: number
  available_capacity: number
  /** Units of ACTIVE holds, overdue ones included. */
  held: number
  overdue: number
  confirmed: number
  below_minimum_at: Date | null
}

/** One date of the calendar statement: capacity (null without a row) and held units. */
type CalendarRow = {
  date: string
  max_capacity: number | null
  available_capacity: number | null
  held: number
  overdue: number
  confirmed: number
  turnaround: number
}

/** A calendar row read as the admin's calendar shows it (see CalendarDayState). */
export function calendarDay(row: CalendarRow): CalendarDayDTO {
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
    turnaround: Number(row.turnaround),
    // As availability(): only a bookable date has units to give, overdue ones included.
    effective_available: bookable ? available + overdue : 0,
    utilization_percent: max > 0 ? Math.round(((max - available) / max) * 1000) / 10 : 0,
    state,
  }
}
