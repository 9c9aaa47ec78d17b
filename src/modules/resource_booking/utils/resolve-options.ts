import {
  LegacyModuleOptions,
  ResolvedOptions,
  ResourceBookingModuleOptions,
  ResourceBookingPluginOptions,
} from "../types/options"
import { resolveCleanupInterval, scheduleIntervalMs } from "./cron-schedule"
import { MAX_HOLD_QUANTITY } from "./validate-input"
import { isTimeZone } from "./booking-rules"

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

/**
 * Cleanup batches in flight at once, each on its own connection: two keep a second database
 * core busy while a run lasts (see `npm run bench`), and leave the pool to checkouts.
 */
export const DEFAULT_CLEANUP_CONCURRENCY = 2
const MAX_CLEANUP_CONCURRENCY = 16

/** A run slower than this is worth a look: 5 s is ~100× a healthy run's duration. */
export const DEFAULT_CLEANUP_SLOW_MS = 5000
/** More expirations than this in one run suggests checkouts are being abandoned en masse. */
export const DEFAULT_EXPIRY_ALERT_THRESHOLD = 100
/** Run history kept: a month of runs, and never more than 10,000 rows (~35 days at 5 min). */
export const DEFAULT_RUN_RETENTION_DAYS = 30
export const DEFAULT_RUN_RETENTION_COUNT = 10_000
/**
 * A quarter of history: long enough for support questions about an abandoned checkout and
 * for reports by month; CONFIRMED holds (bookings) are never deleted.
 */
/** Abuse caps of one cart (and of one customer across their open carts); issue defaults. */
export const DEFAULT_MAX_UNITS_PER_CART_DATE = 10
export const DEFAULT_MAX_LIVE_HOLDS_PER_CART = 20
export const DEFAULT_HOLD_RETENTION_DAYS = 90
/** A full count of the hold table at most this often (one default cleanup interval). */
export const DEFAULT_AUDIT_INTERVAL_SECONDS = 300
/**
 * Up to this many holds, health counts every status and checks drift on each request
 * (tens of milliseconds); above it those figures come from the latest audit.
 */
export const DEFAULT_HEALTH_LIVE_COUNT_LIMIT = 100_000
/** Above this many overdue holds the job is probably not running at all. */
export const DEFAULT_HEALTH_OVERDUE_CRITICAL = 50
/** Two missed intervals: one late run is noise, two is a pattern. */
export const DEFAULT_HEALTH_STALE_RUN_INTERVALS = 2

const MAX_MINUTES = 7 * 24 * 60
const MAX_LOCK_TIMEOUT_MS = 60_000
const MAX_BATCH_SIZE = 5000

/** The npm package name; errors about options name it so a store knows where to look. */
export const PLUGIN_NAME = "medusa-resource-booking"

/** One setting: its documented option, its environment variable, and its pre-plugin name. */
export type Setting = {
  option: keyof ResourceBookingPluginOptions
  env: string
  legacy: keyof LegacyModuleOptions
}

/**
 * Every setting of the plugin. The option is the camelCase of the variable, without the
 * HOLD_ prefix where the rest says it alone; the full camelCase (e.g. `holdLockTimeoutMs`)
 * and the legacy snake_case name are read too.
 */
