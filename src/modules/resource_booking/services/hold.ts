import { Context } from "@medusajs/framework/types"
import { generateEntityId } from "@medusajs/framework/utils"
import { CapacityKey, HoldStatus, ResourceHoldDTO } from "../types"
import { occupiedDatesSql } from "../utils/booking-span"
import { lockKeySql } from "../utils/lock-key"
import { sql, toDate } from "../utils/sql"

/** A hold row with the database's verdict on whether it is past expires_at. */
export type HoldRow = ResourceHoldDTO & { overdue: boolean }

/**
 * The keys overdue holds occupy, grouped: every hold of a span has the same resource, first
 * date, last occupied date and start time ("" for a date resource), so it occupies exactly the
 * span's keys.
 */
export type HoldSpan = { resource_id: string; date: string; occupied_to: string; start_time: string }
export type OverdueSpan = HoldSpan & { holds: number }

export const spanKey = (s: HoldSpan) => `${s.resource_id}|${s.date}|${s.occupied_to}|${s.start_time}`

export type HoldListFilter = {
  status?: HoldStatus
  resource_id?: string
  date?: string
  /** A departure's holds ("HH:MM"). */
  start_time?: string
  cart_id?: string
  order_id?: string
  overdue?: boolean
  /** true: holds whose confirmation for an order failed; false: all others. */
  confirmation_failed?: boolean
}

export type ExpireFilter = {
  /** Holds of these spans (the caller holds the lock of every date of each). */
  spans: HoldSpan[]
  /** Holds whose expires_at is before this instant are overdue; null means now(). */
  cutoff: string | null
  /** Holds left alone (failed earlier in this run). */
  excludeIds?: string[]
  /** Restrict to one hold (isolation of a failing batch). */
  holdId?: string | null
}

export type ExpiredHold = {
  id: string
  resource_id: string
  date: string
  end_date: string
  occupied_to: string
  /** "" for a date resource. */
  start_time: string
  quantity: number
  cart_id: string | null
  order_id: string | null
  expires_at: string
}

/** An expired hold as SQL returns it: compact JSON arrays parse fastest. */
type ExpiredTuple = [string, string, string, string, string, string, number, string | null, string | null, string]

const EXPIRED_TUPLE = `json_build_array(e.id, e.resource_id, to_char(e.date, 'YYYY-MM-DD'),
                                       to_char(e.end_date, 'YYYY-MM-DD'), to_char(e.occupied_to, 'YYYY-MM-DD'),
                                       e.start_time, e.quantity, e.cart_id, e.order_id, e.expires_at)`

function fromTuple([id, resource_id, date, end_date, occupied_to, start_time, quantity, cart_id, order_id, expires_at]: ExpiredTuple): ExpiredHold {
  return { id, resource_id, date, end_date, occupied_to, start_time, quantity, cart_id, order_id, expires_at }
}

export type ExpireOutcome = {
  expiredCount: number
  unitsRestored: number
  /** The holds this statement expired (what their events carry), and the units each key got back. */
  expired: ExpiredHold[]
  restoredPerKey: { resource_id: string; date: string; start_time: string; units: number }[]
  /** Keys whose holds expired but that have no capacity row to restore into. */
  missingCapacity: CapacityKey[]
}

const HOLD_COLUMNS = `id, resource_id, to_char(date, 'YYYY-MM-DD') AS date,
  to_char(end_date, 'YYYY-MM-DD') AS end_date, (end_date - date + 1) AS days,
  to_char(occupied_to, 'YYYY-MM-DD') AS occupied_to, nullif(start_time, '') AS start_time, quantity, status,
  expires_at, cart_id, customer_id, order_id, line_item_id, confirmation_error, confirmed_at,
  released_at, expired_at, metadata, created_at, updated_at,
  (status = 'ACTIVE' AND expires_at < now()) AS overdue`

