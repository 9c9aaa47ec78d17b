/**
 * Options of the plugin, as a store writes them in medusa-config.ts:
 *
 *   plugins: [{ resolve: "medusa-resource-booking", options: { holdTtlMinutes: 20 } }]
 *
 * Medusa passes a plugin's options to its module. Every option has an environment variable;
 * an option that is set wins over its variable, the variable over the default. Numbers may
 * also be given as numeric strings. `resolveModuleOptions` validates them once, at start-up.
 */
export type ResourceBookingPluginOptions = {
  /** HOLD_TTL_MINUTES: lifetime of a new hold. Default 30. */
  holdTtlMinutes?: number | string
  /** HOLD_MAX_LIFETIME_MINUTES: a hold is never extended past created_at + this. Default 4 × TTL. */
  holdMaxLifetimeMinutes?: number | string
  /** HOLD_LOCK_TIMEOUT_MS: longest wait for a resource+date lock before a 409. Default 3000. */
  lockTimeoutMs?: number | string
  /** HOLD_MAX_UNITS_PER_CART_DATE: units one cart (or one customer, across their open carts) may hold on one resource+date; 0: no limit. Default 10. */
  holdMaxUnitsPerCartDate?: number | string
  /** HOLD_MAX_LIVE_HOLDS_PER_CART: live holds one cart (or one customer, across their open carts) may have; 0: no limit. Default 20. */
  holdMaxLiveHoldsPerCart?: number | string
  /** HOLD_CLEANUP_BATCH_SIZE: resource+date keys expired per cleanup transaction. Default 200. */
  cleanupBatchSize?: number | string
  /** HOLD_CLEANUP_CONCURRENCY: cleanup batches in flight at once, each on its own connection. Default 2. */
  cleanupConcurrency?: number | string
  /** HOLD_CLEANUP_INTERVAL: cron schedule of the cleanup job. Default every 5 minutes. */
  cleanupInterval?: string
  /** HOLD_CLEANUP_SLOW_MS: a run longer than this logs "Slow cleanup detected". Default 5000. */
  cleanupSlowMs?: number | string
  /** HOLD_EXPIRY_ALERT_THRESHOLD: more expirations than this in one run log an alert. Default 100. */
  expiryAlertThreshold?: number | string
  /** HOLD_CLEANUP_RUN_RETENTION_DAYS: run history older than this is pruned. Default 30. */
  cleanupRunRetentionDays?: number | string
  /** HOLD_CLEANUP_RUN_RETENTION_COUNT: at most this many runs are kept. Default 10000. */
  cleanupRunRetentionCount?: number | string
  /** HOLD_RETENTION_DAYS: EXPIRED and RELEASED holds older than this are deleted by the cleanup job. Default 90. */
  holdRetentionDays?: number | string
  /** HOLD_AUDIT_INTERVAL_SECONDS: the cleanup job counts the whole hold table (totals, drift) at most this often; 0: every run. Default 300. */
  auditIntervalSeconds?: number | string
  /** HOLD_HEALTH_LIVE_COUNT_LIMIT: up to this many holds, health counts totals and drift on every request; above, from the latest audit. Default 100000. */
  healthLiveCountLimit?: number | string
  /** HOLD_HEALTH_GRACE_SECONDS: overdue holds younger than this are not reported. Default: one cleanup interval. */
  healthGraceSeconds?: number | string
  /** HOLD_HEALTH_OVERDUE_CRITICAL: more overdue holds than this: "cleanup job may be failing". Default 50. */
  healthOverdueCritical?: number | string
  /** HOLD_HEALTH_STALE_RUN_INTERVALS: no successful run for this many intervals while holds are overdue → degraded. Default 2. */
  healthStaleRunIntervals?: number | string
  /** HOLD_TIMEZONE: IANA time zone of resources that name none ("today", cut-offs, horizon). Default "UTC". */
  timezone?: string
  /**
   * No variable. false: the plugin does not register its completeCartWorkflow.hooks.validate
   * handler (Medusa allows one per hook); the store calls `validateCartHolds` from its own.
   * Default true.
   */
  registerCartValidateHook?: boolean
}

/**
 * The snake_case names the module accepted before it was a plugin (e.g. `ttl_minutes`).
 * Still read, so existing configurations keep working; the camelCase names are documented.
 */
export type LegacyModuleOptions = {
  ttl_minutes?: number | string
  max_hold_lifetime_minutes?: number | string
  lock_timeout_ms?: number | string
  max_units_per_cart_date?: number | string
  max_live_holds_per_cart?: number | string
  cleanup_batch_size?: number | string
  cleanup_concurrency?: number | string
  cleanup_interval?: string
  cleanup_slow_ms?: number | string
  expiry_alert_threshold?: number | string
  run_retention_days?: number | string
  run_retention_count?: number | string
  hold_retention_days?: number | string
  audit_interval_seconds?: number | string
  health_live_count_limit?: number | string
  health_grace_seconds?: number | string
  health_overdue_critical?: number | string
  health_stale_run_intervals?: number | string
  timezone?: string
}

/** What the module receives: the plugin options, the legacy names, and the test-only control. */
export type ResourceBookingModuleOptions = ResourceBookingPluginOptions &
  LegacyModuleOptions & {
    /**
     * Test harness control only: take no lock and write capacity with a plain
     * read-then-write. Refused unless NODE_ENV is "test".
     */
    unsafe_skip_locking?: boolean
    /**
     * Test harness control only: take each key's lock in the order the caller lists the keys,
     * one statement per key, instead of the global sorted order (deadlocks by design).
     */
    unsafe_unsorted_locks?: boolean
  }

/** Validated options, as the services use them. */
export type ResolvedOptions = {
  ttlMinutes: number
  maxHoldLifetimeMinutes: number
  lockTimeoutMs: number
  /** 0: no limit. */
  maxUnitsPerCartDate: number
  /** 0: no limit. */
  maxLiveHoldsPerCart: number
  cleanupBatchSize: number
  /** Upper bound of overdue holds expired in one cleanup transaction (keys permitting). */
  cleanupBatchHolds: number
  /** Cleanup batches (transactions on disjoint keys) in flight at once. */
  cleanupConcurrency: number
  cleanupInterval: string
  cleanupSlowMs: number
  expiryAlertThreshold: number
  runRetentionDays: number
  runRetentionCount: number
  /** Days a terminal (EXPIRED or RELEASED) hold is kept after it ended. */
  holdRetentionDays: number
  /** Seconds between two full counts of the hold table (by the cleanup job). */
  auditIntervalSeconds: number
  /** Holds up to which the health report counts totals and drift live. */
  healthLiveCountLimit: number
  healthGraceSeconds: number
  healthOverdueCritical: number
  healthStaleRunIntervals: number
  /** IANA time zone of resources that name none. */
  timezone: string
  unsafeSkipLocking: boolean
  unsafeUnsortedLocks: boolean
}
