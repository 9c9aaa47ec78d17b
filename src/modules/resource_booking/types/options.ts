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
  unsafeSkipLocking: boolean
}
