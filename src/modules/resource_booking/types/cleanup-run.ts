/** Who started a cleanup run. */
export enum CleanupTrigger {
  SCHEDULE = "schedule",
  MANUAL = "manual",
  SCRIPT = "script",
}

/** How a cleanup run ended. `skipped`: another run was in progress (single-flight guard). */
export enum CleanupRunStatus {
  SUCCEEDED = "succeeded",
  FAILED = "failed",
  SKIPPED = "skipped",
}

export type CleanupRunDTO = {
  id: string
  trigger: CleanupTrigger
  status: CleanupRunStatus
  started_at: Date
  finished_at: Date
  duration_ms: number
  expired_count: number
  capacity_restored: number
  failed_count: number
  holds_deleted: number
  failed_hold_ids: string[] | null
  error: string | null
}
