/**
 * Options of the resource_booking module as written in medusa-config.ts. Each may be a
 * number or the raw string of its environment variable; `resolveModuleOptions` validates
 * them once, when the module loads.
 */
export type ResourceBookingModuleOptions = {
  /** HOLD_TTL_MINUTES: lifetime of a new hold. Default 30. */
  ttl_minutes?: number | string
  /** HOLD_MAX_LIFETIME_MINUTES: a hold is never extended past created_at + this. Default 4 × TTL. */
  max_hold_lifetime_minutes?: number | string
  /** HOLD_LOCK_TIMEOUT_MS: longest wait for a resource+date lock before a 409. Default 3000. */
  lock_timeout_ms?: number | string
  /** HOLD_CLEANUP_BATCH_SIZE: resource+date keys expired per cleanup transaction. */
  cleanup_batch_size?: number | string
  /** HOLD_CLEANUP_INTERVAL: cron schedule of the cleanup job. Default every 5 minutes. */
  cleanup_interval?: string
  /** HOLD_CLEANUP_SLOW_MS: a run longer than this logs "Slow cleanup detected". Default 5000. */
  cleanup_slow_ms?: number | string
  /** HOLD_EXPIRY_ALERT_THRESHOLD: more expirations than this in one run log an alert. Default 100. */
  expiry_alert_threshold?: number | string
  /** HOLD_CLEANUP_RUN_RETENTION_DAYS: run history older than this is pruned. Default 30. */
  run_retention_days?: number | string
  /** HOLD_CLEANUP_RUN_RETENTION_COUNT: at most this many runs are kept. Default 10000. */
  run_retention_count?: number | string
  /** HOLD_HEALTH_GRACE_SECONDS: overdue holds younger than this are not reported. Default: one cleanup interval. */
  health_grace_seconds?: number | string
  /** HOLD_HEALTH_OVERDUE_CRITICAL: more overdue holds than this: "cleanup job may be failing". Default 50. */
  health_overdue_critical?: number | string
  /** HOLD_HEALTH_STALE_RUN_INTERVALS: no successful run for this many intervals while holds are overdue → degraded. Default 2. */
  health_stale_run_intervals?: number | string
  /**
   * Test harness control only: take no lock and write capacity with a plain
   * read-then-write. Refused unless NODE_ENV is "test".
   */
  unsafe_skip_locking?: boolean
}

/** Validated options, as the services use them. */
export type ResolvedOptions = {
  ttlMinutes: number
  maxHoldLifetimeMinutes: number
  lockTimeoutMs: number
  cleanupBatchSize: number
  /** Upper bound of overdue holds expired in one cleanup transaction (keys permitting). */
  cleanupBatchHolds: number
  cleanupInterval: string
  cleanupSlowMs: number
  expiryAlertThreshold: number
  runRetentionDays: number
  runRetentionCount: number
  healthGraceSeconds: number
  healthOverdueCritical: number
  healthStaleRunIntervals: number
  unsafeSkipLocking: boolean
}
