import { Context, Logger } from "@medusajs/framework/types"
import { InjectBookingTransaction } from "../utils/booking-transaction"
import { MedusaContext, MedusaError } from "@medusajs/framework/utils"
import {
  CapacityDriftDTO,
  CapacityKey,
  CapacityReconcileReport,
  CapacityReconcileRowDTO,
  ReconcileHoldDTO,
} from "../types"
import { logNotRepairable, logRepaired } from "../utils/reconcile-log"
import { sql } from "../utils/sql"
import { CapacityService } from "./capacity"
import { CleanupRunService } from "./cleanup-run"

type InjectedDependencies = {
  baseRepository: unknown
  logger: Logger
  capacityService: CapacityService
  cleanupRunService: CleanupRunService
}

/** Holds listed per drifting row in a report; `hold_count` gives the full number. */
export const RECONCILE_HOLDS_SHOWN = 20

type Filter = { resource_id?: string; from?: string; to?: string }

/** One row of a repair batch as read under its lock, and whether the batch repaired it. */
type LockedRow = {
  resource_id: string
  date: string
  /** "" for a date resource. */
  start_time: string
  max_capacity: number
  held: number
  before: number
  fixed: boolean
}

type HoldsOfKey = { holds: ReconcileHoldDTO[]; count: number }

type KeyLike = { resource_id: string; date: string; start_time?: string | null }

/** A row's key as a map key ("" start time for a date resource, however the row spells it). */
const keyOf = (row: KeyLike) => `${row.resource_id}|${row.date}|${row.start_time ?? ""}`

/** A drift row's lock key. */
const asKey = (row: KeyLike): CapacityKey => ({ resource_id: row.resource_id, date: row.date, start_time: row.start_time ?? "" })

const NOT_REPAIRABLE = (row: { max_capacity: number; held: number }) =>
  `oversold: ${row.held} units held exceed max_capacity ${row.max_capacity}, and available_capacity cannot go ` +
  `below 0; raise max_capacity to at least ${row.held} (setCapacity) or release holds, then run the repair again`

/**
 * The capacity repair: finds capacity rows whose available_capacity differs from
 * max_capacity − Σ quantity of ACTIVE + CONFIRMED holds, and (with fix) sets it back.
 *
 * A repair runs only while it holds the cleanup runs' single-flight lock (so no cleanup
 * run is in progress, and any that starts meanwhile is skipped). It repairs `batchSize`
 * rows per transaction: takes their capacity locks (CapacityService.lockKeys, the module's
 * lock order), recomputes held under them, and writes max − held only where that still
 * differs and is a valid row (not below 0). A row never changes without its lock, so
 * checkouts on it wait and then see the repaired value. Each repair is logged after its
 * batch commits. Running it again finds nothing to do.
 */
export class CapacityRepairService {
  protected readonly baseRepository_: unknown
  protected readonly logger_: Logger
  protected readonly capacityService_: CapacityService
  protected readonly cleanupRunService_: CleanupRunService

  constructor(deps: InjectedDependencies) {
    this.baseRepository_ = deps.baseRepository
    this.logger_ = deps.logger
    this.capacityService_ = deps.capacityService
    this.cleanupRunService_ = deps.cleanupRunService
  }

  /** The drifting rows of `filter`, with their holds. Reads only. */
  async report(filter: Filter, context: Context): Promise<CapacityReconcileReport> {
    const drift = await this.capacityService_.audit(filter, context)
    const rows: CapacityReconcileRowDTO[] = []
    for (let start = 0; start < drift.length; start += 1000) {
      const chunk = drift.slice(start, start + 1000)
      const holds = await this.holdsOf(chunk.map(asKey), context)
      rows.push(...chunk.map((row) => reportRow(row, holds.get(keyOf(row)))))
    }
    return { fix: false, rows, fixed_count: 0, remaining_count: rows.length, batches: 0 }
  }

