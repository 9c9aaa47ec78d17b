import { MedusaError } from "@medusajs/framework/utils"
import { BookingRules, ruleClock } from "../../src/modules/resource_booking/utils/booking-rules"
import { eachDate } from "../../src/modules/resource_booking/utils/calendar-date"
import {
  assertStartTime,
  assertStartTimes,
  assertWeekdays,
  departureBookable,
  departureDeadline,
  departureInstant,
  departureRefusal,
  isoWeekday,
  isStartTime,
  scheduleKeys,
} from "../../src/modules/resource_booking/utils/departures"

const MINUTE = 60_000

function expectInvalid(run: () => unknown, message: string) {
  let thrown: unknown
  try {
    run()
  } catch (error) {
    thrown = error
  }
  expect(thrown).toBeInstanceOf(MedusaError)
  expect((thrown as MedusaError).type).toBe(MedusaError.Types.INVALID_DATA)
  expect((thrown as MedusaError).message).toBe(message)
}

function rules(overrides: Partial<BookingRules> = {}): BookingRules {
  return {
    timezone: "Europe/Berlin",
    min_days: 1,
    max_days: null,
    turnaround_days: 0,
    cutoff_minutes: 0,
    horizon_days: null,
    ...overrides,
  }
}

/** The refusal of a departure at `now`, with the clock ruleClock gives at that instant. */
function refusal(r: BookingRules, date: string, startTime: string, now: string) {
  const at = new Date(now)
  return departureRefusal("Ferry", r, date, startTime, at, ruleClock(r, at))
}

describe("isStartTime / assertStartTime", () => {
  it.each(["00:00", "08:00", "09:05", "15:30", "23:59"])("accepts %s", (value) => {
    expect(isStartTime(value)).toBe(true)
    expect(assertStartTime("start_time", value)).toBe(value)
  })

  it.each([
    ["8:00", "unpadded hour"],
    ["08:0", "unpadded minute"],
    ["24:00", "hour 24"],
    ["12:60", "minute 60"],
    ["08:00:00", "seconds"],
    [" 08:00", "leading space"],
    ["0800", "no colon"],
    ["", "empty"],
  ])("refuses %j (%s)", (value) => {
    expect(isStartTime(value)).toBe(false)
    expectInvalid(
      () => assertStartTime("start_time", value),
      `start_time must be a time "HH:MM" (00:00 to 23:59), got ${JSON.stringify(value)}`
    )
  })

  it("refuses non-strings, naming the field and the value", () => {
    expect(isStartTime(800)).toBe(false)
    expectInvalid(() => assertStartTime("start_time", 800), `start_time must be a time "HH:MM" (00:00 to 23:59), got 800`)
    expectInvalid(() => assertStartTime("start_time", null), `start_time must be a time "HH:MM" (00:00 to 23:59), got null`)
  })
})

describe("assertStartTimes", () => {
  it("returns distinct valid times sorted ascending", () => {
    expect(assertStartTimes(["15:30", "08:00", "23:59", "00:00"])).toEqual(["00:00", "08:00", "15:30", "23:59"])
    expect(assertStartTimes(["08:00"])).toEqual(["08:00"])
  })

  it("accepts 48 times and refuses 49", () => {
    const halfHours = Array.from({ length: 48 }, (_, i) => `${String(Math.floor(i / 2)).padStart(2, "0")}:${i % 2 ? "30" : "00"}`)
    expect(assertStartTimes([...halfHours].reverse())).toEqual(halfHours)
    expectInvalid(() => assertStartTimes([...halfHours, "23:59"]), "start_times lists at most 48 times, got 49")
  })

  it.each([[[]], [undefined], [null], ["08:00"], [{ 0: "08:00" }]])("refuses %j as the list", (value) => {
    expectInvalid(
      () => assertStartTimes(value),
      `start_times must be a non-empty list of times "HH:MM", got ${JSON.stringify(value)}`
    )
  })

  it("names the bad entry by index", () => {
    expectInvalid(
      () => assertStartTimes(["08:00", "8:30"]),
      `start_times[1] must be a time "HH:MM" (00:00 to 23:59), got "8:30"`
    )
  })

  it("names a time listed twice", () => {
    expectInvalid(() => assertStartTimes(["08:00", "15:30", "08:00"]), `start_times has "08:00" twice`)
  })
})

