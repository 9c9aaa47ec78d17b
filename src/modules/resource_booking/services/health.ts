import { Context } from "@medusajs/framework/types"
import { HealthFacts } from "../types/health"
import { sql, toDate } from "../utils/sql"
import { CapacityService } from "./capacity"

type Row = Record<string, any>

type InjectedDependencies = {
  capacityService: CapacityService
}

/**
 * Gathers the health facts with aggregate queries only, each served by an index
 * (holds by status, overdue ACTIVE holds by expires_at, runs by started_at), so the
 * endpoint stays fast on a large hold table. Capacity figures leave out soft-deleted
 * resources (their rows stay as history).
 */
export class HealthService {
  protected readonly capacityService_: CapacityService

  constructor({ capacityService }: InjectedDependencies) {
    this.capacityService_ = capacityService
  }

  async facts(graceSeconds: number, context: Context): Promise<HealthFacts> {
    const [clock] = await sql<Row>(context, `SELECT now() AS now, to_char(current_date, 'YYYY-MM-DD') AS today`)
    const holds = await sql<Row>(
      context,
      `SELECT status, count(*)::int AS count FROM resource_hold WHERE deleted_at IS NULL GROUP BY status`
    )
    const [overdue] = await sql<Row>(
      context,
      `SELECT count(*)::int AS count FROM resource_hold
        WHERE status = 'ACTIVE' AND deleted_at IS NULL
          AND expires_at < now() - make_interval(secs => ?)`,
      [graceSeconds]
    )
    const [runs] = await sql<Row>(
      context,
      `WITH last_run AS (
         SELECT id, status, started_at, finished_at, duration_ms, expired_count, error
           FROM hold_cleanup_run WHERE deleted_at IS NULL ORDER BY started_at DESC, id DESC LIMIT 1
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
    const [resources] = await sql<Row>(
      context,
      `SELECT (SELECT count(*)::int FROM resource WHERE is_active AND deleted_at IS NULL) AS active_count,
              (SELECT count(*)::int FROM resource_capacity c JOIN resource r ON r.id = c.resource_id
                WHERE c.deleted_at IS NULL AND r.deleted_at IS NULL) AS total_capacity_records,
              coalesce(sum(c.max_capacity), 0)::bigint AS total_max,
              coalesce(sum(c.available_capacity), 0)::bigint AS total_available
         FROM resource_capacity c JOIN resource r ON r.id = c.resource_id AND r.deleted_at IS NULL
        WHERE c.date >= current_date AND c.deleted_at IS NULL`
    )
    const drift = await this.capacityService_.audit({ from: clock.today }, context)
    const [failures] = await sql<Row>(
      context,
      `SELECT count(*)::int AS count FROM resource_hold
        WHERE confirmation_error IS NOT NULL AND status <> 'CONFIRMED' AND deleted_at IS NULL`
    )
    const byStatus = Object.fromEntries(holds.map((r) => [String(r.status).toLowerCase(), Number(r.count)]))
    const lastRun = runs.last_run
    return {
      now: toDate(clock.now)!,
      holds: {
        active: byStatus.active ?? 0,
        expired: byStatus.expired ?? 0,
        confirmed: byStatus.confirmed ?? 0,
        released: byStatus.released ?? 0,
      },
      overdueHolds: Number(overdue.count),
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
      driftRecords: drift.length,
      confirmationFailures: Number(failures.count),
    }
  }
}