  /**
   * Repairs the drifting rows of `filter`, `batchSize` rows per transaction. Refuses with
   * CONFLICT, changing nothing, while a cleanup run holds its single-flight lock.
   */
  async repair(filter: Filter, batchSize: number, context: Context): Promise<CapacityReconcileReport> {
    const report = await this.cleanupRunService_.singleFlight(
      () => this.repairAll(filter, batchSize, context),
      context
    )
    if (!report) {
      throw new MedusaError(
        MedusaError.Types.CONFLICT,
        "Capacity repair refused: a cleanup run is in progress (it holds the cleanup single-flight lock); " +
          "nothing was changed, run the repair again once the run has finished"
      )
    }
    return report
  }

  protected async repairAll(filter: Filter, batchSize: number, context: Context): Promise<CapacityReconcileReport> {
    // Candidates only: every value acted on is read again under the row's lock.
    const drift = await this.capacityService_.audit(filter, context)
    const rows: CapacityReconcileRowDTO[] = []
    let remaining = 0
    let batches = 0
    for (let start = 0; start < drift.length; start += batchSize) {
      const chunk = drift.slice(start, start + batchSize)
      const { locked, holds } = await this.repairBatch_(chunk.map(asKey), context)
      batches += 1
      const byKey = new Map(locked.map((row) => [keyOf(row), row]))
      for (const candidate of chunk) {
        const settled = this.settle(candidate, byKey.get(keyOf(candidate)), holds.get(keyOf(candidate)))
        rows.push(settled.row)
        remaining += settled.drifting ? 1 : 0
      }
    }
    const fixed = rows.filter((row) => row.fixed).length
    return { fix: true, rows, fixed_count: fixed, remaining_count: remaining, batches }
  }

  /**
   * A candidate's report row, from the values read under its lock, and whether it still
   * drifts after its batch; logs the repair, or why the row was left.
   */
  protected settle(
    candidate: CapacityDriftDTO,
    locked: LockedRow | undefined,
    holds: HoldsOfKey | undefined
  ): { row: CapacityReconcileRowDTO; drifting: boolean } {
    if (!locked) {
      return { row: { ...reportRow(candidate, holds), reason: "the capacity row no longer exists" }, drifting: false }
    }
    const row = {
      resource_id: locked.resource_id,
      date: locked.date,
      start_time: locked.start_time || null,
      max_capacity: locked.max_capacity,
      held: locked.held,
      expected_available: locked.max_capacity - locked.held,
      actual_available: locked.before,
    }
    const result = { ...reportRow(row, holds), fixed: locked.fixed }
    if (locked.fixed) {
      logRepaired(this.logger_, row, row.actual_available, row.expected_available)
      return { row: { ...result, reason: null }, drifting: false }
    }
    if (row.actual_available === row.expected_available) {
      return { row: { ...result, reason: "no longer drifting when read under its lock: nothing to repair" }, drifting: false }
    }
    logNotRepairable(this.logger_, row, row.actual_available, result.reason!)
    return { row: result, drifting: true }
  }