function toHold(row: Record<string, unknown>): HoldRow {
  return {
    id: row.id as string,
    resource_id: row.resource_id as string,
    date: row.date as string,
    end_date: row.end_date as string,
    days: Number(row.days),
    occupied_to: row.occupied_to as string,
    start_time: (row.start_time as string | null) || null,
    quantity: Number(row.quantity),
    status: row.status as HoldStatus,
    expires_at: toDate(row.expires_at)!,
    cart_id: (row.cart_id as string | null) ?? null,
    customer_id: (row.customer_id as string | null) ?? null,
    order_id: (row.order_id as string | null) ?? null,
    line_item_id: (row.line_item_id as string | null) ?? null,
    confirmation_error: (row.confirmation_error as string | null) ?? null,
    confirmed_at: toDate(row.confirmed_at),
    released_at: toDate(row.released_at),
    expired_at: toDate(row.expired_at),
    metadata: (row.metadata as Record<string, unknown> | null) ?? null,
    created_at: toDate(row.created_at)!,
    updated_at: toDate(row.updated_at)!,
    overdue: Boolean(row.overdue),
  }
}

/** What the one statement of a hold's creation read, and the hold if it took one. */
export type TakeOutcome = {
  /** The capacity rows of the hold's dates, by date (a missing date has none). */
  capacity: { date: string; available: number }[]
  /** The owners' live units (the most on one of the hold's dates) and holds, before this one. */
  usage: { cart_units: number; cart_holds: number; customer_units: number; customer_holds: number }
  hold: HoldRow | null
}

/** Hold rows: creation, status transitions and the set-based expiry. */
export class HoldService {
  /** The hold, or null. `forUpdate` row-locks it: only after its key's advisory lock. */
  async find(id: string, context: Context, forUpdate = false): Promise<HoldRow | null> {
    const rows = await sql(
      context,
      `SELECT ${HOLD_COLUMNS} FROM resource_hold WHERE id = ? AND deleted_at IS NULL
       ${forUpdate ? "FOR UPDATE" : ""}`,
      [id]
    )
    return rows[0] ? toHold(rows[0]) : null
  }

