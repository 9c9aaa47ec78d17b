/**
 * A departure resource's weekly schedule as "Set capacity" edits it: start times typed as text,
 * ISO weekdays (1 = Monday … 7 = Sunday), and how many departures a range × weekdays × start
 * times makes. Calendar dates "YYYY-MM-DD" are read as UTC dates, so the browser's time zone
 * cannot move a date to another weekday.
 */

const DAY_MS = 86_400_000
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Every ISO weekday, Monday first. */
export const ISO_WEEKDAYS = [1, 2, 3, 4, 5, 6, 7]

/** The start times typed: split at commas and white space, each trimmed, empty ones dropped; not validated (the API does). */
export function parseStartTimes(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((time) => time.trim())
    .filter((time) => time !== "")
}

/** Milliseconds of a calendar date at 00:00 UTC; null when it is not a real date "YYYY-MM-DD". */
function utcDate(date: string): number | null {
  const match = CALENDAR_DATE.exec(date)
  if (!match) return null
  const [year, month, day] = match.slice(1).map(Number)
  const ms = Date.UTC(year, month - 1, day)
  const back = new Date(ms)
  return back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day ? ms : null
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date; null when it is not one. */
export function isoWeekday(date: string): number | null {
  const ms = utcDate(date)
  return ms === null ? null : ((new Date(ms).getUTCDay() + 6) % 7) + 1
}

/** The dates of from..to (inclusive) that fall on one of `weekdays`: 0 when the range is empty or not dates. */
export function scheduledDates(from: string, to: string, weekdays: number[]): number {
  const start = utcDate(from)
  const end = utcDate(to)
  if (start === null || end === null || end < start) return 0
  const days = Math.round((end - start) / DAY_MS) + 1
  const on = new Set(weekdays.filter((day) => ISO_WEEKDAYS.includes(day)))
  const first = isoWeekday(from)!
  let count = Math.floor(days / 7) * on.size
  for (let i = 0; i < days % 7; i++) {
    if (on.has(((first - 1 + i) % 7) + 1)) count++
  }
  return count
}

/** The departures a schedule creates: its dates × its start times (as typed). */
export function departureCount(from: string, to: string, weekdays: number[], startTimes: string[]) {
  const dates = scheduledDates(from, to, weekdays)
  return { dates, times: startTimes.length, departures: dates * startTimes.length }
}
