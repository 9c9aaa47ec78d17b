/** Who started a cleanup run. */
export enum CleanupTrigger {
  SCHEDULE = "schedule",
  MANUAL = "manual",
  SCRIPT = "script",
}

/**
 * Where a cleanup run stands. `running`: recorded when the run took the single-flight lock,
 * until it ends. `skipped`: another run held the lock. `interrupted`: the run's process or
 * connection died before it ended (found and marked by the next run to take the lock);
 * the batches it committed stand, the one in flight was rolled back.
 */
export enum CleanupRunStatus {
  RUNNING = "running",
  SUCCEEDED = "succeeded",
  FAILED = "failed",
  SKIPPED = "skipped",
  INTERRUPTED = "interrupted",
}

export type CleanupRunDTO = {
  id: string
  trigger: CleanupTrigger
  status: CleanupRunStatus
  started_at: Date
  /** Null while the run is `running`, and for an `interrupted` run. */
  finished_at: Date | null
  duration_ms: number | null
  expired_count: number
  capacity_restored: number
  failed_count: number
  holds_deleted: number
  failed_hold_ids: string[] | null
  error: string | null
  /** The process that ran it: `<host>:<pid>` (several instances share one history). */
  runner: string | null
}
