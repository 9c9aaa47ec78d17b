import { DateTime } from "luxon"
import { BookingRules, RuleClock } from "./booking-rules"
import { invalid } from "./errors"

/**
 * Departures: a resource with `booking_unit: "departure"` holds capacity per calendar date
 * and start time ("HH:MM", 24 h, wall time in the resource's `timezone`). A departure can be
 * booked until it leaves minus `cutoff_minutes` (elapsed minutes, computed by Luxon across DST
 * changes); dates before today and dates past the horizon never. The date cut-off of
 * `ruleClock` (`earliest_start`) does not apply to departures; `today` and `latest_start` do.
 */

const START_TIME = /^([01]\d|2[0-3]):[0-5]\d$/

/** Most start times one schedule may list (one every half hour). */
export const MAX_START_TIMES = 48

/** Every ISO weekday, 1 = Monday … 7 = Sunday. */
const ALL_WEEKDAYS = [1, 2, 3, 4, 5, 6, 7]

/** True for a time "HH:MM" from 00:00 to 23:59, two digits each. */
export function isStartTime(value: unknown): value is string {
  return typeof value === "string" && START_TIME.test(value)
}

/** Returns `value` when it is a start time; otherwise throws INVALID_DATA naming `field` and the value. */
export function assertStartTime(field: string, value: unknown): string {
  if (!isStartTime(value)) {
    throw invalid(`${field} must be a time "HH:MM" (00:00 to 23:59), got ${JSON.stringify(value)}`)
  }
  return value
}

/**
 * Returns `start_times` sorted ascending when it is a non-empty list of at most
 * MAX_START_TIMES distinct start times; otherwise throws INVALID_DATA naming the problem.
 */
export function assertStartTimes(value: unknown): string[] {
  if (!Array.isArray(value) || !value.length) {
    throw invalid(`start_times must be a non-empty list of times "HH:MM", got ${JSON.stringify(value)}`)
  }
  if (value.length > MAX_START_TIMES) {
    throw invalid(`start_times lists at most ${MAX_START_TIMES} times, got ${value.length}`)
  }
  const times = value.map((time, i) => assertStartTime(`start_times[${i}]`, time))
  const twice = times.find((time, i) => times.indexOf(time) !== i)
  if (twice !== undefined) {
    throw invalid(`start_times has ${JSON.stringify(twice)} twice`)
  }
  return times.sort()
}

/**
 * Returns `weekdays` sorted ascending: every weekday when undefined, else a non-empty list of
 * distinct ISO weekdays (1 = Monday … 7 = Sunday); otherwise throws INVALID_DATA naming the problem.
 */
export function assertWeekdays(value: unknown): number[] {
  if (value === undefined) {
    return [...ALL_WEEKDAYS]
  }
  if (!Array.isArray(value) || !value.length) {
    throw invalid(
      `weekdays must be a non-empty list of ISO weekdays 1 to 7 (1 = Monday, 7 = Sunday), got ${JSON.stringify(value)}`
    )
  }
  const days = value.map((day, i) => {
    if (typeof day !== "number" || !Number.isInteger(day) || day < 1 || day > 7) {
      throw invalid(
        `weekdays[${i}] must be an ISO weekday 1 to 7 (1 = Monday, 7 = Sunday), got ${JSON.stringify(day)}`
      )
    }
    return day
  })
  const twice = days.find((day, i) => days.indexOf(day) !== i)
  if (twice !== undefined) {
    throw invalid(`weekdays has ${twice} twice`)
  }
  return days.sort((a, b) => a - b)
}

/** ISO weekday (1 = Monday … 7 = Sunday) of the calendar date `date` (YYYY-MM-DD). */
export function isoWeekday(date: string): number {
  return DateTime.fromISO(date, { zone: "UTC" }).weekday
}

/**
 * The departures of a schedule: each of `dates` (kept in the given order) that falls on one of
 * `weekdays`, with each of `startTimes` ascending; ordered by date, then start time.
 */
export function scheduleKeys(
  dates: string[],
  startTimes: string[],
  weekdays: number[]
): { date: string; start_time: string }[] {
  const times = [...startTimes].sort()
  const days = new Set(weekdays)
  return dates
    .filter((date) => days.has(isoWeekday(date)))
    .flatMap((date) => times.map((start_time) => ({ date, start_time })))
}

/**
 * The instant a departure leaves: wall time `startTime` on `date` in `timezone`.
 * A wall time the zone skips (spring forward, e.g. 02:30 on 2027-03-28 in Europe/Berlin) is
 * moved forward by the gap (03:30+02:00). A wall time the zone has twice (fall back, e.g. 02:30
 * on 2027-10-31 in Europe/Berlin) is taken at the later offset, the second occurrence
 * (02:30+01:00). Throws INVALID_DATA when date, time or zone is not valid.
 */
export function departureInstant(date: string, startTime: string, timezone: string): DateTime {
  const instant = DateTime.fromISO(`${date}T${startTime}`, { zone: timezone })
  if (!isStartTime(startTime) || !instant.isValid) {
    throw invalid(
      `departure ${JSON.stringify(date)} ${JSON.stringify(startTime)} in timezone ${JSON.stringify(timezone)} ` +
        `is not a calendar date, time "HH:MM" and IANA time zone`
    )
  }
  return instant
}

/** The instant a departure stops being bookable: its departure minus `cutoff_minutes` elapsed minutes. */
export function departureDeadline(
  date: string,
  startTime: string,
  rules: { timezone: string; cutoff_minutes: number }
): DateTime {
  return departureInstant(date, startTime, rules.timezone).minus({ minutes: rules.cutoff_minutes })
}

/**
 * Why the departure `date` `startTime` of the resource named `name` may not be booked at `now`,
 * naming the rule and its value; null when it may. `clock` is `ruleClock(rules, now)`; its
 * `earliest_start` is not used. Checks, first match wins: before today, departed or past the
 * cut-off (now at or after the deadline), beyond the horizon.
 */
export function departureRefusal(
  name: string,
  rules: BookingRules,
  date: string,
  startTime: string,
  now: Date,
  clock: RuleClock
): string | null {
  const resource = JSON.stringify(name)
  const tz = rules.timezone
  if (date < clock.today) {
    return `${date} ${startTime} can no longer be booked: it is before today (${clock.today}, timezone ${tz})`
  }
  if (DateTime.fromJSDate(now) >= departureDeadline(date, startTime, rules)) {
    return rules.cutoff_minutes === 0
      ? `${resource} ${date} ${startTime} has departed (timezone ${tz})`
      : `${resource} ${date} ${startTime} can no longer be booked (cutoff_minutes = ${rules.cutoff_minutes} before departure, timezone ${tz})`
  }
  if (clock.latest_start !== null && date > clock.latest_start) {
    return (
      `${date} ${startTime} is too far ahead: ${resource} can be booked up to ${rules.horizon_days} days ahead, ` +
      `departing ${clock.latest_start} at the latest (horizon_days = ${rules.horizon_days}, timezone ${tz})`
    )
  }
  return null
}

/** Whether the departure `date` `startTime` may be booked at `now` (capacity aside). */
export function departureBookable(
  date: string,
  startTime: string,
  rules: BookingRules,
  now: Date,
  clock: RuleClock
): boolean {
  return departureRefusal("", rules, date, startTime, now, clock) === null
}
