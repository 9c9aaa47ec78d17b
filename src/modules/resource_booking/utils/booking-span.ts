import { CapacityKey } from "../types"
import { addDays, daysInRange, eachDate, MAX_RANGE_DAYS } from "./calendar-date"
import { invalid } from "./errors"
import { assertCalendarDate } from "./validate-input"

/**
 * The one place that turns what a shopper asks for into the dates a booking occupies.
 *
 * A booking is asked for in one of three forms:
 * - `date`: one date;
 * - `from` and `to`: every date from `from` to `to`, inclusive (a 4-day rental: from the 1st to the 4th);
 * - `check_in` and `check_out`: nights, check-out exclusive (in on the 1st, out on the 4th occupies
 *   the 1st, 2nd and 3rd, so the next guest checks in on the 4th: same-day turnover).
 * Each becomes a span: `date` (first booked date), `end_date` (last booked date) and `days`
 * (booked dates). The resource's `turnaround_days` dates after `end_date` are occupied too, up
 * to `occupied_to`; they are not priced. The booking's keys are every resource+date of
 * [date, occupied_to]: every verb, the cleanup, the audit and reconcile work on that list.
 */
export type BookingRequest = {
  date?: unknown
  from?: unknown
  to?: unknown
  check_in?: unknown
  check_out?: unknown
}

export type BookedDates = { date: string; end_date: string; days: number }

/** The dates a booking occupies; a departure's one date carries its `start_time` (null for a date resource). */
export type BookingSpan = BookedDates & { occupied_to: string; turnaround_days: number; start_time: string | null }

/** Dates one booking may span (booked dates, turnaround not included): a leap year. */
export const MAX_BOOKING_DAYS = MAX_RANGE_DAYS

const FORMS = "date; from and to; check_in and check_out"

const given = (value: unknown) => value !== undefined && value !== null

/** The booked dates of a request, or INVALID_DATA naming what is wrong with its form. */
export function bookedDatesOf(request: BookingRequest): BookedDates {
  const forms = [
    given(request?.date) && "date",
    (given(request?.from) || given(request?.to)) && "from/to",
    (given(request?.check_in) || given(request?.check_out)) && "check_in/check_out",
  ].filter(Boolean)
  if (forms.length !== 1) {
    throw invalid(
      forms.length
        ? `Give the booking's dates in one form only, got ${forms.join(" and ")} (one of: ${FORMS})`
        : `The booking's dates are missing: give one of ${FORMS}`
    )
  }
  const pair = forms[0] === "from/to" ? (["from", "to"] as const) : forms[0] === "check_in/check_out" ? (["check_in", "check_out"] as const) : null
  const missing = pair?.find((field) => !given(request[field]))
  if (pair && missing) {
    throw invalid(`${missing} is required with ${pair.find((field) => field !== missing)}`)
  }
  let first: string
  let last: string
  if (forms[0] === "date") {
    first = last = assertCalendarDate("date", request.date)
  } else if (forms[0] === "from/to") {
    first = assertCalendarDate("from", request.from)
    last = assertCalendarDate("to", request.to)
    if (last < first) {
      throw invalid(`to (${last}) must not be before from (${first})`)
    }
  } else {
    first = assertCalendarDate("check_in", request.check_in)
    const checkOut = assertCalendarDate("check_out", request.check_out)
    if (checkOut <= first) {
      throw invalid(`check_out (${checkOut}) must be after check_in (${first}): a stay is at least one night`)
    }
    last = addDays(checkOut, -1)
  }
  const days = daysInRange(first, last)
  if (days > MAX_BOOKING_DAYS) {
    throw invalid(`A booking spans at most ${MAX_BOOKING_DAYS} dates; ${first} to ${last} is ${days}`)
  }
  return { date: first, end_date: last, days }
}

/** The booked dates and the turnaround dates after them (a departure: its one date, no turnaround). */
export function spanOf(booked: BookedDates, turnaroundDays: number, startTime: string | null = null): BookingSpan {
  return { ...booked, turnaround_days: turnaroundDays, occupied_to: addDays(booked.end_date, turnaroundDays), start_time: startTime }
}

/**
 * Every key a booking occupies (booked and turnaround dates), in date order; a departure's one
 * key carries its start time. `start_time` null or absent: a date resource ("" in the key).
 */
export function keysOf(resourceId: string, span: { date: string; occupied_to: string; start_time?: string | null }): CapacityKey[] {
  const startTime = span.start_time ?? ""
  return eachDate(span.date, span.occupied_to).map((date) => ({ resource_id: resourceId, date, start_time: startTime }))
}

/** The key of a resource's date, or of its departure at `startTime` (null or "": a date). */
export function keyOf(resourceId: string, date: string, startTime?: string | null): CapacityKey {
  return { resource_id: resourceId, date, start_time: startTime ?? "" }
}

/** A key as messages name it: "2027-03-02", or "2027-03-02 08:00" for a departure. */
export function describeKey(key: { date: string; start_time?: string | null }): string {
  return key.start_time ? `${key.date} ${key.start_time}` : key.date
}

/**
 * SQL: whether hold `h` occupies the date `dateSql` of its resource. With the
 * IDX_resource_hold_occupying index, `occupied_to >= d` visits only holds ending on or after d.
 */
export function occupiesSql(h: string, dateSql: string): string {
  return `${h}.occupied_to >= ${dateSql} AND ${h}.date <= ${dateSql}`
}

/**
 * SQL, for a FROM list after `h`: every date hold `h` occupies, one row each, as column `date`
 * (write `${occupiedDatesSql("h")} AS o`, then `o.date`).
 */
export function occupiedDatesSql(h: string): string {
  return `LATERAL (SELECT generate_series(${h}.date, ${h}.occupied_to, interval '1 day')::date AS date)`
}
