import { Context } from "@medusajs/framework/types"
import { generateEntityId } from "@medusajs/framework/utils"
import { HealthFacts, HoldTotals } from "../types/health"
import { sql, toDate } from "../utils/sql"
import { CapacityService } from "./capacity"

type Row = Record<string, any>

type InjectedDependencies = {
  capacityService: CapacityService
}

/** Audits kept: the newest ones; the report reads only the latest. */
const AUDITS_KEPT = 100

/**
 * Gathers the health facts. Every query is served by an index that matches it, so its cost
 * follows live data, not history:
 * - exact on every request: ACTIVE and overdue holds (the ACTIVE-holds partial index),
 *   confirmation failures (their own partial index), runs, capacity totals of today and
 *   later (capacity rows, one per resource and date);
 * - totals by status and capacity drift need every hold: counted live while the table
 *   has at most `liveCountLimit` holds, else taken from the latest audit (see `audit`),
 *   whose time the report shows. Without an audit they are counted live; with one that
 *   counted more than the limit the table is taken as large without sampling it again.
 * Capacity figures leave out soft-deleted resources (their rows stay as history).
 */
export class HealthService {
  protected readonly capacityService_: CapacityService

  constructor({ capacityService }: InjectedDependencies) {
    this.capacityService_ = capacityService
  }

  async facts(input: { graceSeconds: number; liveCountLimit: number }, context: Context): Promise<HealthFacts> {
    const [clock] = await sql<Row>(context, `SELECT now() AS now, to_char(current_date, 'YYYY-MM-DD') AS today`)
    const [live] = await sql<Row>(
      context,
      `SELECT count(*)::int AS active,
              count(*) FILTER (WHERE expires_at < now() - make_interval(secs => ?))::int AS overdue
         FROM resource_hold WHERE status = 'ACTIVE' AND deleted_at IS NULL`,
      [input.graceSeconds]
    )
    const [runs] = await sql<Row>(
      context,
      `WITH last_run AS (
         SELECT id, status, started_at, finished_at, duration_ms, expired_count, error
           FROM hold_cleanup_run WHERE finished_at IS NOT NULL AND deleted_at IS NULL ORDER BY started_at DESC, id DESC LIMIT 1
       ), last_success AS (
         SELECT max(finished_at) AS at FROM hold_cleanup_run
          WHERE status = 'succeeded' AND deleted_at IS NULL
       )
       SELECT (SELECT row_to_json(last_run) FROM last_run) AS last_run,
              (SELECT at FROM last_success) AS last_success_at,
              (SELECT min(started_at) FROM hold_cleanup_run
                WHERE status = 'failed' AND deleted_at IS NULL
                  AND started_at > coalesce((SELECT at FROM last_success), '-infinity')) AS failing_since`
    )
    // One pass over the capacity rows (a row per resource and date, not per hold).
    const [resources] = await sql<Row>(
      context,
      `SELECT (SELECT count(*)::int FROM resource WHERE is_active AND deleted_at IS NULL) AS active_count,
              count(*)::int AS total_capacity_records,
              coalesce(sum(c.max_capacity) FILTER (WHERE c.date >= current_date), 0)::bigint AS total_max,
              coalesce(sum(c.available_capacity) FILTER (WHERE c.date >= current_date), 0)::bigint AS total_available
         FROM resource_capacity c
        WHERE c.deleted_at IS NULL
          AND c.resource_id NOT IN (SELECT id FROM resource WHERE deleted_at IS NOT NULL)`
    )
    const [failures] = await sql<Row>(
      context,
      `SELECT count(*)::int AS count FROM resource_hold
        WHERE confirmation_error IS NOT NULL AND status <> 'CONFIRMED' AND deleted_at IS NULL`
    )
    // A table the latest audit found large is not sampled again; otherwise a bounded sample decides.
    const audit = await this.latestAudit(context)
    const large = audit && audit.holds > input.liveCountLimit
    const totals = large || (audit && !(await this.isSmall(input.liveCountLimit, context))) ? audit : null
    const counted = totals ?? {
      ...(await this.count(clock.today, context)),
      source: "live" as const,
      at: toDate(clock.now)!,
    }
    const lastRun = runs.last_run
    return {
      now: toDate(clock.now)!,
      holds: {
        active: Number(live.active),
        expired: counted.expired,
        confirmed: counted.confirmed,
        released: counted.released,
      },
      overdueHolds: Number(live.overdue),
      lastRun: lastRun
        ? {
            id: lastRun.id,
            status: lastRun.status,
            started_at: toDate(lastRun.started_at)!,
            finished_at: toDate(lastRun.finished_at)!,
            duration_ms: Number(lastRun.duration_ms),
            expired_count: Number(lastRun.expired_count),
            error: lastRun.error ?? null,
          }
        : null,
      lastSuccessAt: toDate(runs.last_success_at),
      failingSince: toDate(runs.failing_since),
      resources: {
        active_count: Number(resources.active_count),
        total_capacity_records: Number(resources.total_capacity_records),
      },
      capacity: { total_max: Number(resources.total_max), total_available: Number(resources.total_available) },
      driftRecords: counted.driftRecords,
      confirmationFailures: Number(failures.count),
      totals: { source: counted.source, at: counted.at },
    }
  }

