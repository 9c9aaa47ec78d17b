import {
  describeSchedule,
  nextFireTime,
  resolveCleanupInterval,
  scheduleIntervalMs,
} from "../../src/modules/resource_booking/utils/cron-schedule"

describe("resolveCleanupInterval (HOLD_CLEANUP_INTERVAL)", () => {
  it("defaults to every 5 minutes when unset", () => {
    expect(resolveCleanupInterval(undefined)).toBe("*/5 * * * *")
    expect(resolveCleanupInterval("")).toBe("*/5 * * * *")
  })

  it.each(["*/5 * * * *", "*/10 * * * * *", "0 3 * * 1-5", "@hourly", " */2 * * * * "])(
    "accepts what Medusa's scheduler accepts: %j",
    (expression) => {
      expect(resolveCleanupInterval(expression)).toBe(expression.trim())
    }
  )

  it.each([
    ["*/5 * * *", "has 4 fields"],
    ["* *", "has 2 fields"],
    ["abc", "has 1 field"],
    ["@fortnightly", 'Validation error, cannot resolve alias "for"'],
    ["61 * * * *", "Constraint error, got value 61 expected range 0-59"],
    ["* * * * * * *", "has 7 fields"],
    ["0 0 31 2 *", "Invalid explicit day of month definition"],
    ["0 0 29 2 *", "its next run is more than 24 days away, which Medusa's scheduler cannot wait for"],
  ])("refuses %j naming the variable and the value", (expression, problem) => {
    expect(() => resolveCleanupInterval(expression)).toThrow(
      `Invalid HOLD_CLEANUP_INTERVAL: ${JSON.stringify(expression)} (${problem}). ` +
        'Expected a cron expression of 5 fields, or 6 with seconds, e.g. "*/5 * * * *".'
    )
  })
})

describe("schedule maths", () => {
  it("describes a schedule in words", () => {
    expect(describeSchedule("*/5 * * * *")).toBe("every 5 minutes")
    expect(describeSchedule("*/30 * * * * *")).toBe("every 30 seconds")
  })

  it("computes the next fire time and the interval", () => {
    const from = new Date("2026-03-01T10:02:30Z")
    expect(nextFireTime("*/5 * * * *", from).getTime() - from.getTime()).toBe(150_000)
    expect(scheduleIntervalMs("*/5 * * * *", from)).toBe(300_000)
    expect(scheduleIntervalMs("*/10 * * * * *", from)).toBe(10_000)
  })
})