describe("assertWeekdays", () => {
  it("is every weekday when undefined", () => {
    expect(assertWeekdays(undefined)).toEqual([1, 2, 3, 4, 5, 6, 7])
  })

  it("returns distinct ISO weekdays sorted ascending", () => {
    expect(assertWeekdays([5, 1, 3])).toEqual([1, 3, 5])
    expect(assertWeekdays([7])).toEqual([7])
  })

  it.each([[[]], [null], ["1,3"], [3]])("refuses %j as the list", (value) => {
    expectInvalid(
      () => assertWeekdays(value),
      `weekdays must be a non-empty list of ISO weekdays 1 to 7 (1 = Monday, 7 = Sunday), got ${JSON.stringify(value)}`
    )
  })

  it.each([[0], [8], [1.5], ["1"], [null]])("refuses the entry %j by index", (day) => {
    expectInvalid(
      () => assertWeekdays([2, day]),
      `weekdays[1] must be an ISO weekday 1 to 7 (1 = Monday, 7 = Sunday), got ${JSON.stringify(day)}`
    )
  })

  it("names a weekday listed twice", () => {
    expectInvalid(() => assertWeekdays([1, 3, 1]), "weekdays has 1 twice")
  })
})

describe("isoWeekday / scheduleKeys", () => {
  it("gives ISO weekdays, Monday 1 to Sunday 7", () => {
    expect(isoWeekday("2027-03-01")).toBe(1)
    expect(isoWeekday("2027-03-03")).toBe(3)
    expect(isoWeekday("2027-03-07")).toBe(7)
    expect(isoWeekday("2028-02-29")).toBe(2)
  })

  it("lists Mon, Wed, Fri × two times over two weeks, by date then time", () => {
    const keys = scheduleKeys(eachDate("2027-03-01", "2027-03-14"), ["08:00", "15:30"], [1, 3, 5])
    expect(keys).toHaveLength(12)
    expect(keys[0]).toEqual({ date: "2027-03-01", start_time: "08:00" })
    expect(keys[11]).toEqual({ date: "2027-03-12", start_time: "15:30" })
    expect(keys).toEqual(
      ["2027-03-01", "2027-03-03", "2027-03-05", "2027-03-08", "2027-03-10", "2027-03-12"].flatMap((date) => [
        { date, start_time: "08:00" },
        { date, start_time: "15:30" },
      ])
    )
  })

  it("orders the times of a day ascending and skips weekdays not listed", () => {
    expect(scheduleKeys(["2027-03-06", "2027-03-07"], ["15:30", "08:00"], [7])).toEqual([
      { date: "2027-03-07", start_time: "08:00" },
      { date: "2027-03-07", start_time: "15:30" },
    ])
    expect(scheduleKeys([], ["08:00"], [1])).toEqual([])
  })
})

