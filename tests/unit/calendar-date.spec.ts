import {
  daysInRange,
  eachDate,
  isCalendarDate,
} from "../../src/modules/resource_booking/utils/calendar-date"

describe("isCalendarDate", () => {
  it.each(["2026-02-28", "2028-02-29", "2026-12-31", "2026-01-01"])("accepts %s", (value) => {
    expect(isCalendarDate(value)).toBe(true)
  })

  it.each([
    ["2026-02-30", "day past the month's end"],
    ["2026-02-29", "29 February of a common year"],
    ["2026-13-01", "month 13"],
    ["2026-00-10", "month 0"],
    ["2026-01-00", "day 0"],
    ["2026-1-01", "unpadded month"],
    ["2026-01-01T00:00:00Z", "a timestamp"],
    [" 2026-01-01", "leading space"],
    ["0000-01-01", "year 0"],
    ["", "empty"],
  ])("rejects %s (%s)", (value) => {
    expect(isCalendarDate(value)).toBe(false)
  })

  it("rejects non-strings", () => {
    expect(isCalendarDate(20260101)).toBe(false)
    expect(isCalendarDate(new Date("2026-01-01"))).toBe(false)
    expect(isCalendarDate(null)).toBe(false)
  })
})

describe("eachDate / daysInRange", () => {
  it("lists every day of an inclusive range across month and leap-day boundaries", () => {
    expect(eachDate("2028-02-27", "2028-03-02")).toEqual([
      "2028-02-27",
      "2028-02-28",
      "2028-02-29",
      "2028-03-01",
      "2028-03-02",
    ])
    expect(daysInRange("2028-02-27", "2028-03-02")).toBe(5)
  })

  it("is one day for from = to and empty when to is before from", () => {
    expect(eachDate("2026-06-01", "2026-06-01")).toEqual(["2026-06-01"])
    expect(eachDate("2026-06-02", "2026-06-01")).toEqual([])
    expect(daysInRange("2026-06-02", "2026-06-01")).toBe(0)
  })

  it("does not depend on the process time zone across a DST change", () => {
    const previous = process.env.TZ
    process.env.TZ = "America/New_York"
    try {
      expect(eachDate("2026-03-07", "2026-03-10")).toEqual([
        "2026-03-07",
        "2026-03-08",
        "2026-03-09",
        "2026-03-10",
      ])
      expect(daysInRange("2026-01-01", "2026-12-31")).toBe(365)
    } finally {
      process.env.TZ = previous
    }
  })
})
