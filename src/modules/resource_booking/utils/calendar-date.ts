/**
 * Calendar dates (`YYYY-MM-DD`) as the module speaks them: a day on the resource's
 * calendar, not an instant. They are compared as strings (lexicographic order is
 * chronological for this format) and never pass through a local-time `Date`, so the
 * server's time zone cannot shift them.
 */

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Largest range (inclusive day count) a single range verb accepts: one leap year. */
export const MAX_RANGE_DAYS = 366

const DAY_MS = 24 * 60 * 60 * 1000

/** True when `value` is a real `YYYY-MM-DD` day (`2026-02-30` is not). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== "string") {
    return false
  }
  const match = CALENDAR_DATE.exec(value)
  if (!match) {
    return false
  }
  const [year, month, day] = match.slice(1).map(Number)
  if (year < 1 || month < 1 || month > 12 || day < 1) {
    return false
  }
  const utc = new Date(Date.UTC(year, month - 1, day))
  return (
    utc.getUTCFullYear() === year &&
    utc.getUTCMonth() === month - 1 &&
    utc.getUTCDate() === day
  )
}

function toUtcMs(date: string): number {
  const [year, month, day] = date.split("-").map(Number)
  return Date.UTC(year, month - 1, day)
}

function fromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/** Number of days in the inclusive range [from, to]; 0 when `to` is before `from`. */
export function daysInRange(from: string, to: string): number {
  const span = Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS)
  return span < 0 ? 0 : span + 1
}

/** Every calendar date in the inclusive range [from, to], in order. */
export function eachDate(from: string, to: string): string[] {
  const count = daysInRange(from, to)
  const start = toUtcMs(from)
  return Array.from({ length: count }, (_, i) => fromUtcMs(start + i * DAY_MS))
}

/** The calendar date `days` days after `date` (before it when negative). */
export function addDays(date: string, days: number): string {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS)
}