describe("departureInstant / departureDeadline (Europe/Berlin DST)", () => {
  const berlin = "Europe/Berlin"

  it("is the wall time in the zone", () => {
    expect(departureInstant("2027-06-15", "08:00", berlin).toISO()).toBe("2027-06-15T08:00:00.000+02:00")
    expect(departureInstant("2027-01-15", "08:00", berlin).toUTC().toISO()).toBe("2027-01-15T07:00:00.000Z")
  })

  it("moves a wall time the spring change skips forward by the gap", () => {
    const instant = departureInstant("2027-03-28", "02:30", berlin)
    expect(instant.toISO()).toBe("2027-03-28T03:30:00.000+02:00")
    expect(instant.toUTC().toISO()).toBe("2027-03-28T01:30:00.000Z")
  })

  it("takes a wall time the autumn change repeats at the later offset (the second occurrence)", () => {
    const instant = departureInstant("2027-10-31", "02:30", berlin)
    expect(instant.toISO()).toBe("2027-10-31T02:30:00.000+01:00")
    expect(instant.toUTC().toISO()).toBe("2027-10-31T01:30:00.000Z")
  })

  it("refuses an invalid date, time or zone", () => {
    const message = (date: string, time: string, zone: string) =>
      `departure ${JSON.stringify(date)} ${JSON.stringify(time)} in timezone ${JSON.stringify(zone)} ` +
      `is not a calendar date, time "HH:MM" and IANA time zone`
    expectInvalid(() => departureInstant("2027-02-30", "08:00", berlin), message("2027-02-30", "08:00", berlin))
    expectInvalid(() => departureInstant("2027-03-01", "8:00", berlin), message("2027-03-01", "8:00", berlin))
    expectInvalid(() => departureInstant("2027-03-01", "08:00", "Mars/Base"), message("2027-03-01", "08:00", "Mars/Base"))
  })

  it("cuts off 120 minutes before 08:00 on the spring-change Sunday: 06:00 local, 2 real hours", () => {
    const departure = departureInstant("2027-03-28", "08:00", berlin)
    const deadline = departureDeadline("2027-03-28", "08:00", { timezone: berlin, cutoff_minutes: 120 })
    expect(deadline.toISO()).toBe("2027-03-28T06:00:00.000+02:00")
    expect(departure.toMillis() - deadline.toMillis()).toBe(120 * MINUTE)
  })

  it("cuts off 480 minutes before 08:00 CEST across the spring change: 23:00 CET the evening before", () => {
    const departure = departureInstant("2027-03-28", "08:00", berlin)
    const deadline = departureDeadline("2027-03-28", "08:00", { timezone: berlin, cutoff_minutes: 480 })
    // 08:00+02:00 = 06:00Z; minus 8 h = 2027-03-27T22:00Z = 23:00+01:00 (9 wall-clock hours earlier).
    expect(deadline.toISO()).toBe("2027-03-27T23:00:00.000+01:00")
    expect(deadline.toUTC().toISO()).toBe("2027-03-27T22:00:00.000Z")
    expect(departure.toMillis() - deadline.toMillis()).toBe(480 * MINUTE)
  })

  it("cuts off 120 minutes before 03:00 right after the gap: 00:00 local, 2 real hours", () => {
    const departure = departureInstant("2027-03-28", "03:00", berlin)
    const deadline = departureDeadline("2027-03-28", "03:00", { timezone: berlin, cutoff_minutes: 120 })
    expect(deadline.toISO()).toBe("2027-03-28T00:00:00.000+01:00")
    expect(departure.toMillis() - deadline.toMillis()).toBe(120 * MINUTE)
  })

  it("cuts off 480 minutes before 08:00 CET across the autumn change: 01:00 CEST (7 wall-clock hours)", () => {
    const departure = departureInstant("2027-10-31", "08:00", berlin)
    const deadline = departureDeadline("2027-10-31", "08:00", { timezone: berlin, cutoff_minutes: 480 })
    expect(deadline.toISO()).toBe("2027-10-31T01:00:00.000+02:00")
    expect(departure.toMillis() - deadline.toMillis()).toBe(480 * MINUTE)
  })
})