  /**
   * Holds matching `filter`, newest first, with the total count. `overdue` true: ACTIVE
   * holds past expires_at by the database clock; false: all others. A cart's or an order's holds
   * are few: they are taken through their own index first (a MATERIALIZED scope), then
   * filtered, so the plan never depends on fresh statistics of the other columns. (With
   * statistics from before a burst of checkouts, "this cart's ACTIVE holds" went through the
   * status index and filtered ~200,000 rows: 185 ms instead of 0.1 ms.)
   */
  async list(filter: HoldListFilter, page: { limit: number; offset: number }, context: Context) {
    const scopeColumn = filter.cart_id !== undefined ? "cart_id" : filter.order_id !== undefined ? "order_id" : null
    const scope = scopeColumn
      ? `WITH scoped AS MATERIALIZED (
           SELECT * FROM resource_hold WHERE ${scopeColumn} = ? AND deleted_at IS NULL
         ) `
      : ""
    const scopeParams = scopeColumn ? [filter[scopeColumn]] : []
    const source = scopeColumn ? "scoped" : "resource_hold"
    const where = [`deleted_at IS NULL`]
    const params: unknown[] = []
    for (const field of ["status", "resource_id", "cart_id", "order_id"] as const) {
      if (filter[field] !== undefined && field !== scopeColumn) {
        where.push(`${field} = ?`)
        params.push(filter[field])
      }
    }
    if (filter.date !== undefined) {
      // The holds occupying the date: booked on it, or in turnaround.
      where.push(`occupied_to >= ?::date AND date <= ?::date`)
      params.push(filter.date, filter.date)
    }
    if (filter.start_time !== undefined) {
      where.push(`start_time = ?`)
      params.push(filter.start_time ?? "")
    }
    if (filter.overdue !== undefined) {
      where.push(`${filter.overdue ? "" : "NOT "}(status = 'ACTIVE' AND expires_at < now())`)
    }
    if (filter.confirmation_failed !== undefined) {
      where.push(`${filter.confirmation_failed ? "" : "NOT "}(confirmation_error IS NOT NULL AND status <> 'CONFIRMED')`)
    }
    const rows = await sql(
      context,
      `${scope}SELECT ${HOLD_COLUMNS}, count(*) OVER () AS total_count FROM ${source}
        WHERE ${where.join(" AND ")}
        ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
      [...scopeParams, ...params, page.limit, page.offset]
    )
    let count = rows.length ? Number(rows[0].total_count) : 0
    if (!rows.length && page.offset > 0) {
      const [counted] = await sql(
        context,
        `${scope}SELECT count(*)::int AS count FROM ${source} WHERE ${where.join(" AND ")}`,
        [...scopeParams, ...params]
      )
      count = Number(counted.count)
    }
    return [rows.map(toHold), count] as const
  }

  /**
   * Deletes up to `limit` EXPIRED or RELEASED holds that ended more than `olderThanDays`
   * days ago (by the database clock), oldest first, through the terminal-holds index.
   * CONFIRMED holds (bookings) and ACTIVE ones are never touched; terminal holds hold no
   * units, so capacity is unaffected. Returns how many were deleted.
   */
  async deleteTerminal(olderThanDays: number, limit: number, context: Context): Promise<number> {
    const rows = await sql<{ id: string }>(
      context,
      `DELETE FROM resource_hold WHERE id IN (
         SELECT id FROM resource_hold
          WHERE deleted_at IS NULL AND status IN ('EXPIRED', 'RELEASED')
            AND coalesce(expired_at, released_at, updated_at) < now() - make_interval(days => ?)
          ORDER BY coalesce(expired_at, released_at, updated_at)
          LIMIT ?
       ) RETURNING id`,
      [olderThanDays, limit]
    )
    return rows.length
  }

  /**
   * The hot path of createHold, in one statement once the keys (and owners) are locked:
   * reads the capacity rows of [date, occupied_to] at the start time (a departure: its one key)
   * and the owners' live holds (the caps, counted per key),
   * and only if every date has a row with `quantity` units free and no cap is passed, inserts
   * the hold and takes its units on every date. The lock is held for this one round trip
   * (and the commit). Returns what it read, and the hold when it took one.
   */
  async insertTakingUnits(
    input: {
      resource_id: string
      date: string
      end_date: string
      occupied_to: string
      /** "" for a date resource. */
      start_time: string
      quantity: number
      ttl_minutes: number
      cart_id: string | null
      customer_id: string | null
      metadata: Record<string, unknown> | null
      /** 0: no limit (as the options). */
      max_units: number
      max_holds: number
    },
    context: Context
  ): Promise<TakeOutcome> {
    const [row] = await sql<{
      capacity: { date: string; available: number }[] | null
      usage: TakeOutcome["usage"]
      hold: Record<string, unknown> | null
    }>(
      context,
      `WITH cap AS (
         SELECT to_char(date, 'YYYY-MM-DD') AS date, available_capacity AS available
           FROM resource_capacity
          WHERE resource_id = ? AND date BETWEEN ?::date AND ?::date AND start_time = ? AND deleted_at IS NULL
       ), owned AS MATERIALIZED (
         SELECT cart_id, customer_id, resource_id, date, occupied_to, start_time, quantity FROM resource_hold
          WHERE (cart_id = ? OR customer_id = ?)
            AND status = 'ACTIVE' AND expires_at >= now() AND deleted_at IS NULL
       ), per_date AS (
         SELECT g.d,
                coalesce(sum(o.quantity) FILTER (WHERE o.cart_id = ?), 0) AS cart_units,
                coalesce(sum(o.quantity) FILTER (WHERE o.customer_id = ?), 0) AS customer_units
           FROM generate_series(?::date, ?::date, interval '1 day') AS g(d)
           JOIN owned o ON o.resource_id = ? AND o.start_time = ? AND o.date <= g.d::date AND o.occupied_to >= g.d::date
          GROUP BY g.d
       ), usage AS (
         SELECT coalesce((SELECT max(cart_units) FROM per_date), 0)::int AS cart_units,
                (SELECT count(*) FROM owned WHERE cart_id = ?)::int AS cart_holds,
                coalesce((SELECT max(customer_units) FROM per_date), 0)::int AS customer_units,
                (SELECT count(*) FROM owned WHERE customer_id = ?)::int AS customer_holds
       ), verdict AS (
         SELECT (SELECT count(*) FROM cap) = (?::date - ?::date + 1)
                AND coalesce((SELECT bool_and(available >= ?) FROM cap), false)
                AND (? = 0 OR (u.cart_units + ? <= ? AND u.customer_units + ? <= ?))
                AND (? = 0 OR (u.cart_holds < ? AND u.customer_holds < ?)) AS ok
           FROM usage u
       ), ins AS (
         INSERT INTO resource_hold (id, resource_id, date, end_date, occupied_to, start_time, quantity, status, expires_at,
                                    cart_id, customer_id, metadata, created_at, updated_at)
         SELECT ?, ?, ?::date, ?::date, ?::date, ?, ?, 'ACTIVE', now() + make_interval(mins => ?), ?, ?, ?::jsonb, now(), now()
          WHERE (SELECT ok FROM verdict)
         RETURNING ${HOLD_COLUMNS}
       ), taken AS (
         UPDATE resource_capacity
            SET available_capacity = available_capacity - ?, updated_at = now()
          WHERE resource_id = ? AND date BETWEEN ?::date AND ?::date AND start_time = ? AND deleted_at IS NULL
            AND EXISTS (SELECT 1 FROM ins)
         RETURNING 1
       )
       SELECT (SELECT json_agg(cap ORDER BY cap.date) FROM cap) AS capacity,
              (SELECT row_to_json(u) FROM usage u) AS usage,
              (SELECT row_to_json(i) FROM ins i) AS hold,
              (SELECT count(*) FROM taken) AS taken`,
      [
        input.resource_id, input.date, input.occupied_to, input.start_time,
        input.cart_id, input.customer_id,
        input.cart_id, input.customer_id, input.date, input.occupied_to, input.resource_id, input.start_time,
        input.cart_id, input.customer_id,
        input.occupied_to, input.date, input.quantity,
        input.max_units, input.quantity, input.max_units, input.quantity, input.max_units,
        input.max_holds, input.max_holds, input.max_holds,
        generateEntityId(undefined, "rhold"), input.resource_id, input.date, input.end_date, input.occupied_to,
        input.start_time, input.quantity, input.ttl_minutes, input.cart_id, input.customer_id,
        input.metadata === null ? null : JSON.stringify(input.metadata),
        input.quantity, input.resource_id, input.date, input.occupied_to, input.start_time,
      ]
    )
    return {
      capacity: (row.capacity ?? []).map((c) => ({ date: c.date, available: Number(c.available) })),
      usage: row.usage,
      hold: row.hold ? toHold(row.hold) : null,
    }
  }

  /** Test harness control only (unsafe_skip_locking): the hold row alone, units moved by the caller. */
  async insertUnchecked(
    input: { resource_id: string; date: string; end_date: string; occupied_to: string; start_time: string; quantity: number; ttl_minutes: number; cart_id: string | null; customer_id: string | null },
    context: Context
  ): Promise<HoldRow> {
    const rows = await sql(
      context,
      `INSERT INTO resource_hold (id, resource_id, date, end_date, occupied_to, start_time, quantity, status, expires_at,
                                  cart_id, customer_id, created_at, updated_at)
       VALUES (?, ?, ?::date, ?::date, ?::date, ?, ?, 'ACTIVE', now() + make_interval(mins => ?), ?, ?, now(), now())
       RETURNING ${HOLD_COLUMNS}`,
      [
        generateEntityId(undefined, "rhold"), input.resource_id, input.date, input.end_date, input.occupied_to,
        input.start_time, input.quantity, input.ttl_minutes, input.cart_id, input.customer_id,
      ]
    )
    return toHold(rows[0])
  }

  /** Every hold of a cart (any status), oldest first, row-locked: call under the keys' locks. */
  async ofCart(cartId: string, context: Context): Promise<HoldRow[]> {
    const rows = await sql(
      context,
      `SELECT ${HOLD_COLUMNS} FROM resource_hold WHERE cart_id = ? AND deleted_at IS NULL
        ORDER BY created_at, id FOR UPDATE`,
      [cartId]
    )
    return rows.map(toHold)
  }

  /** Every hold confirmed for an order, row-locked: call under the keys' locks. */
  async ofOrder(orderId: string, context: Context): Promise<HoldRow[]> {
    const rows = await sql(
      context,
      `SELECT ${HOLD_COLUMNS} FROM resource_hold WHERE order_id = ? AND deleted_at IS NULL
        ORDER BY created_at, id FOR UPDATE`,
      [orderId]
    )
    return rows.map(toHold)
  }

  /** Keys (resource+date, every date each hold occupies) of a cart's or an order's holds, without locking. */
  async keysOf(column: "cart_id" | "order_id", value: string, context: Context): Promise<CapacityKey[]> {
    return await sql<CapacityKey>(
      context,
      `SELECT DISTINCT h.resource_id, to_char(o.date, 'YYYY-MM-DD') AS date, h.start_time
         FROM resource_hold h, ${occupiedDatesSql("h")} AS o
        WHERE h.${column} = ? AND h.deleted_at IS NULL`,
      [value]
    )
  }

  /** CONFIRMED for `orderId` (from ACTIVE or, after re-taking its units, from EXPIRED). */
  async confirmForOrder(id: string, orderId: string, context: Context): Promise<HoldRow> {
    const rows = await sql(
      context,
      `UPDATE resource_hold SET status = 'CONFIRMED', confirmed_at = now(), order_id = ?,
              confirmation_error = NULL, updated_at = now()
        WHERE id = ? RETURNING ${HOLD_COLUMNS}`,
      [orderId, id]
    )
    return toHold(rows[0])
  }

  async markConfirmationFailed(id: string, orderId: string, reason: string, context: Context): Promise<HoldRow> {
    const rows = await sql(
      context,
      `UPDATE resource_hold SET order_id = ?, confirmation_error = ?, updated_at = now()
        WHERE id = ? RETURNING ${HOLD_COLUMNS}`,
      [orderId, reason, id]
    )
    return toHold(rows[0])
  }

  /** Pushes expires_at to at least now + `minutes` (never shortens it). */
  async extendAtLeast(ids: string[], minutes: number, context: Context): Promise<void> {
    if (!ids.length) {
      return
    }
    await sql(
      context,
      `UPDATE resource_hold SET expires_at = greatest(expires_at, now() + make_interval(mins => ?)), updated_at = now()
        WHERE id = ANY (array[?]::text[]) AND status = 'ACTIVE'`,
      [minutes, ids]
    )
  }

  async reinstate(id: string, status: HoldStatus, context: Context): Promise<void> {
    await sql(
      context,
      `UPDATE resource_hold SET status = ?, released_at = NULL, updated_at = now() WHERE id = ? AND status = 'RELEASED'`,
      [status, id]
    )
  }

  async restoreExpiry(id: string, expiresAt: Date, context: Context): Promise<void> {
    await sql(
      context,
      `UPDATE resource_hold SET expires_at = ?::timestamptz, updated_at = now() WHERE id = ? AND status = 'ACTIVE'`,
      [expiresAt.toISOString(), id]
    )
  }

  async unconfirm(id: string, context: Context): Promise<void> {
    await sql(
      context,
      `UPDATE resource_hold SET status = 'ACTIVE', confirmed_at = NULL, order_id = NULL, updated_at = now()
        WHERE id = ? AND status = 'CONFIRMED'`,
      [id]
    )
  }

  async attachLine(id: string, lineItemId: string, context: Context): Promise<void> {
    await sql(context, `UPDATE resource_hold SET line_item_id = ?, updated_at = now() WHERE id = ?`, [lineItemId, id])
  }

  /** Moves one hold to CONFIRMED or RELEASED, stamping the matching *_at column. */
  async transition(
    id: string,
    status: HoldStatus.CONFIRMED | HoldStatus.RELEASED,
    context: Context
  ): Promise<HoldRow> {
    const stamp = status === HoldStatus.CONFIRMED ? "confirmed_at" : "released_at"
    const rows = await sql(
      context,
      `UPDATE resource_hold SET status = ?, ${stamp} = now(), updated_at = now()
        WHERE id = ? RETURNING ${HOLD_COLUMNS}`,
      [status, id]
    )
    return toHold(rows[0])
  }

  /**
   * Whether now + `minutes` passes the hold's lifetime limit (created_at + max lifetime),
   * and that limit; both from the database clock.
   */
  async extensionWindow(
    id: string,
    minutes: number,
    maxLifetimeMinutes: number,
    context: Context
  ): Promise<{ exceeds: boolean; limit: Date }> {
    const rows = await sql<{ exceeds: boolean; limit_at: string }>(
      context,
      `SELECT now() + make_interval(mins => ?) > created_at + make_interval(mins => ?) AS exceeds,
              created_at + make_interval(mins => ?) AS limit_at
         FROM resource_hold WHERE id = ?`,
      [minutes, maxLifetimeMinutes, maxLifetimeMinutes, id]
    )
    return { exceeds: Boolean(rows[0].exceeds), limit: toDate(rows[0].limit_at)! }
  }

  async setExpiresAt(id: string, minutes: number, context: Context): Promise<HoldRow> {
    const rows = await sql(
      context,
      `UPDATE resource_hold SET expires_at = now() + make_interval(mins => ?), updated_at = now()
        WHERE id = ? RETURNING ${HOLD_COLUMNS}`,
      [minutes, id]
    )
    return toHold(rows[0])
  }

  /**
   * Spans of ACTIVE holds past `cutoff`, with how many holds each has, ordered by the lock
   * order of their first date. Takes no lock: the expiry re-checks under the spans' locks.
   */
  async overdueSpans(cutoff: string | null, context: Context): Promise<OverdueSpan[]> {
    const rows = await sql<{ resource_id: string; date: string; occupied_to: string; start_time: string; holds: string }>(
      context,
      `SELECT resource_id, to_char(date, 'YYYY-MM-DD') AS date, to_char(occupied_to, 'YYYY-MM-DD') AS occupied_to,
              start_time, count(*) AS holds
         FROM resource_hold
        WHERE status = 'ACTIVE' AND deleted_at IS NULL
          AND expires_at < coalesce(?::timestamptz, now())
        GROUP BY resource_id, date, occupied_to, start_time
        ORDER BY ${lockKeySql("resource_id", "to_char(date, 'YYYY-MM-DD')", "start_time")}, occupied_to`,
      [cutoff]
    )
    return rows.map((r) => ({
      resource_id: r.resource_id,
      date: r.date,
      occupied_to: r.occupied_to,
      start_time: r.start_time,
      holds: Number(r.holds),
    }))
  }

  /**
   * Spans of the resource's ACTIVE holds past `cutoff` (null: now) that occupy a key of
   * `keys` (dates of [from, to] at their start times): what a lazy reclaim on those keys may
   * expire. No lock taken.
   */
  async overdueSpansOccupying(
    resourceId: string,
    keys: CapacityKey[],
    context: Context
  ): Promise<HoldSpan[]> {
    return await sql<HoldSpan>(
      context,
      `SELECT DISTINCT h.resource_id, to_char(h.date, 'YYYY-MM-DD') AS date,
              to_char(h.occupied_to, 'YYYY-MM-DD') AS occupied_to, h.start_time
         FROM resource_hold h
        WHERE h.status = 'ACTIVE' AND h.deleted_at IS NULL AND h.expires_at < now()
          AND h.resource_id = ? AND h.occupied_to >= ?::date AND h.date <= ?::date
          AND h.start_time = ANY (array[?]::text[])`,
      [resourceId, keys[0].date, keys[keys.length - 1].date, [...new Set(keys.map((k) => k.start_time))]]
    )
  }

  /** Ids of one span's ACTIVE holds past `cutoff`, excluding `excludeIds`. */
  async overdueIds(
    span: HoldSpan,
    cutoff: string | null,
    excludeIds: string[],
    context: Context
  ): Promise<string[]> {
    const rows = await sql<{ id: string }>(
      context,
      `SELECT id FROM resource_hold
        WHERE resource_id = ? AND date = ?::date AND occupied_to = ?::date AND start_time = ?
          AND status = 'ACTIVE' AND deleted_at IS NULL
          AND expires_at < coalesce(?::timestamptz, now())
          AND NOT (id = ANY (array[?]::text[]))
        ORDER BY id`,
      [span.resource_id, span.date, span.occupied_to, span.start_time, cutoff, ["", ...excludeIds]]
    )
    return rows.map((r) => r.id)
  }

  /**
   * Expires every ACTIVE hold of `spans` past the cutoff and gives every date it occupies its
   * units back, with one capacity update per date, in one statement. Contract: the caller
   * holds the lock of every date of every span; the re-check happens here, under them, so a
   * concurrent run that already expired the holds finds nothing. Dates without a capacity
   * row are reported, not skipped silently: the caller must roll back.
   */
  async expireOverdue(filter: ExpireFilter, context: Context): Promise<ExpireOutcome> {
    if (!filter.spans.length) {
      return { expiredCount: 0, unitsRestored: 0, expired: [], restoredPerKey: [], missingCapacity: [] }
    }
    const rows = await sql<{
      expired_count: string
      units: string
      expired: ExpiredTuple[] | null
      per_key: { resource_id: string; date: string; start_time: string; units: number }[] | null
      missing: CapacityKey[] | null
    }>(
      context,
      `WITH spans AS (
         SELECT r AS resource_id, d::date AS date, o::date AS occupied_to, t AS start_time
           FROM unnest(array[?]::text[], array[?]::text[], array[?]::text[], array[?]::text[]) AS u(r, d, o, t)
       ), expired AS (
         UPDATE resource_hold h
            SET status = 'EXPIRED', expired_at = now(), updated_at = now()
           FROM spans k
          WHERE h.resource_id = k.resource_id AND h.date = k.date AND h.occupied_to = k.occupied_to
            AND h.start_time = k.start_time AND h.status = 'ACTIVE' AND h.deleted_at IS NULL
            AND h.expires_at < coalesce(?::timestamptz, now())
            AND NOT (h.id = ANY (array[?]::text[]))
            AND (?::text IS NULL OR h.id = ?)
         RETURNING h.id, h.resource_id, h.date, h.end_date, h.occupied_to, h.start_time, h.quantity, h.cart_id, h.order_id, h.expires_at
       ), per_key AS (
         SELECT e.resource_id, o.date, e.start_time, sum(e.quantity)::int AS units
           FROM expired e, ${occupiedDatesSql("e")} AS o
          GROUP BY e.resource_id, o.date, e.start_time
       ), restored AS (
         UPDATE resource_capacity c
            SET available_capacity = c.available_capacity + p.units, updated_at = now()
           FROM per_key p
          WHERE c.resource_id = p.resource_id AND c.date = p.date AND c.start_time = p.start_time AND c.deleted_at IS NULL
         RETURNING c.resource_id, c.date, c.start_time
       )
       SELECT (SELECT count(*) FROM expired) AS expired_count,
              (SELECT coalesce(sum(units), 0) FROM per_key) AS units,
              (SELECT json_agg(${EXPIRED_TUPLE}) FROM expired e) AS expired,
              (SELECT json_agg(json_build_object('resource_id', p.resource_id, 'date', to_char(p.date, 'YYYY-MM-DD'),
                                                 'start_time', p.start_time, 'units', p.units))
                 FROM per_key p) AS per_key,
              (SELECT json_agg(json_build_object('resource_id', p.resource_id,
                                                 'date', to_char(p.date, 'YYYY-MM-DD'), 'start_time', p.start_time))
                 FROM per_key p
                WHERE NOT EXISTS (SELECT 1 FROM restored r
                                   WHERE r.resource_id = p.resource_id AND r.date = p.date
                                     AND r.start_time = p.start_time)) AS missing`,
      [
        filter.spans.map((k) => k.resource_id),
        filter.spans.map((k) => k.date),
        filter.spans.map((k) => k.occupied_to),
        filter.spans.map((k) => k.start_time),
        filter.cutoff,
        ["", ...(filter.excludeIds ?? [])],
        filter.holdId ?? null,
        filter.holdId ?? null,
      ]
    )
    const row = rows[0]
    return {
      expiredCount: Number(row.expired_count),
      unitsRestored: Number(row.units),
      expired: (row.expired ?? []).map(fromTuple),
      restoredPerKey: row.per_key ?? [],
      missingCapacity: row.missing ?? [],
    }
  }
}