  /**
   * Counts the whole hold table (totals by status, drift of today's and later capacity
   * rows) and stores the result as the latest audit; keeps the newest AUDITS_KEPT.
   */
  async audit(context: Context): Promise<HoldTotals & { id: string; at: Date; durationMs: number }> {
    const started = performance.now()
    const [clock] = await sql<Row>(context, `SELECT now() AS now, to_char(current_date, 'YYYY-MM-DD') AS today`)
    const totals = await this.count(clock.today, context)
    const durationMs = Math.round(performance.now() - started)
    const id = generateEntityId(undefined, "haudit")
    await sql(
      context,
      `INSERT INTO hold_audit (id, audited_at, duration_ms, holds_active, holds_expired, holds_confirmed,
                               holds_released, drift_records)
       VALUES (?, ?::timestamptz, ?, ?, ?, ?, ?, ?)`,
      [id, clock.now, durationMs, totals.active, totals.expired, totals.confirmed, totals.released, totals.driftRecords]
    )
    await sql(
      context,
      `DELETE FROM hold_audit WHERE id IN (
         SELECT id FROM hold_audit WHERE deleted_at IS NULL ORDER BY audited_at DESC, id DESC OFFSET ?
       )`,
      [AUDITS_KEPT]
    )
    return { ...totals, id, at: toDate(clock.now)!, durationMs }
  }

  /** Seconds since the latest audit by the database clock; null when there is none. */
  async auditAgeSeconds(context: Context): Promise<number | null> {
    const [row] = await sql<Row>(
      context,
      `SELECT extract(epoch FROM now() - max(audited_at)) AS age FROM hold_audit WHERE deleted_at IS NULL`
    )
    return row.age === null ? null : Number(row.age)
  }

  /** Whether the table has at most `limit` holds (reads at most limit + 1 rows). */
  protected async isSmall(limit: number, context: Context): Promise<boolean> {
    const [row] = await sql<Row>(
      context,
      `SELECT count(*)::int AS count FROM (SELECT 1 FROM resource_hold WHERE deleted_at IS NULL LIMIT ?) AS sample`,
      [limit + 1]
    )
    return Number(row.count) <= limit
  }

  protected async latestAudit(context: Context) {
    const [row] = await sql<Row>(
      context,
      `SELECT audited_at, holds_active, holds_expired, holds_confirmed, holds_released, drift_records
         FROM hold_audit WHERE deleted_at IS NULL ORDER BY audited_at DESC, id DESC LIMIT 1`
    )
    if (!row) {
      return null
    }
    return {
      holds: ["holds_active", "holds_expired", "holds_confirmed", "holds_released"].reduce((sum, column) => sum + Number(row[column]), 0),
      expired: Number(row.holds_expired),
      confirmed: Number(row.holds_confirmed),
      released: Number(row.holds_released),
      driftRecords: Number(row.drift_records),
      source: "audit" as const,
      at: toDate(row.audited_at)!,
    }
  }

  /** The full count: every hold by status, and drift from `today` on. */
  protected async count(today: string, context: Context): Promise<HoldTotals> {
    const holds = await sql<Row>(
      context,
      `SELECT status, count(*)::int AS count FROM resource_hold WHERE deleted_at IS NULL GROUP BY status`
    )
    const byStatus = Object.fromEntries(holds.map((r) => [String(r.status).toLowerCase(), Number(r.count)]))
    const drift = await this.capacityService_.audit({ from: today }, context)
    return {
      active: byStatus.active ?? 0,
      expired: byStatus.expired ?? 0,
      confirmed: byStatus.confirmed ?? 0,
      released: byStatus.released ?? 0,
      driftRecords: drift.length,
    }
  }
}
