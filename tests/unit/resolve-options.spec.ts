import { resolveModuleOptions } from "../../src/modules/resource_booking/utils/resolve-options"

describe("resolveModuleOptions", () => {
  it("applies the defaults when nothing is set (env vars unset arrive as undefined or \"\")", () => {
    expect(resolveModuleOptions({ ttl_minutes: undefined, lock_timeout_ms: "" }, "production")).toEqual({
      ttlMinutes: 30,
      maxHoldLifetimeMinutes: 120,
      lockTimeoutMs: 3000,
      cleanupBatchSize: 200,
      cleanupBatchHolds: 5000,
      cleanupInterval: "*/5 * * * *",
      cleanupSlowMs: 5000,
      expiryAlertThreshold: 100,
      runRetentionDays: 30,
      runRetentionCount: 10000,
      healthGraceSeconds: 300,
      healthOverdueCritical: 50,
      healthStaleRunIntervals: 2,
      unsafeSkipLocking: false,
    })
  })

  it("reads strings from the environment and numbers from code", () => {
    const resolved = resolveModuleOptions(
      { ttl_minutes: "15", max_hold_lifetime_minutes: 45, lock_timeout_ms: "500", cleanup_batch_size: "10" },
      "production"
    )
    expect(resolved).toMatchObject({
      ttlMinutes: 15,
      maxHoldLifetimeMinutes: 45,
      lockTimeoutMs: 500,
      cleanupBatchSize: 10,
    })
  })

  it("derives the maximum lifetime from the TTL (4 × TTL)", () => {
    expect(resolveModuleOptions({ ttl_minutes: "10" }, "production").maxHoldLifetimeMinutes).toBe(40)
  })

  it.each([
    [{ ttl_minutes: "abc" }, 'Invalid HOLD_TTL_MINUTES (resource_booking option ttl_minutes): "abc". Expected a whole number of minutes from 1 to 10080.'],
    [{ ttl_minutes: "0" }, 'Invalid HOLD_TTL_MINUTES (resource_booking option ttl_minutes): "0".'],
    [{ ttl_minutes: "-5" }, 'Invalid HOLD_TTL_MINUTES (resource_booking option ttl_minutes): "-5".'],
    [{ ttl_minutes: "2.5" }, 'Invalid HOLD_TTL_MINUTES (resource_booking option ttl_minutes): "2.5".'],
    [{ ttl_minutes: 1.5 }, "Invalid HOLD_TTL_MINUTES (resource_booking option ttl_minutes): 1.5."],
    [{ ttl_minutes: "30", max_hold_lifetime_minutes: "20" }, 'Invalid HOLD_MAX_LIFETIME_MINUTES (resource_booking option max_hold_lifetime_minutes): "20". Expected a whole number of minutes (at least HOLD_TTL_MINUTES) from 30 to 40320.'],
    [{ lock_timeout_ms: "5s" }, 'Invalid HOLD_LOCK_TIMEOUT_MS (resource_booking option lock_timeout_ms): "5s".'],
    [{ cleanup_batch_size: "0" }, 'Invalid HOLD_CLEANUP_BATCH_SIZE (resource_booking option cleanup_batch_size): "0".'],
  ])("refuses %j naming the variable and the value", (options, message) => {
    expect(() => resolveModuleOptions(options, "production")).toThrow(message)
  })

  it("refuses the unlocked test control outside NODE_ENV=test", () => {
    expect(() => resolveModuleOptions({ unsafe_skip_locking: true }, "production")).toThrow(
      "resource_booking option unsafe_skip_locking oversells by design and is refused unless NODE_ENV=test."
    )
    expect(resolveModuleOptions({ unsafe_skip_locking: true }, "test").unsafeSkipLocking).toBe(true)
  })

  it("refuses a non-boolean unsafe_skip_locking", () => {
    expect(() => resolveModuleOptions({ unsafe_skip_locking: "yes" as never }, "test")).toThrow(
      'Invalid resource_booking option unsafe_skip_locking: "yes". Expected true or false.'
    )
  })
})

describe("resolveModuleOptions: cleanup job settings", () => {
  it("defaults the schedule, thresholds and retention", () => {
    expect(resolveModuleOptions({}, "production")).toMatchObject({
      cleanupInterval: "*/5 * * * *",
      cleanupSlowMs: 5000,
      expiryAlertThreshold: 100,
      runRetentionDays: 30,
      runRetentionCount: 10000,
    })
  })

  it.each([
    [{ cleanup_interval: "*/5 * *" }, 'Invalid HOLD_CLEANUP_INTERVAL: "*/5 * *"'],
    [{ cleanup_slow_ms: "fast" }, 'Invalid HOLD_CLEANUP_SLOW_MS (resource_booking option cleanup_slow_ms): "fast".'],
    [{ expiry_alert_threshold: "-1" }, 'Invalid HOLD_EXPIRY_ALERT_THRESHOLD (resource_booking option expiry_alert_threshold): "-1".'],
    [{ run_retention_days: "0" }, 'Invalid HOLD_CLEANUP_RUN_RETENTION_DAYS (resource_booking option run_retention_days): "0".'],
    [{ run_retention_count: "1e3" }, 'Invalid HOLD_CLEANUP_RUN_RETENTION_COUNT (resource_booking option run_retention_count): "1e3".'],
  ])("refuses %j naming the variable and the value", (options, message) => {
    expect(() => resolveModuleOptions(options, "production")).toThrow(message)
  })
})

describe("resolveModuleOptions: health thresholds", () => {
  it("takes one cleanup interval as the default grace period", () => {
    expect(resolveModuleOptions({ cleanup_interval: "*/10 * * * * *" }, "production").healthGraceSeconds).toBe(10)
    expect(resolveModuleOptions({ cleanup_interval: "0 * * * *" }, "production").healthGraceSeconds).toBe(3600)
  })

  it.each([
    [{ health_grace_seconds: "soon" }, 'Invalid HOLD_HEALTH_GRACE_SECONDS (resource_booking option health_grace_seconds): "soon".'],
    [{ health_overdue_critical: "-3" }, 'Invalid HOLD_HEALTH_OVERDUE_CRITICAL (resource_booking option health_overdue_critical): "-3".'],
    [{ health_stale_run_intervals: "0" }, 'Invalid HOLD_HEALTH_STALE_RUN_INTERVALS (resource_booking option health_stale_run_intervals): "0".'],
  ])("refuses %j naming the variable and the value", (options, message) => {
    expect(() => resolveModuleOptions(options, "production")).toThrow(message)
  })
})
