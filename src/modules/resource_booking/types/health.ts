export type HealthStatus = "healthy" | "degraded" | "unhealthy"

/** What the database says, gathered in a few aggregate queries. */
export type HealthFacts = {
  now: Date
  holds: { active: number; expired: number; confirmed: number; released: number }
  overdueHolds: number
  lastRun: {
    id: string
    status: string
    started_at: Date
    finished_at: Date
    duration_ms: number
    expired_count: number
    error: string | null
  } | null
  lastSuccessAt: Date | null
  /** Earliest failed run after the last success: since when the job has been failing. */
  failingSince: Date | null
  resources: { active_count: number; total_capacity_records: number }
  capacity: { total_max: number; total_available: number }
  driftRecords: number
  /** Holds whose confirmation for an order failed (units could not be taken again). */
  confirmationFailures: number
  /** Where the expired/confirmed/released totals and the drift come from, and when they were counted. */
  totals: { source: "live" | "audit"; at: Date }
}

/** A full count of the hold table. */
export type HoldTotals = {
  active: number
  expired: number
  confirmed: number
  released: number
  driftRecords: number
}

export type HealthThresholds = {
  schedule: string
  /** Overdue holds younger than this (past expires_at) are not counted: the job is due. */
  graceSeconds: number
  /** More overdue holds than this: the job may be failing. */
  overdueCritical: number
  /** No successful run for this many intervals while holds are overdue: degraded. */
  staleRunIntervals: number
}

export type HealthReport = {
  status: HealthStatus
  timestamp: string
  holds: {
    active: number
    expired: number
    confirmed: number
    released: number
    total: number
    confirmation_failed: number
  }
  cleanup_job: {
    overdue_holds: number
    status: "ok" | "warning" | "critical" | "unknown"
    message: string
    schedule: string
    next_run: string | null
    last_run: { finished_at: string; status: string; duration_ms: number; expired_count: number } | null
    last_success_at: string | null
  }
  resources: { active_count: number; total_capacity_records: number }
  capacity: {
    total_max: number
    total_available: number
    total_reserved: number
    utilization_percent: number
    drift_records: number
  }
  services: { hold_service: string; capacity_service: string; resource_service: string }
  /**
   * How `holds.expired`, `holds.confirmed`, `holds.released`, `holds.total` and
   * `capacity.drift_records` were counted: "live" (on this request) or "audit" (the latest
   * full count by the cleanup job, `age_seconds` old). Every other figure is live.
   */
  totals: { source: "live" | "audit" | "unknown"; counted_at: string | null; age_seconds: number | null }
  warnings?: string[]
}
