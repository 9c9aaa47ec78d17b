import { hostname } from "os"
import { InjectBookingTransaction } from "../utils/booking-transaction"
import { Context, Logger } from "@medusajs/framework/types"
import {
  generateEntityId,
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

/** This process, as run records and log entries name it: `<host>:<pid>`. */
export const RUNNER = `${hostname()}:${process.pid}`

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

/** How often a run record that could not be written is tried again (the database was unreachable). */
const RECORD_RETRY_MS = 5000

/** Cleanup runs: single-flight guard, persisted history, structured log entries. */
export class CleanupRunService {
  protected readonly baseRepository_: unknown
  protected readonly logger_: Logger
  protected readonly options_: ResolvedOptions
  /** Failed runs whose record could not be written yet, oldest first. */
  protected unrecorded_: { runId: string | null; record: RunRecord }[] = []
  protected retryTimer_: NodeJS.Timeout | null = null
  protected recordingPending_: Promise<void> | null = null

  constructor(deps: InjectedDependencies) {
    this.baseRepository_ = deps.baseRepository
    this.logger_ = deps.logger
    this.options_ = deps.resourceBookingOptions
  }

  /**
   * Runs `cleanup` under the single-flight guard and records it: `running` as soon as it
   * holds the lock (committed at once, so every instance sees it), then succeeded or
   * failed; `skipped` when another run holds the lock. Logs it. A failed run is rethrown
   * after it is recorded and logged.
   */
  async run(
    trigger: CleanupTrigger,
    cleanup: () => Promise<CleanupRunResult>,
    sharedContext: Context
  ): Promise<CleanupRunOutcome> {
    // Run records commit on their own, outside any transaction of the caller's.
    const recordContext = { manager: sharedContext.manager }
    await this.recordPending(recordContext)
    const startedAt = await this.databaseNow(sharedContext)
    const clock = performance.now()
    let runId: string | null = null
    let finished: CleanupRunDTO | null = null
    let result: CleanupRunResult | null = null
    let failure: unknown = null
    try {
      result = await this.singleFlight(async () => {
        runId = await this.begin(trigger, startedAt, recordContext)
        const done = await cleanup()
        // Ended while still holding the lock: the next run never sees this one as `running`.
        const record = { trigger, status: CleanupRunStatus.SUCCEEDED, startedAt, durationMs: performance.now() - clock, result: done, error: null }
        finished = await this.finish(runId, record, recordContext)
        return done
      }, sharedContext)
    } catch (error) {
      failure = error
    }
    const durationMs = performance.now() - clock
    if (failure) {
      const error = describeError(failure)
      const record = { trigger, status: CleanupRunStatus.FAILED, startedAt, durationMs, result: null, error }
      const run = await this.recordSafely(runId, record, failure, recordContext)
      logRunFailed(this.logger_, { run_id: run?.id ?? null, trigger, runner: RUNNER, duration_ms: Math.round(durationMs), error })
      throw failure
    }
    if (!result) {
      const record = { trigger, status: CleanupRunStatus.SKIPPED, startedAt, durationMs, result: null, error: null }
      const run = await this.record(record, recordContext)
      logRunSkipped(this.logger_, run, trigger)
      return { run, result: null }
    }
    const thresholds = { slowMs: this.options_.cleanupSlowMs, expiryAlert: this.options_.expiryAlertThreshold }
    logRunSucceeded(this.logger_, finished!, result, thresholds, durationMs)
    return { run: finished!, result }
  }

  /**
   * Records a failed run (an update of its `running` row when it got that far). If the
   * database is what failed, the record is kept and written as soon as the database answers
   * again (tried every RECORD_RETRY_MS, and before the next run), and the failure is logged.
   */
  protected async recordSafely(
    runId: string | null,
    record: RunRecord,
    runFailure: unknown,
    sharedContext: Context
  ): Promise<CleanupRunDTO | null> {
    try {
      return await this.write(runId, record, sharedContext)
    } catch (error) {
      if (!runFailure) {
        throw error
      }
      this.unrecorded_.push({ runId, record })
      this.logger_.error(
        JSON.stringify({
          message: "[Cleanup Job] Could not record the failed run; it is recorded once the database answers",
          run_id: runId,
          error: describeError(error),
        })
      )
      this.retryTimer_ ??= setInterval(() => void this.recordPending(sharedContext), RECORD_RETRY_MS).unref()
      return null
    }
  }

  /** Writes the failed runs kept by recordSafely, oldest first; stops at the first that still fails. */
  async recordPending(sharedContext: Context): Promise<void> {
    this.recordingPending_ ??= this.writePending(sharedContext).finally(() => (this.recordingPending_ = null))
    await this.recordingPending_
  }

  protected async writePending(sharedContext: Context): Promise<void> {
    while (this.unrecorded_.length) {
      const [{ runId, record }] = this.unrecorded_
      try {
        await this.write(runId, record, sharedContext)
      } catch {
        return
      }
      this.unrecorded_.shift()
    }
    if (this.retryTimer_) {
      clearInterval(this.retryTimer_)
      this.retryTimer_ = null
    }
  }

  protected async write(runId: string | null, record: RunRecord, sharedContext: Context): Promise<CleanupRunDTO> {
    return runId ? await this.finish(runId, record, sharedContext) : await this.record(record, sharedContext)
  }

  /**
   * Runs `work` unless another run holds the cleanup try-lock; returns null then. The lock
   * is held by a transaction of its own for as long as `work` runs (its batches commit on
   * other connections) and is released when that transaction ends, crash included. This
   * is a courtesy: the batches' own locks and re-checks are what keep capacity right.
   */
  @InjectBookingTransaction()
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

  /**
   * The `running` row of a run that holds the single-flight lock. Any other `running` row
   * is then a run whose process or connection died mid-run (a live run would hold the
   * lock): it is marked `interrupted`.
   */
  @InjectBookingTransaction()
  async begin(
    trigger: CleanupTrigger,
    startedAt: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string> {
    const id = generateEntityId(undefined, "hcrun")
    await sql(
      sharedContext,
      `UPDATE hold_cleanup_run
          SET status = 'interrupted', updated_at = now(),
              error = 'The run ended without finishing (process stopped or connection lost): its committed batches stand, the batch in flight was rolled back'
        WHERE status = 'running' AND deleted_at IS NULL`
    )
    await sql(
      sharedContext,
      `INSERT INTO hold_cleanup_run (id, trigger, status, started_at, runner) VALUES (?, ?, 'running', ?::timestamptz, ?)`,
      [id, trigger, startedAt.toISOString(), RUNNER]
    )
    return id
  }

  /** Ends a `running` row with the run's outcome. */
  @InjectBookingTransaction()
  async finish(id: string, run: RunRecord, @MedusaContext() sharedContext: Context = {}): Promise<CleanupRunDTO> {
    const [row] = await sql(
      sharedContext,
      `UPDATE hold_cleanup_run
          SET status = ?, finished_at = started_at + make_interval(secs => ? / 1000.0), duration_ms = ?,
              expired_count = ?, capacity_restored = ?, failed_count = ?, holds_deleted = ?,
              failed_hold_ids = ?::jsonb, error = ?, updated_at = now()
        WHERE id = ?
       RETURNING ${RUN_COLUMNS}`,
      [run.status, run.durationMs, Math.round(run.durationMs), ...outcomeValues(run), id]
    )
    await this.prune(sharedContext)
    return toRun(row)
  }

  /** Stores one run that never held the lock (skipped, or failed before it could take it). */
  @InjectBookingTransaction()
  async record(run: RunRecord, @MedusaContext() sharedContext: Context = {}): Promise<CleanupRunDTO> {
    const [row] = await sql(
      sharedContext,
      `INSERT INTO hold_cleanup_run (id, trigger, status, started_at, finished_at, duration_ms,
                                     expired_count, capacity_restored, failed_count, holds_deleted, failed_hold_ids, error, runner)
       VALUES (?, ?, ?, ?::timestamptz, ?::timestamptz + make_interval(secs => ? / 1000.0), ?, ?, ?, ?, ?, ?::jsonb, ?, ?)
       RETURNING ${RUN_COLUMNS}`,
      [
        generateEntityId(undefined, "hcrun"),
        run.trigger,
        run.status,
        run.startedAt.toISOString(),
        run.startedAt.toISOString(),
        run.durationMs,
        Math.round(run.durationMs),
        ...outcomeValues(run),
        RUNNER,
      ]
    )
    await this.prune(sharedContext)
    return toRun(row)
  }

  /** Drops history beyond the retention window and row cap (never a running row). */
  protected async prune(sharedContext: Context): Promise<void> {
    await sql(
      sharedContext,
      `DELETE FROM hold_cleanup_run
        WHERE status <> 'running'
          AND (started_at < now() - make_interval(days => ?)
               OR id IN (SELECT id FROM hold_cleanup_run ORDER BY started_at DESC, id DESC OFFSET ?))`,
      [this.options_.runRetentionDays, this.options_.runRetentionCount]
    )
  }
}

const RUN_COLUMNS = `id, trigger, status, started_at, finished_at, duration_ms, expired_count,
                 capacity_restored, failed_count, holds_deleted, failed_hold_ids, error, runner`

/** expired_count, capacity_restored, failed_count, holds_deleted, failed_hold_ids, error. */
function outcomeValues(run: RunRecord): unknown[] {
  return [
    run.result?.expiredCount ?? 0,
    run.result?.totalCapacityRestored ?? 0,
    run.result?.failedCount ?? 0,
    run.result?.holdsDeleted ?? 0,
    run.result ? JSON.stringify(run.result.failedHoldIds) : null,
    run.error,
  ]
}

function toRun(row: Record<string, unknown>): CleanupRunDTO {
  return {
    id: row.id as string,
    trigger: row.trigger as CleanupTrigger,
    status: row.status as CleanupRunStatus,
    started_at: toDate(row.started_at)!,
    finished_at: toDate(row.finished_at),
    duration_ms: row.duration_ms === null ? null : Number(row.duration_ms),
    expired_count: Number(row.expired_count),
    capacity_restored: Number(row.capacity_restored),
    failed_count: Number(row.failed_count),
    holds_deleted: Number(row.holds_deleted),
    failed_hold_ids: (row.failed_hold_ids as string[] | null) ?? null,
    error: (row.error as string | null) ?? null,
    runner: (row.runner as string | null) ?? null,
  }
}
