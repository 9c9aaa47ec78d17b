import {
  resolveCleanupSchedule,
  resolveModuleOptions,
  unknownOptionKeys,
} from "../../src/modules/resource_booking/utils/resolve-options"

describe("resolveModuleOptions", () => {
  it("applies the defaults when nothing is set (env vars unset arrive as undefined or \"\")", () => {
    expect(resolveModuleOptions({ holdTtlMinutes: undefined, lockTimeoutMs: "" }, "production", {})).toEqual({
      ttlMinutes: 30,
      maxHoldLifetimeMinutes: 120,
      lockTimeoutMs: 3000,
      maxUnitsPerCartDate: 10,
      maxLiveHoldsPerCart: 20,
      cleanupBatchSize: 200,
      cleanupBatchHolds: 5000,
      cleanupConcurrency: 2,
      cleanupInterval: "*/5 * * * *",
      cleanupSlowMs: 5000,
      expiryAlertThreshold: 100,
      runRetentionDays: 30,
      runRetentionCount: 10000,
      holdRetentionDays: 90,
      auditIntervalSeconds: 300,
      healthLiveCountLimit: 100000,
      healthGraceSeconds: 300,
      healthOverdueCritical: 50,
      healthStaleRunIntervals: 2,
      timezone: "UTC",
      unsafeSkipLocking: false,
      unsafeUnsortedLocks: false,
    })
  })

  it("reads numbers and numeric strings", () => {
    const resolved = resolveModuleOptions(
      { holdTtlMinutes: "15", holdMaxLifetimeMinutes: 45, lockTimeoutMs: "500", cleanupBatchSize: "10" },
      "production",
      {}
    )
    expect(resolved).toMatchObject({
      ttlMinutes: 15,
      maxHoldLifetimeMinutes: 45,
      lockTimeoutMs: 500,
      cleanupBatchSize: 10,
    })
  })

  it("derives the maximum lifetime from the TTL (4 × TTL)", () => {
    expect(resolveModuleOptions({ holdTtlMinutes: "10" }, "production", {}).maxHoldLifetimeMinutes).toBe(40)
  })

  it.each([
    [{ holdTtlMinutes: "abc" }, 'Invalid medusa-resource-booking option holdTtlMinutes: "abc". Expected a whole number of minutes from 1 to 10080.'],
    [{ holdTtlMinutes: "0" }, 'Invalid medusa-resource-booking option holdTtlMinutes: "0".'],
    [{ holdTtlMinutes: "-5" }, 'Invalid medusa-resource-booking option holdTtlMinutes: "-5".'],
    [{ holdTtlMinutes: "2.5" }, 'Invalid medusa-resource-booking option holdTtlMinutes: "2.5".'],
    [{ holdTtlMinutes: 1.5 }, "Invalid medusa-resource-booking option holdTtlMinutes: 1.5."],
    [{ holdTtlMinutes: "30", holdMaxLifetimeMinutes: "20" }, 'Invalid medusa-resource-booking option holdMaxLifetimeMinutes: "20". Expected a whole number of minutes (at least the hold TTL) from 30 to 40320.'],
    [{ lockTimeoutMs: "5s" }, 'Invalid medusa-resource-booking option lockTimeoutMs: "5s".'],
    [{ cleanupBatchSize: "0" }, 'Invalid medusa-resource-booking option cleanupBatchSize: "0".'],
    [{ holdMaxUnitsPerCartDate: "-1" }, 'Invalid medusa-resource-booking option holdMaxUnitsPerCartDate: "-1". Expected a whole number of units (0: no limit) from 0 to 10000.'],
    [{ holdMaxLiveHoldsPerCart: "many" }, 'Invalid medusa-resource-booking option holdMaxLiveHoldsPerCart: "many".'],
  ])("refuses %j naming the option and the value", (options, message) => {
    expect(() => resolveModuleOptions(options, "production", {})).toThrow(message)
  })

  it("refuses the unlocked test control outside NODE_ENV=test", () => {
    expect(() => resolveModuleOptions({ unsafe_skip_locking: true }, "production", {})).toThrow(
      "resource_booking option unsafe_skip_locking oversells by design and is refused unless NODE_ENV=test."
    )
    expect(resolveModuleOptions({ unsafe_skip_locking: true }, "test", {}).unsafeSkipLocking).toBe(true)
  })

  it("refuses a non-boolean unsafe_skip_locking", () => {
    expect(() => resolveModuleOptions({ unsafe_skip_locking: "yes" as never }, "test", {})).toThrow(
      'Invalid resource_booking option unsafe_skip_locking: "yes". Expected true or false.'
    )
  })
})

