import { DateTime } from "luxon"
import { addDays } from "./calendar-date"
import { invalid } from "./errors"
import { BookedDates, MAX_BOOKING_DAYS } from "./booking-span"

/**
 * The operator's rules of one resource, and the one answer to "may this booking start now,
 * and if not, which rule says no". The routes, the date picker (availability, start dates)
 * and createHold ask here; none re-implements a rule.
 *
 * Dates are calendar dates in the resource's `timezone`: "today" is the date there now; the
 * first booked date can be booked until it ends (its next local midnight) minus
 * `cutoff_minutes`, computed by Luxon across DST changes; dates before today never.
 */
export type BookingRules = {
  /** IANA name; the store's default when the resource names none. */
  timezone: string
  min_days: number
  max_days: number | null
  turnaround_days: number
  cutoff_minutes: number
  horizon_days: number | null
}

/** What the rules allow at one instant. */
export type RuleClock = {
  today: string
  /** The first date a booking made now may start on (today, or later past the cut-off). */
  earliest_start: string
  /** The last date a booking made now may start on; null without a horizon. */
  latest_start: string | null
}

/**
 * The rules with what they allow now, as the store's availability answer carries them, and how
 * the resource is sold: `booking_unit` ("date": dates and ranges; "departure": a date and a
 * start_time) and, for departures, `min_quantity` (units CONFIRMED for a departure to run; null
 * when none).
 */
export type BookingRulesDTO = BookingRules &
  RuleClock & {
    booking_unit: "date" | "departure"
    min_quantity: number | null
  }

/** Bounds of each rule (validated on create/update with a 400 naming the field). */
export const RULE_BOUNDS = {
  min_days: { min: 1, max: MAX_BOOKING_DAYS },
  max_days: { min: 1, max: MAX_BOOKING_DAYS },
  turnaround_days: { min: 0, max: 90 },
  cutoff_minutes: { min: 0, max: 366 * 24 * 60 },
  horizon_days: { min: 0, max: 3660 },
} as const

/** True for a time zone name the platform knows (IANA names and their aliases). */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== "string" || !value.length || value.length > 64) {
    return false
  }
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value })
    return DateTime.local().setZone(value).isValid
  } catch {
    return false
  }
}

export function assertTimeZone(field: string, value: unknown): string {
  if (!isTimeZone(value)) {
    throw invalid(`${field} must be an IANA time zone name such as "Europe/Berlin" or "UTC", got ${JSON.stringify(value)}`)
  }
  return value
}

/** The instant the first date `date` stops being bookable: its end (next local midnight) minus the cut-off. */
function deadlineOf(date: string, rules: BookingRules): DateTime {
  return DateTime.fromISO(addDays(date, 1), { zone: rules.timezone }).minus({ minutes: rules.cutoff_minutes })
}

/** Today, and the first and last dates a booking made at `now` may start on. */
export function ruleClock(rules: BookingRules, now: Date): RuleClock {
  const instant = DateTime.fromJSDate(now)
  const today = instant.setZone(rules.timezone).toISODate()!
  let earliest = today
  // Deadlines grow by about a day per date: the loop ends after cutoff_minutes / 1440 + 1 steps.
  while (instant >= deadlineOf(earliest, rules)) {
    earliest = addDays(earliest, 1)
  }
  return {
    today,
    earliest_start: earliest,
    latest_start: rules.horizon_days === null ? null : addDays(today, rules.horizon_days),
  }
}

/**
 * Why `booked` may not be booked now on a resource named `name`, naming the rule and its
 * value; null when every rule allows it.
 */
export function ruleRefusal(name: string, rules: BookingRules, booked: BookedDates, clock: RuleClock): string | null {
  const resource = JSON.stringify(name)
  const length = lengthRefusal(name, rules, booked.days)
  if (length) {
    return length
  }
  if (booked.date < clock.today) {
    return `${booked.date} can no longer be booked: it is before today (${clock.today}, timezone ${rules.timezone})`
  }
  if (booked.date < clock.earliest_start) {
    return `${booked.date} can no longer be booked (cutoff_minutes = ${rules.cutoff_minutes}, timezone ${rules.timezone})`
  }
  if (clock.latest_start !== null && booked.date > clock.latest_start) {
    return (
      `${booked.date} is too far ahead: ${resource} can be booked up to ${rules.horizon_days} days ahead, ` +
      `starting ${clock.latest_start} at the latest (horizon_days = ${rules.horizon_days}, timezone ${rules.timezone})`
    )
  }
  return null
}