describe("departureRefusal / departureBookable", () => {
  // 2027-06-15 08:00 in Berlin (CEST, +02:00) leaves at 06:00Z.
  it("refuses a date before today, naming today and the zone", () => {
    expect(refusal(rules(), "2027-06-14", "23:30", "2027-06-15T10:00:00Z")).toBe(
      "2027-06-14 23:30 can no longer be booked: it is before today (2027-06-15, timezone Europe/Berlin)"
    )
  })

  it("with no cut-off, refuses from the minute the departure leaves", () => {
    expect(refusal(rules(), "2027-06-15", "08:00", "2027-06-15T05:59:00Z")).toBeNull()
    expect(refusal(rules(), "2027-06-15", "08:00", "2027-06-15T06:00:00Z")).toBe(
      `"Ferry" 2027-06-15 08:00 has departed (timezone Europe/Berlin)`
    )
    expect(refusal(rules(), "2027-06-15", "08:00", "2027-06-15T06:01:00Z")).toBe(
      `"Ferry" 2027-06-15 08:00 has departed (timezone Europe/Berlin)`
    )
    // A later departure the same day is still bookable.
    expect(refusal(rules(), "2027-06-15", "15:30", "2027-06-15T06:01:00Z")).toBeNull()
  })

  it("with cutoff_minutes 120, refuses 110 minutes before departure and allows 130 minutes before", () => {
    const r = rules({ cutoff_minutes: 120 })
    expect(refusal(r, "2027-06-15", "08:00", "2027-06-15T03:50:00Z")).toBeNull()
    expect(refusal(r, "2027-06-15", "08:00", "2027-06-15T04:10:00Z")).toBe(
      `"Ferry" 2027-06-15 08:00 can no longer be booked (cutoff_minutes = 120 before departure, timezone Europe/Berlin)`
    )
    // The date cut-off of ruleClock still allows the day; the departure's own deadline decides.
    expect(ruleClock(r, new Date("2027-06-15T04:10:00Z")).earliest_start).toBe("2027-06-15")
  })

  it("refuses a departure beyond the horizon, naming horizon_days", () => {
    const r = rules({ horizon_days: 30 })
    expect(refusal(r, "2027-07-01", "08:00", "2027-06-01T10:00:00Z")).toBeNull()
    expect(refusal(r, "2027-07-02", "08:00", "2027-06-01T10:00:00Z")).toBe(
      `2027-07-02 08:00 is too far ahead: "Ferry" can be booked up to 30 days ahead, ` +
        `departing 2027-07-01 at the latest (horizon_days = 30, timezone Europe/Berlin)`
    )
  })

  it("uses the local date in Pacific/Auckland, a day ahead of UTC", () => {
    const r = rules({ timezone: "Pacific/Auckland" })
    // 2027-06-14T20:00Z is 2027-06-15 08:00 in Auckland (NZST, +12:00).
    const now = "2027-06-14T20:00:00Z"
    expect(ruleClock(r, new Date(now)).today).toBe("2027-06-15")
    expect(departureInstant("2027-06-15", "09:00", "Pacific/Auckland").toUTC().toISO()).toBe("2027-06-14T21:00:00.000Z")
    expect(refusal(r, "2027-06-14", "23:30", now)).toBe(
      "2027-06-14 23:30 can no longer be booked: it is before today (2027-06-15, timezone Pacific/Auckland)"
    )
    expect(refusal(r, "2027-06-15", "09:00", now)).toBeNull()
    expect(refusal(r, "2027-06-15", "09:00", "2027-06-14T21:00:00Z")).toBe(
      `"Ferry" 2027-06-15 09:00 has departed (timezone Pacific/Auckland)`
    )
  })

  it("departureBookable agrees with departureRefusal", () => {
    const r = rules({ cutoff_minutes: 120 })
    const bookable = (date: string, time: string, now: string) =>
      departureBookable(date, time, r, new Date(now), ruleClock(r, new Date(now)))
    expect(bookable("2027-06-15", "08:00", "2027-06-15T03:50:00Z")).toBe(true)
    expect(bookable("2027-06-15", "08:00", "2027-06-15T04:10:00Z")).toBe(false)
    expect(bookable("2027-06-14", "08:00", "2027-06-15T03:50:00Z")).toBe(false)
  })
})