describe("resolveModuleOptions: cleanup job settings", () => {
  it("defaults the schedule, thresholds and retention", () => {
    expect(resolveModuleOptions({}, "production", {})).toMatchObject({
      cleanupInterval: "*/5 * * * *",
      cleanupSlowMs: 5000,
      expiryAlertThreshold: 100,
      runRetentionDays: 30,
      runRetentionCount: 10000,
    })
  })

  it.each([
    [{ cleanupInterval: "*/5 * *" }, 'Invalid medusa-resource-booking option cleanupInterval: "*/5 * *"'],
    [{ cleanupSlowMs: "fast" }, 'Invalid medusa-resource-booking option cleanupSlowMs: "fast".'],
    [{ expiryAlertThreshold: "-1" }, 'Invalid medusa-resource-booking option expiryAlertThreshold: "-1".'],
    [{ cleanupRunRetentionDays: "0" }, 'Invalid medusa-resource-booking option cleanupRunRetentionDays: "0".'],
    [{ cleanupRunRetentionCount: "1e3" }, 'Invalid medusa-resource-booking option cleanupRunRetentionCount: "1e3".'],
  ])("refuses %j naming the option and the value", (options, message) => {
    expect(() => resolveModuleOptions(options, "production", {})).toThrow(message)
  })
})

describe("resolveModuleOptions: health thresholds", () => {
  it("takes one cleanup interval as the default grace period", () => {
    expect(resolveModuleOptions({ cleanupInterval: "*/10 * * * * *" }, "production", {}).healthGraceSeconds).toBe(10)
    expect(resolveModuleOptions({ cleanupInterval: "0 * * * *" }, "production", {}).healthGraceSeconds).toBe(3600)
  })

  it.each([
    [{ healthGraceSeconds: "soon" }, 'Invalid medusa-resource-booking option healthGraceSeconds: "soon".'],
    [{ healthOverdueCritical: "-3" }, 'Invalid medusa-resource-booking option healthOverdueCritical: "-3".'],
    [{ healthStaleRunIntervals: "0" }, 'Invalid medusa-resource-booking option healthStaleRunIntervals: "0".'],
  ])("refuses %j naming the option and the value", (options, message) => {
    expect(() => resolveModuleOptions(options, "production", {})).toThrow(message)
  })
})