  /**
   * One transaction: the keys' capacity locks, then one statement that recomputes each
   * row's held units and sets available = max − held where that differs and is not below
   * 0; returns every row of the keys as read under the locks. The rows' holds are read in
   * the same transaction, so they match the held values.
   */
  @InjectBookingTransaction()
  protected async repairBatch_(
    keys: CapacityKey[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ locked: LockedRow[]; holds: Map<string, HoldsOfKey> }> {
    await this.capacityService_.lockKeys(keys, sharedContext)
    const rows = await sql<LockedRow>(
      sharedContext,
      `WITH state AS (
         SELECT c.id, c.resource_id, c.date, c.start_time, c.max_capacity, c.available_capacity AS before,
                coalesce((SELECT sum(h.quantity) FROM resource_hold h
                           WHERE h.resource_id = c.resource_id AND h.occupied_to >= c.date AND h.date <= c.date
                             AND h.start_time = c.start_time
                             AND h.status IN ('ACTIVE', 'CONFIRMED') AND h.deleted_at IS NULL), 0)::int AS held
           FROM resource_capacity c
           JOIN unnest(array[?]::text[], array[?]::text[], array[?]::text[]) AS k(resource_id, date, start_time)
             ON c.resource_id = k.resource_id AND c.date = k.date::date AND c.start_time = k.start_time
          WHERE c.deleted_at IS NULL
       ), repaired AS (
         UPDATE resource_capacity c
            SET available_capacity = s.max_capacity - s.held, updated_at = now()
           FROM state s
          WHERE c.id = s.id AND s.before <> s.max_capacity - s.held AND s.max_capacity - s.held >= 0
         RETURNING c.id
       )
       SELECT s.resource_id, to_char(s.date, 'YYYY-MM-DD') AS date, s.start_time, s.max_capacity, s.held, s.before,
              EXISTS (SELECT 1 FROM repaired r WHERE r.id = s.id) AS fixed
         FROM state s`,
      [keys.map((k) => k.resource_id), keys.map((k) => k.date), keys.map((k) => k.start_time)]
    )
    const locked = rows.map((row) => ({
      ...row,
      max_capacity: Number(row.max_capacity),
      held: Number(row.held),
      before: Number(row.before),
    }))
    return { locked, holds: await this.holdsOf(keys, sharedContext) }
  }

  /** Per key: the ACTIVE and CONFIRMED holds occupying it (turnaround included), oldest first (at most RECONCILE_HOLDS_SHOWN), and their number. */
  protected async holdsOf(keys: CapacityKey[], context: Context): Promise<Map<string, HoldsOfKey>> {
    const rows = await sql<ReconcileHoldDTO & { resource_id: string; date: string; start_time: string; total: string }>(
      context,
      `SELECT resource_id, date, start_time, id, status, quantity, cart_id, order_id, total
         FROM (SELECT h.resource_id, k.date, k.start_time, h.id, h.status, h.quantity,
                      h.cart_id, h.order_id,
                      row_number() OVER (PARTITION BY h.resource_id, k.date, k.start_time ORDER BY h.created_at, h.id) AS n,
                      count(*) OVER (PARTITION BY h.resource_id, k.date, k.start_time) AS total
                 FROM resource_hold h
                 JOIN unnest(array[?]::text[], array[?]::text[], array[?]::text[]) AS k(resource_id, date, start_time)
                   ON h.resource_id = k.resource_id AND h.occupied_to >= k.date::date AND h.date <= k.date::date
                  AND h.start_time = k.start_time
                WHERE h.status IN ('ACTIVE', 'CONFIRMED') AND h.deleted_at IS NULL) ranked
        WHERE n <= ?
        ORDER BY resource_id, date, start_time, n`,
      [keys.map((k) => k.resource_id), keys.map((k) => k.date), keys.map((k) => k.start_time), RECONCILE_HOLDS_SHOWN]
    )
    const byKey = new Map<string, HoldsOfKey>()
    for (const row of rows) {
      const entry = byKey.get(keyOf(row)) ?? { holds: [], count: Number(row.total) }
      entry.holds.push({
        id: row.id,
        status: row.status,
        quantity: Number(row.quantity),
        cart_id: row.cart_id,
        order_id: row.order_id,
      })
      byKey.set(keyOf(row), entry)
    }
    return byKey
  }
}

/** A drifting row as reported: not repaired; repairable unless more is held than max_capacity. */
function reportRow(row: CapacityDriftDTO, holds: HoldsOfKey | undefined): CapacityReconcileRowDTO {
  const repairable = row.expected_available >= 0
  return {
    ...row,
    holds: holds?.holds ?? [],
    hold_count: holds?.count ?? 0,
    repairable,
    fixed: false,
    reason: repairable ? null : NOT_REPAIRABLE(row),
  }
}