export const SETTINGS = {
  ttlMinutes: { option: "holdTtlMinutes", env: "HOLD_TTL_MINUTES", legacy: "ttl_minutes" },
  maxHoldLifetimeMinutes: { option: "holdMaxLifetimeMinutes", env: "HOLD_MAX_LIFETIME_MINUTES", legacy: "max_hold_lifetime_minutes" },
  lockTimeoutMs: { option: "lockTimeoutMs", env: "HOLD_LOCK_TIMEOUT_MS", legacy: "lock_timeout_ms" },
  maxUnitsPerCartDate: { option: "holdMaxUnitsPerCartDate", env: "HOLD_MAX_UNITS_PER_CART_DATE", legacy: "max_units_per_cart_date" },
  maxLiveHoldsPerCart: { option: "holdMaxLiveHoldsPerCart", env: "HOLD_MAX_LIVE_HOLDS_PER_CART", legacy: "max_live_holds_per_cart" },
  cleanupBatchSize: { option: "cleanupBatchSize", env: "HOLD_CLEANUP_BATCH_SIZE", legacy: "cleanup_batch_size" },
  cleanupConcurrency: { option: "cleanupConcurrency", env: "HOLD_CLEANUP_CONCURRENCY", legacy: "cleanup_concurrency" },
  cleanupInterval: { option: "cleanupInterval", env: "HOLD_CLEANUP_INTERVAL", legacy: "cleanup_interval" },
  cleanupSlowMs: { option: "cleanupSlowMs", env: "HOLD_CLEANUP_SLOW_MS", legacy: "cleanup_slow_ms" },
  expiryAlertThreshold: { option: "expiryAlertThreshold", env: "HOLD_EXPIRY_ALERT_THRESHOLD", legacy: "expiry_alert_threshold" },
  runRetentionDays: { option: "cleanupRunRetentionDays", env: "HOLD_CLEANUP_RUN_RETENTION_DAYS", legacy: "run_retention_days" },
  runRetentionCount: { option: "cleanupRunRetentionCount", env: "HOLD_CLEANUP_RUN_RETENTION_COUNT", legacy: "run_retention_count" },
  holdRetentionDays: { option: "holdRetentionDays", env: "HOLD_RETENTION_DAYS", legacy: "hold_retention_days" },
  auditIntervalSeconds: { option: "auditIntervalSeconds", env: "HOLD_AUDIT_INTERVAL_SECONDS", legacy: "audit_interval_seconds" },
  healthLiveCountLimit: { option: "healthLiveCountLimit", env: "HOLD_HEALTH_LIVE_COUNT_LIMIT", legacy: "health_live_count_limit" },
  healthGraceSeconds: { option: "healthGraceSeconds", env: "HOLD_HEALTH_GRACE_SECONDS", legacy: "health_grace_seconds" },
  healthOverdueCritical: { option: "healthOverdueCritical", env: "HOLD_HEALTH_OVERDUE_CRITICAL", legacy: "health_overdue_critical" },
  healthStaleRunIntervals: { option: "healthStaleRunIntervals", env: "HOLD_HEALTH_STALE_RUN_INTERVALS", legacy: "health_stale_run_intervals" },
  timezone: { option: "timezone", env: "HOLD_TIMEZONE", legacy: "timezone" },
} satisfies Record<string, Setting>

type Env = Record<string, string | undefined>

/** HOLD_LOCK_TIMEOUT_MS → holdLockTimeoutMs. */
function camelCaseOf(variable: string): string {
  return variable.toLowerCase().replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase())
}

/** Every name under which a setting may appear in the options, documented name first. */
function namesOf(setting: Setting): string[] {
  return [...new Set([setting.option, camelCaseOf(setting.env), setting.legacy])]
}

/** Options read by code that loads before the module (no environment variable). */
const LOAD_TIME_OPTIONS = ["registerCartValidateHook"]
const TEST_ONLY_OPTIONS = ["unsafe_skip_locking", "unsafe_unsorted_locks"]
/** Keys Medusa's module loader adds to every module's options (its database connection). */
const MEDUSA_INJECTED_OPTIONS = ["database"]

/** Option keys the plugin does not know (typos, or settings of another plugin). */
export function unknownOptionKeys(options: Record<string, unknown> = {}): string[] {
  const known = new Set([...Object.values(SETTINGS).flatMap(namesOf), ...LOAD_TIME_OPTIONS, ...TEST_ONLY_OPTIONS, ...MEDUSA_INJECTED_OPTIONS])
  return Object.keys(options).filter((key) => !known.has(key))
}

const isUnset = (value: unknown) => value === undefined || value === null || value === ""

/** A raw value and how to name its origin in an error message. */
export type SettingValue = { raw: unknown; source: string }

/**
 * Reads one setting: the option if set (under any of its names), else its environment
 * variable, else undefined (the caller's default). Two names of one option with different
 * values are refused: the store's config would be ambiguous.
 */
export function readSetting(
  options: Record<string, unknown>,
  env: Env,
  setting: Setting
): SettingValue | undefined {
  const given = namesOf(setting).filter((name) => !isUnset(options[name]))
  if (given.length) {
    const distinct = new Set(given.map((name) => String(options[name])))
    if (distinct.size > 1) {
      throw new Error(
        `Conflicting ${PLUGIN_NAME} options ${given.join(" and ")}: they name one setting; set only ${setting.option}.`
      )
    }
    return { raw: options[given[0]], source: `${PLUGIN_NAME} option ${given[0]}` }
  }
  if (!isUnset(env[setting.env])) {
    return { raw: env[setting.env], source: setting.env }
  }
  return undefined
}

