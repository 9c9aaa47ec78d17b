import { ResolvedOptions, ResourceBookingModuleOptions } from "../types/options"
import { resolveCleanupInterval, scheduleIntervalMs } from "./cron-schedule"

export const DEFAULT_TTL_MINUTES = 30
/** A hold may live at most this many TTLs in total, extensions included. */
export const DEFAULT_LIFETIME_TTLS = 4
/** Long enough for a burst of checkouts on one date to queue, short enough for a retry. */
export const DEFAULT_LOCK_TIMEOUT_MS = 3000
/**
 * Keys (resource+date) per cleanup transaction. Each key is one advisory lock, i.e. one
 * lock-table slot (Postgres holds ~6,400 by default), and one capacity row update.
 */
export const DEFAULT_CLEANUP_BATCH_SIZE = 200
/**
 * Overdue holds per cleanup transaction: keeps each batch's locks short so a checkout on
 * a key being cleaned waits a few hundred milliseconds at most (see `npm run bench`).
 */
export const DEFAULT_CLEANUP_BATCH_HOLDS = 5000

/** A run slower than this is worth a look: 5 s is ~100× a healthy run's duration. */
export const DEFAULT_CLEANUP_SLOW_MS = 5000
/** More expirations than this in one run suggests checkouts are being abandoned en masse. */
export const DEFAULT_EXPIRY_ALERT_THRESHOLD = 100
/** Run history kept: a month of runs, and never more than 10,000 rows (~35 days at 5 min). */
export const DEFAULT_RUN_RETENTION_DAYS = 30
export const DEFAULT_RUN_RETENTION_COUNT = 10_000
/** Above this many overdue holds the job is probably not running at all. */
export const DEFAULT_HEALTH_OVERDUE_CRITICAL = 50
/** Two missed intervals: one late run is noise, two is a pattern. */
export const DEFAULT_HEALTH_STALE_RUN_INTERVALS = 2

const MAX_MINUTES = 7 * 24 * 60
const MAX_LOCK_TIMEOUT_MS = 60_000
const MAX_BATCH_SIZE = 5000

type IntegerRule = {
  option: keyof ResourceBookingModuleOptions
  env: string
  min: number
  max: number
  unit: string
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value)
}

/**
 * Reads one integer option. Unset (undefined or "") means the default; anything else
 * must be a whole number within [min, max] or start-up stops naming the variable.
 */
function readInteger(
  raw: unknown,
  rule: IntegerRule,
  fallback: number
): number {
  if (raw === undefined || raw === null || raw === "") {
    return fallback
  }
  const text = typeof raw === "number" ? String(raw) : raw
  const valid =
    typeof text === "string" && /^\s*\d+\s*$/.test(text) && Number(text) >= rule.min && Number(text) <= rule.max
  if (!valid) {
    throw new Error(
      `Invalid ${rule.env} (resource_booking option ${rule.option}): ${describe(raw)}. ` +
        `Expected a whole number of ${rule.unit} from ${rule.min} to ${rule.max}.`
    )
  }
  return Number(text)
}

