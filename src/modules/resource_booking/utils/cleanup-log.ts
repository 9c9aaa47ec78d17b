import { Logger } from "@medusajs/framework/types"
import { CleanupFailure, CleanupRunDTO, CleanupRunResult } from "../types"

/**
 * The cleanup's log entries: one JSON object per event, through Medusa's logger, with the
 * messages and fields operators alert on. The messages are a contract: keep them exact.
 */
export const CLEANUP_LOG = {
  complete: "[Cleanup Job] Expired holds cleanup complete",
  slow: "[Cleanup Job] Slow cleanup detected",
  highRate: "[Cleanup Job] High hold expiration rate",
  failed: "[Cleanup Job] Cleanup failed",
  skipped: "[Cleanup Job] Skipped: another cleanup is in progress",
} as const

export const HIGH_RATE_SUGGESTION = "Consider investigating checkout flow or extending hold TTL"

function entry(fields: Record<string, unknown>): string {
  return JSON.stringify({ ...fields, timestamp: new Date().toISOString() })
}

export function logHoldFailure(logger: Logger, failure: CleanupFailure): void {
  logger.warn(
    entry({
      message: `Failed to cleanup hold ${failure.hold_id}`,
      hold_id: failure.hold_id,
      resource_id: failure.resource_id,
      date: failure.date,
      reason: failure.reason,
    })
  )
}

export function logRunSucceeded(
  logger: Logger,
  run: CleanupRunDTO,
  result: CleanupRunResult,
  thresholds: { slowMs: number; expiryAlert: number },
  exactDurationMs: number
): void {
  logger.info(
    entry({
      message: CLEANUP_LOG.complete,
      run_id: run.id,
      trigger: run.trigger,
      runner: run.runner,
      expired_count: result.expiredCount,
      capacity_restored: result.totalCapacityRestored,
      failed_count: result.failedCount,
      holds_deleted: result.holdsDeleted,
      duration_ms: run.duration_ms,
    })
  )
  if (exactDurationMs > thresholds.slowMs) {
    logger.warn(
      entry({
        message: CLEANUP_LOG.slow,
        run_id: run.id,
        duration_ms: run.duration_ms,
        threshold_ms: thresholds.slowMs,
        warning: `Cleanup took ${run.duration_ms} ms, over the ${thresholds.slowMs} ms threshold; check database load and the overdue backlog`,
      })
    )
  }
  if (result.expiredCount > thresholds.expiryAlert) {
    logger.warn(
      entry({
        message: CLEANUP_LOG.highRate,
        run_id: run.id,
        expired_count: result.expiredCount,
        threshold: thresholds.expiryAlert,
        suggestion: HIGH_RATE_SUGGESTION,
      })
    )
  }
}

export function logRunFailed(
  logger: Logger,
  fields: { run_id: string | null; trigger: string; runner: string; duration_ms: number; error: string }
): void {
  logger.error(entry({ message: CLEANUP_LOG.failed, ...fields }))
}

export function logRunSkipped(logger: Logger, run: CleanupRunDTO | null, trigger: string): void {
  logger.info(entry({ message: CLEANUP_LOG.skipped, run_id: run?.id ?? null, trigger, runner: run?.runner ?? null }))
}