type IntegerRule = {
  min: number
  max: number
  unit: string
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value)
}

/**
 * Reads one integer setting. Unset means the default; anything else must be a whole
 * number within [min, max] or start-up stops naming the option or variable it came from.
 */
function readInteger(value: SettingValue | undefined, rule: IntegerRule, fallback: number): number {
  if (value === undefined) {
    return fallback
  }
  const { raw, source } = value
  const text = typeof raw === "number" ? String(raw) : raw
  const valid =
    typeof text === "string" && /^\s*\d+\s*$/.test(text) && Number(text) >= rule.min && Number(text) <= rule.max
  if (!valid) {
    throw new Error(
      `Invalid ${source}: ${describe(raw)}. Expected a whole number of ${rule.unit} from ${rule.min} to ${rule.max}.`
    )
  }
  return Number(text)
}

/**
 * Whether the plugin registers its `completeCartWorkflow.hooks.validate` handler: the
 * `registerCartValidateHook` option, true unless set to false.
 */
export function registersCartValidateHook(options: Record<string, unknown> = {}): boolean {
  const value = options.registerCartValidateHook
  if (value === undefined || value === null) {
    return true
  }
  if (typeof value !== "boolean") {
    throw new Error(
      `Invalid ${PLUGIN_NAME} option registerCartValidateHook: ${describe(value)}. Expected true or false.`
    )
  }
  return value
}

/** The cleanup job's schedule: option, else HOLD_CLEANUP_INTERVAL, else every 5 minutes. */
export function resolveCleanupSchedule(
  options: Record<string, unknown> = {},
  env: Env = process.env
): string {
  const value = readSetting(options, env, SETTINGS.cleanupInterval)
  return resolveCleanupInterval(value?.raw, value?.source)
}

/**
 * Validates the module's settings once, at load: each comes from its option, else its
 * environment variable, else its default; a bad value names where it came from.
 */