/** Validates the module's options once, at load; a bad value names its variable. */
export function resolveModuleOptions(
  options: ResourceBookingModuleOptions = {},
  nodeEnv: string | undefined = process.env.NODE_ENV
): ResolvedOptions {
  const ttlMinutes = readInteger(
    options.ttl_minutes,
    { option: "ttl_minutes", env: "HOLD_TTL_MINUTES", min: 1, max: MAX_MINUTES, unit: "minutes" },
    DEFAULT_TTL_MINUTES
  )
  const maxHoldLifetimeMinutes = readInteger(
    options.max_hold_lifetime_minutes,
    {
      option: "max_hold_lifetime_minutes",
      env: "HOLD_MAX_LIFETIME_MINUTES",
      min: ttlMinutes,
      max: MAX_MINUTES * DEFAULT_LIFETIME_TTLS,
      unit: "minutes (at least HOLD_TTL_MINUTES)",
    },
    ttlMinutes * DEFAULT_LIFETIME_TTLS
  )
  const lockTimeoutMs = readInteger(
    options.lock_timeout_ms,
    { option: "lock_timeout_ms", env: "HOLD_LOCK_TIMEOUT_MS", min: 1, max: MAX_LOCK_TIMEOUT_MS, unit: "milliseconds" },
    DEFAULT_LOCK_TIMEOUT_MS
  )
  const cleanupBatchSize = readInteger(
    options.cleanup_batch_size,
    { option: "cleanup_batch_size", env: "HOLD_CLEANUP_BATCH_SIZE", min: 1, max: MAX_BATCH_SIZE, unit: "resource+date keys" },
    DEFAULT_CLEANUP_BATCH_SIZE
  )
  const cleanupInterval = resolveCleanupInterval(options.cleanup_interval)
  const cleanupSlowMs = readInteger(
    options.cleanup_slow_ms,
    { option: "cleanup_slow_ms", env: "HOLD_CLEANUP_SLOW_MS", min: 0, max: 24 * 60 * 60 * 1000, unit: "milliseconds" },
    DEFAULT_CLEANUP_SLOW_MS
  )
  const expiryAlertThreshold = readInteger(
    options.expiry_alert_threshold,
    { option: "expiry_alert_threshold", env: "HOLD_EXPIRY_ALERT_THRESHOLD", min: 0, max: 100_000_000, unit: "holds" },
    DEFAULT_EXPIRY_ALERT_THRESHOLD
  )
  const runRetentionDays = readInteger(
    options.run_retention_days,
    { option: "run_retention_days", env: "HOLD_CLEANUP_RUN_RETENTION_DAYS", min: 1, max: 3650, unit: "days" },
    DEFAULT_RUN_RETENTION_DAYS
  )
  const runRetentionCount = readInteger(
    options.run_retention_count,
    { option: "run_retention_count", env: "HOLD_CLEANUP_RUN_RETENTION_COUNT", min: 1, max: 10_000_000, unit: "runs" },
    DEFAULT_RUN_RETENTION_COUNT
  )
  // Between two runs a hold can be overdue by up to one interval without anything being wrong.
  const intervalSeconds = Math.ceil(scheduleIntervalMs(cleanupInterval, new Date()) / 1000)
  const healthGraceSeconds = readInteger(
    options.health_grace_seconds,
    { option: "health_grace_seconds", env: "HOLD_HEALTH_GRACE_SECONDS", min: 0, max: 7 * 24 * 3600, unit: "seconds" },
    intervalSeconds
  )
  const healthOverdueCritical = readInteger(
    options.health_overdue_critical,
    { option: "health_overdue_critical", env: "HOLD_HEALTH_OVERDUE_CRITICAL", min: 0, max: 100_000_000, unit: "holds" },
    DEFAULT_HEALTH_OVERDUE_CRITICAL
  )
  const healthStaleRunIntervals = readInteger(
    options.health_stale_run_intervals,
    { option: "health_stale_run_intervals", env: "HOLD_HEALTH_STALE_RUN_INTERVALS", min: 1, max: 1000, unit: "intervals" },
    DEFAULT_HEALTH_STALE_RUN_INTERVALS
  )
  const unsafeSkipLocking = options.unsafe_skip_locking ?? false
  if (typeof unsafeSkipLocking !== "boolean") {
    throw new Error(
      `Invalid resource_booking option unsafe_skip_locking: ${describe(unsafeSkipLocking)}. Expected true or false.`
    )
  }
  if (unsafeSkipLocking && nodeEnv !== "test") {
    throw new Error(
      "resource_booking option unsafe_skip_locking oversells by design and is refused unless NODE_ENV=test."
    )
  }
  return {
    ttlMinutes,
    maxHoldLifetimeMinutes,
    lockTimeoutMs,
    cleanupBatchSize,
    cleanupBatchHolds: DEFAULT_CLEANUP_BATCH_HOLDS,
    cleanupInterval,
    cleanupSlowMs,
    expiryAlertThreshold,
    runRetentionDays,
    runRetentionCount,
    healthGraceSeconds,
    healthOverdueCritical,
    healthStaleRunIntervals,
    unsafeSkipLocking,
  }
}
