import { Context, Logger } from "@medusajs/framework/types"
import {
  generateEntityId,
  InjectTransactionManager,
  MedusaContext,
} from "@medusajs/framework/utils"
import {
  CleanupRunDTO,
  CleanupRunResult,
  CleanupRunStatus,
  CleanupTrigger,
  ResolvedOptions,
} from "../types"
import { logRunFailed, logRunSkipped, logRunSucceeded } from "../utils/cleanup-log"
import { describeError } from "../utils/errors"
import { sql, toDate } from "../utils/sql"

type InjectedDependencies = {
  baseRepository: unknown
  logger: Logger
  resourceBookingOptions: ResolvedOptions
}

export type CleanupRunOutcome = { run: CleanupRunDTO; result: CleanupRunResult | null }

/** The single-flight key of cleanup runs (a namespace of its own, apart from capacity keys). */
const RUN_LOCK_SQL = `hashtextextended('resource_booking:cleanup-run', 0)`

export type RunRecord = {
  trigger: CleanupTrigger
  status: CleanupRunStatus
  startedAt: Date
  durationMs: number
  result: CleanupRunResult | null
  error: string | null
}

/** Cleanup runs: single-flight guard, persisted history, structured log entries. */
export class CleanupRunService {
  protected readonly baseRepository_: unknown
  protected readonly logger_: Logger
  protected readonly options_: ResolvedOptions

  constructor(deps: InjectedDependencies) {
    this.baseRepository_ = deps.baseRepository
    this.logger_ = deps.logger
    this.options_ = deps.resourceBookingOptions
  }

  /**
   * Runs `cleanup` under the single-flight guard, records the run (succeeded, skipped or
   * failed) and logs it. A failed run is rethrown after it is recorded and logged.
   */
  async run(
    trigger: CleanupTrigger,
    cleanup: () => Promise<CleanupRunResult>,
    sharedContext: Context
  ): Promise<CleanupRunOutcome> {
    const startedAt = await this.databaseNow(sharedContext)
    const clock = performance.now()
    let result: CleanupRunResult | null = null
    let failure: unknown = null
    try {
      result = await this.singleFlight(cleanup, sharedContext)
    } catch (error) {
      failure = error
    }
    const durationMs = performance.now() - clock
    const status = failure
      ? CleanupRunStatus.FAILED
      : result
        ? CleanupRunStatus.SUCCEEDED
        : CleanupRunStatus.SKIPPED
    const error = failure ? describeError(failure) : null
    const run = await this.recordSafely({ trigger, status, startedAt, durationMs, result, error }, failure, sharedContext)
    if (failure) {
      logRunFailed(this.logger_, { run_id: run?.id ?? null, trigger, duration_ms: Math.round(durationMs), error: error! })
      throw failure
    }
    if (!result) {
      logRunSkipped(this.logger_, run, trigger)
      return { run: run!, result: null }
    }
    const thresholds = { slowMs: this.options_.cleanupSlowMs, expiryAlert: this.options_.expiryAlertThreshold }
    logRunSucceeded(this.logger_, run!, result, thresholds, durationMs)
    return { run: run!, result }
  }

  /** Records the run; if the run itself failed (database gone?), a failed write is logged, not thrown. */
  protected async recordSafely(
    record: RunRecord,
    runFailure: unknown,
    sharedContext: Context
  ): Promise<CleanupRunDTO | null> {
    try {
      return await this.record(record, { manager: sharedContext.manager })
    } catch (error) {
      if (!runFailure) {
        throw error
      }
      this.logger_.error(
        JSON.stringify({ message: "[Cleanup Job] Could not record the failed run", error: describeError(error) })
      )
      return null
    }
  }

  /**
   * Runs `work` unless another run holds the cleanup try-lock; returns null then. The lock
   * is held by a transaction of its own for as long as `work` runs (its batches commit on
   * other connections) and is released when that transaction ends, crash included. This
   * is a courtesy: the batches' own locks and re-checks are what keep capacity right.
   */
  @InjectTransactionManager()
  async singleFlight<T>(
    work: () => Promise<T>,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<T | null> {
    const [{ acquired }] = await sql<{ acquired: boolean }>(
      sharedContext,
      `SELECT pg_try_advisory_xact_lock(${RUN_LOCK_SQL}) AS acquired`
    )
    if (!acquired) {
      return null
    }
    return await work()
  }

  async databaseNow(sharedContext: Context): Promise<Date> {
    const [{ now }] = await sql<{ now: string }>(sharedContext, `SELECT clock_timestamp() AS now`)
    return toDate(now)!
  }

  /** Stores one run and prunes history beyond the retention window and row cap. */
  @InjectTransactionManager()
  async record(run: RunRecord, @MedusaContext() sharedContext: Context = {}): Promise<CleanupRunDTO> {
    const [row] = await sql(
      sharedContext,
      `INSERT INTO hold_cleanup_run (id, trigger, status, started_at, finished_at, duration_ms,
                                     expired_count, capacity_restored, failed_count, holds_deleted, failed_hold_ids, error)
       VALUES (?, ?, ?, ?::timestamptz, ?::timestamptz + make_interval(secs => ? / 1000.0), ?, ?, ?, ?, ?, ?::jsonb, ?)
       RETURNING id, trigger, status, started_at, finished_at, duration_ms, expired_count,
                 capacity_restored, failed_count, holds_deleted, failed_hold_ids, error`,
      [
        generateEntityId(undefined, "hcrun"),
        run.trigger,
        run.status,
        run.startedAt.toISOString(),
        run.startedAt.toISOString(),
        run.durationMs,
        Math.round(run.durationMs),
        run.result?.expiredCount ?? 0,
        run.result?.totalCapacityRestored ?? 0,
        run.result?.failedCount ?? 0,
        run.result?.holdsDeleted ?? 0,
        run.result ? JSON.stringify(run.result.failedHoldIds) : null,
        run.error,
      ]
    )
    await sql(
      sharedContext,
      `DELETE FROM hold_cleanup_run
        WHERE started_at < now() - make_interval(days => ?)
           OR id IN (SELECT id FROM hold_cleanup_run ORDER BY started_at DESC, id DESC OFFSET ?)`,
      [this.options_.runRetentionDays, this.options_.runRetentionCount]
    )
    return toRun(row)
  }
}

function toRun(row: Record<string, unknown>): CleanupRunDTO {
  return {
    id: row.id as string,
    trigger: row.trigger as CleanupTrigger,
    status: row.status as CleanupRunStatus,
    started_at: toDate(row.started_at)!,
    finished_at: toDate(row.finished_at)!,
    duration_ms: Number(row.duration_ms),
    expired_count: Number(row.expired_count),
    capacity_restored: Number(row.capacity_restored),
    failed_count: Number(row.failed_count),
    holds_deleted: Number(row.holds_deleted),
    failed_hold_ids: (row.failed_hold_ids as string[] | null) ?? null,
    error: (row.error as string | null) ?? null,
  }
}