export function resolveModuleOptions(
  options: ResourceBookingModuleOptions = {},
  nodeEnv: string | undefined = process.env.NODE_ENV,
  env: Env = process.env
): ResolvedOptions {
  const raw = options as Record<string, unknown>
  const read = (setting: Setting) => readSetting(raw, env, setting)
  const ttlMinutes = readInteger(
    read(SETTINGS.ttlMinutes),
    { min: 1, max: MAX_MINUTES, unit: "minutes" },
    DEFAULT_TTL_MINUTES
  )
  const maxHoldLifetimeMinutes = readInteger(
    read(SETTINGS.maxHoldLifetimeMinutes),
    { min: ttlMinutes, max: MAX_MINUTES * DEFAULT_LIFETIME_TTLS, unit: "minutes (at least the hold TTL)" },
    ttlMinutes * DEFAULT_LIFETIME_TTLS
  )
  const lockTimeoutMs = readInteger(
    read(SETTINGS.lockTimeoutMs),
    { min: 1, max: MAX_LOCK_TIMEOUT_MS, unit: "milliseconds" },
    DEFAULT_LOCK_TIMEOUT_MS
  )
  // 0 turns a cap off.
  const maxUnitsPerCartDate = readInteger(
    read(SETTINGS.maxUnitsPerCartDate),
    { min: 0, max: MAX_HOLD_QUANTITY, unit: "units (0: no limit)" },
    DEFAULT_MAX_UNITS_PER_CART_DATE
  )
  const maxLiveHoldsPerCart = readInteger(
    read(SETTINGS.maxLiveHoldsPerCart),
    { min: 0, max: 100_000, unit: "holds (0: no limit)" },
    DEFAULT_MAX_LIVE_HOLDS_PER_CART
  )
  const cleanupBatchSize = readInteger(
    read(SETTINGS.cleanupBatchSize),
    { min: 1, max: MAX_BATCH_SIZE, unit: "resource+date keys" },
    DEFAULT_CLEANUP_BATCH_SIZE
  )
  const cleanupConcurrency = readInteger(
    read(SETTINGS.cleanupConcurrency),
    { min: 1, max: MAX_CLEANUP_CONCURRENCY, unit: "batches at once" },
    DEFAULT_CLEANUP_CONCURRENCY
  )
  const cleanupInterval = resolveCleanupSchedule(raw, env)
  const cleanupSlowMs = readInteger(
    read(SETTINGS.cleanupSlowMs),
    { min: 0, max: 24 * 60 * 60 * 1000, unit: "milliseconds" },
    DEFAULT_CLEANUP_SLOW_MS
  )
  const expiryAlertThreshold = readInteger(
    read(SETTINGS.expiryAlertThreshold),
    { min: 0, max: 100_000_000, unit: "holds" },
    DEFAULT_EXPIRY_ALERT_THRESHOLD
  )
  const runRetentionDays = readInteger(
    read(SETTINGS.runRetentionDays),
    { min: 1, max: 3650, unit: "days" },
    DEFAULT_RUN_RETENTION_DAYS
  )
  const runRetentionCount = readInteger(
    read(SETTINGS.runRetentionCount),
    { min: 1, max: 10_000_000, unit: "runs" },
    DEFAULT_RUN_RETENTION_COUNT
  )
  const holdRetentionDays = readInteger(
    read(SETTINGS.holdRetentionDays),
    { min: 1, max: 36500, unit: "days" },
    DEFAULT_HOLD_RETENTION_DAYS
  )
  const auditIntervalSeconds = readInteger(
    read(SETTINGS.auditIntervalSeconds),
    { min: 0, max: 7 * 24 * 3600, unit: "seconds" },
    DEFAULT_AUDIT_INTERVAL_SECONDS
  )
  const healthLiveCountLimit = readInteger(
    read(SETTINGS.healthLiveCountLimit),
    { min: 0, max: 100_000_000, unit: "holds" },
    DEFAULT_HEALTH_LIVE_COUNT_LIMIT
  )
  // Between two runs a hold can be overdue by up to one interval without anything being wrong.
  const intervalSeconds = Math.ceil(scheduleIntervalMs(cleanupInterval, new Date()) / 1000)
  const healthGraceSeconds = readInteger(
    read(SETTINGS.healthGraceSeconds),
    { min: 0, max: 7 * 24 * 3600, unit: "seconds" },
    intervalSeconds
  )
  const healthOverdueCritical = readInteger(
    read(SETTINGS.healthOverdueCritical),
    { min: 0, max: 100_000_000, unit: "holds" },
    DEFAULT_HEALTH_OVERDUE_CRITICAL
  )
  const healthStaleRunIntervals = readInteger(
    read(SETTINGS.healthStaleRunIntervals),
    { min: 1, max: 1000, unit: "intervals" },
    DEFAULT_HEALTH_STALE_RUN_INTERVALS
  )
  // Read again where the hook registers; validated here too, so a bad value stops start-up.
  registersCartValidateHook(raw)
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
  const unsafeUnsortedLocks = options.unsafe_unsorted_locks ?? false
  if (typeof unsafeUnsortedLocks !== "boolean" || (unsafeUnsortedLocks && nodeEnv !== "test")) {
    throw new Error(
      `Invalid resource_booking option unsafe_unsorted_locks: ${describe(unsafeUnsortedLocks)}. ` +
        "Expected true or false, and true only when NODE_ENV=test (it deadlocks by design)."
    )
  }
  const timezoneSetting = read(SETTINGS.timezone)
  const timezone = timezoneSetting === undefined ? "UTC" : String(timezoneSetting.raw)
  if (!isTimeZone(timezone)) {
    throw new Error(
      `Invalid ${timezoneSetting!.source}: ${describe(timezoneSetting!.raw)}. Expected an IANA time zone name such as "Europe/Berlin" or "UTC".`
    )
  }
  return {
    ttlMinutes,
    maxHoldLifetimeMinutes,
    lockTimeoutMs,
    maxUnitsPerCartDate,
    maxLiveHoldsPerCart,
    cleanupBatchSize,
    cleanupBatchHolds: DEFAULT_CLEANUP_BATCH_HOLDS,
    cleanupConcurrency,
    cleanupInterval,
    cleanupSlowMs,
    expiryAlertThreshold,
    runRetentionDays,
    runRetentionCount,
    holdRetentionDays,
    auditIntervalSeconds,
    healthLiveCountLimit,
    healthGraceSeconds,
    healthOverdueCritical,
    healthStaleRunIntervals,
    timezone,
    unsafeSkipLocking,
    unsafeUnsortedLocks,
  }
}