/** Why a booking of `days` dates breaks min_days or max_days; null when it does not. */
export function lengthRefusal(name: string, rules: BookingRules, days: number): string | null {
  const resource = JSON.stringify(name)
  if (days < rules.min_days) {
    return `${resource} is booked for at least ${rules.min_days} days (min_days = ${rules.min_days}); asked for ${days}`
  }
  if (rules.max_days !== null && days > rules.max_days) {
    return `${resource} is booked for at most ${rules.max_days} days (max_days = ${rules.max_days}); asked for ${days}`
  }
  return null
}

/** Whether a date can be part of a booking made now (the date picker's `bookable`, capacity aside). */
export function withinRules(date: string, clock: RuleClock): boolean {
  return date >= clock.earliest_start && (clock.latest_start === null || date <= clock.latest_start)
}

/** A resource's stored rule columns, with the store's default time zone filled in. */
export function rulesOf(
  row: {
    timezone: string | null
    min_days: number
    max_days: number | null
    turnaround_days: number
    cutoff_minutes: number
    horizon_days: number | null
  },
  defaultTimezone: string
): BookingRules {
  return {
    timezone: row.timezone ?? defaultTimezone,
    min_days: Number(row.min_days),
    max_days: row.max_days === null ? null : Number(row.max_days),
    turnaround_days: Number(row.turnaround_days),
    cutoff_minutes: Number(row.cutoff_minutes),
    horizon_days: row.horizon_days === null ? null : Number(row.horizon_days),
  }
}

type RuleFields = Partial<Record<keyof BookingRules | "booking_unit" | "min_quantity", unknown>>

/** How a resource is sold: by date (ranges, nights) or by departure (date and start time). */
export const BOOKING_UNITS = ["date", "departure"] as const

/** Bounds of min_quantity (the CONFIRMED units a departure needs to run). */
export const MIN_QUANTITY_BOUNDS = { min: 1, max: 1_000_000 } as const

/**
 * Validates the rule fields of a resource create/update (only those given), with a 400 naming
 * the field; `current` is the stored resource on update (max_days must not fall below min_days).
 */
export function checkRuleFields(input: RuleFields, current?: { min_days: number; max_days: number | null }): RuleFields {
  const out: RuleFields = {}
  if (input.timezone !== undefined) {
    out.timezone = input.timezone === null ? null : assertTimeZone("timezone", input.timezone)
  }
  for (const field of ["min_days", "turnaround_days", "cutoff_minutes"] as const) {
    if (input[field] !== undefined) {
      out[field] = ruleInteger(field, input[field], false)
    }
  }
  for (const field of ["max_days", "horizon_days"] as const) {
    if (input[field] !== undefined) {
      out[field] = ruleInteger(field, input[field], true)
    }
  }
  if (input.booking_unit !== undefined) {
    if (!BOOKING_UNITS.includes(input.booking_unit as (typeof BOOKING_UNITS)[number])) {
      throw invalid(`booking_unit must be "date" or "departure", got ${JSON.stringify(input.booking_unit)}`)
    }
    out.booking_unit = input.booking_unit
  }
  if (input.min_quantity !== undefined) {
    const { min, max } = MIN_QUANTITY_BOUNDS
    const value = input.min_quantity
    if (value !== null && (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max)) {
      throw invalid(`min_quantity must be a whole number from ${min} to ${max} (or null: none), got ${JSON.stringify(value)}`)
    }
    out.min_quantity = value
  }
  const min = (out.min_days ?? current?.min_days ?? 1) as number
  const max = (out.max_days !== undefined ? out.max_days : current?.max_days ?? null) as number | null
  if (max !== null && max < min) {
    throw invalid(`max_days (${max}) must not be below min_days (${min})`)
  }
  return out
}

function ruleInteger(field: keyof typeof RULE_BOUNDS, value: unknown, nullable: boolean): number | null {
  if (value === null && nullable) {
    return null
  }
  const { min, max } = RULE_BOUNDS[field]
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(
      `${field} must be a whole number from ${min} to ${max}${nullable ? " (or null: none)" : ""}, got ${JSON.stringify(value)}`
    )
  }
  return value
}