describe("resolveModuleOptions: option, then environment variable, then default", () => {
  it("takes the environment variable when the option is not set", () => {
    const resolved = resolveModuleOptions({}, "production", { HOLD_TTL_MINUTES: "25", HOLD_LOCK_TIMEOUT_MS: "800" })
    expect(resolved).toMatchObject({ ttlMinutes: 25, maxHoldLifetimeMinutes: 100, lockTimeoutMs: 800 })
  })

  it("lets an explicit option win over its variable", () => {
    const resolved = resolveModuleOptions(
      { holdTtlMinutes: 20, cleanupBatchSize: 50 },
      "production",
      { HOLD_TTL_MINUTES: "25", HOLD_CLEANUP_BATCH_SIZE: "999" }
    )
    expect(resolved).toMatchObject({ ttlMinutes: 20, cleanupBatchSize: 50 })
  })

  it("reads the hold caps from HOLD_MAX_UNITS_PER_CART_DATE and HOLD_MAX_LIVE_HOLDS_PER_CART", () => {
    const env = { HOLD_MAX_UNITS_PER_CART_DATE: "2", HOLD_MAX_LIVE_HOLDS_PER_CART: "0" }
    expect(resolveModuleOptions({}, "production", env)).toMatchObject({ maxUnitsPerCartDate: 2, maxLiveHoldsPerCart: 0 })
  })

  it("treats an empty option as unset, falling back to the variable", () => {
    expect(resolveModuleOptions({ holdTtlMinutes: "" }, "production", { HOLD_TTL_MINUTES: "12" }).ttlMinutes).toBe(12)
  })

  it("reads every documented option", () => {
    const resolved = resolveModuleOptions(
      {
        holdTtlMinutes: 20,
        holdMaxLifetimeMinutes: 60,
        lockTimeoutMs: 1500,
        holdMaxUnitsPerCartDate: 4,
        holdMaxLiveHoldsPerCart: 0,
        cleanupBatchSize: 100,
        cleanupInterval: "*/30 * * * * *",
        cleanupSlowMs: 2000,
        expiryAlertThreshold: 10,
        cleanupRunRetentionDays: 7,
        cleanupRunRetentionCount: 500,
        holdRetentionDays: 30,
        auditIntervalSeconds: 60,
        healthLiveCountLimit: 5000,
        healthGraceSeconds: 45,
        healthOverdueCritical: 5,
        healthStaleRunIntervals: 3,
        timezone: "Pacific/Auckland",
      },
      "production",
      {}
    )
    expect(resolved).toEqual({
      ttlMinutes: 20,
      maxHoldLifetimeMinutes: 60,
      lockTimeoutMs: 1500,
      maxUnitsPerCartDate: 4,
      maxLiveHoldsPerCart: 0,
      cleanupBatchSize: 100,
      cleanupBatchHolds: 5000,
      cleanupConcurrency: 2,
      cleanupInterval: "*/30 * * * * *",
      cleanupSlowMs: 2000,
      expiryAlertThreshold: 10,
      runRetentionDays: 7,
      runRetentionCount: 500,
      holdRetentionDays: 30,
      auditIntervalSeconds: 60,
      healthLiveCountLimit: 5000,
      healthGraceSeconds: 45,
      healthOverdueCritical: 5,
      healthStaleRunIntervals: 3,
      timezone: "Pacific/Auckland",
      unsafeSkipLocking: false,
      unsafeUnsortedLocks: false,
    })
  })

  it("also reads the full camelCase of the variable and the pre-plugin snake_case name", () => {
    expect(resolveModuleOptions({ holdLockTimeoutMs: 700 } as never, "production", {}).lockTimeoutMs).toBe(700)
    expect(resolveModuleOptions({ ttl_minutes: "15" }, "production", {}).ttlMinutes).toBe(15)
  })

  it("refuses two names of one setting with different values", () => {
    expect(() => resolveModuleOptions({ holdTtlMinutes: 20, ttl_minutes: 25 }, "production", {})).toThrow(
      "Conflicting medusa-resource-booking options holdTtlMinutes and ttl_minutes: they name one setting; set only holdTtlMinutes."
    )
  })

  it.each([
    [{ HOLD_TTL_MINUTES: "abc" }, 'Invalid HOLD_TTL_MINUTES: "abc". Expected a whole number of minutes from 1 to 10080.'],
    [{ HOLD_LOCK_TIMEOUT_MS: "5s" }, 'Invalid HOLD_LOCK_TIMEOUT_MS: "5s".'],
    [{ HOLD_CLEANUP_INTERVAL: "*/5 * *" }, 'Invalid HOLD_CLEANUP_INTERVAL: "*/5 * *"'],
    [{ HOLD_HEALTH_STALE_RUN_INTERVALS: "0" }, 'Invalid HOLD_HEALTH_STALE_RUN_INTERVALS: "0".'],
    [{ HOLD_RETENTION_DAYS: "0" }, 'Invalid HOLD_RETENTION_DAYS: "0". Expected a whole number of days from 1 to 36500.'],
    [{ HOLD_TIMEZONE: "Mars/Olympus" }, 'Invalid HOLD_TIMEZONE: "Mars/Olympus". Expected an IANA time zone name such as "Europe/Berlin" or "UTC".'],
  ])("refuses a bad variable %j naming the variable and the value", (env, message) => {
    expect(() => resolveModuleOptions({}, "production", env)).toThrow(message)
  })

  it("names the option, not the variable, when the bad value came from the option", () => {
    expect(() => resolveModuleOptions({ holdTtlMinutes: 0 }, "production", { HOLD_TTL_MINUTES: "30" })).toThrow(
      "Invalid medusa-resource-booking option holdTtlMinutes: 0. Expected a whole number of minutes from 1 to 10080."
    )
  })
})

describe("unknownOptionKeys", () => {
  it("reports keys that are no setting's name, and nothing else (Medusa's own database key included)", () => {
    expect(
      unknownOptionKeys({
        holdTtlMinutes: 20,
        holdTTLMinutes: 20,
        ttl_minutes: 1,
        unsafe_skip_locking: false,
        database: { clientUrl: "postgres://" },
        colour: "red",
      })
    ).toEqual(["holdTTLMinutes", "colour"])
  })
})

describe("resolveCleanupSchedule", () => {
  it("prefers the cleanupInterval option, then HOLD_CLEANUP_INTERVAL, then every 5 minutes", () => {
    expect(resolveCleanupSchedule({ cleanupInterval: "*/10 * * * * *" }, { HOLD_CLEANUP_INTERVAL: "0 * * * *" })).toBe(
      "*/10 * * * * *"
    )
    expect(resolveCleanupSchedule({}, { HOLD_CLEANUP_INTERVAL: "0 * * * *" })).toBe("0 * * * *")
    expect(resolveCleanupSchedule({}, {})).toBe("*/5 * * * *")
  })
})
