/**
 * Calendar-date arithmetic on "YYYY-MM-DD" strings. Computed in UTC so that a daylight
 * saving change can never skip or repeat a date; "today" is the browser's local date.
 */

export type YearMonth = { year: number; month: number } // month 1..12

const pad = (n: number) => String(n).padStart(2, "0")

export function toIsoDate(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`
}

export function todayIsoDate(): string {
  const now = new Date()
  return toIsoDate(now.getFullYear(), now.getMonth() + 1, now.getDate())
}

export function currentYearMonth(): YearMonth {
  const now = new Date()
  return { year: now.getFullYear(), month: now.getMonth() + 1 }
}

export function addMonths({ year, month }: YearMonth, delta: number): YearMonth {
  const index = year * 12 + (month - 1) + delta
  return { year: Math.floor(index / 12), month: (index % 12) + 1 }
}

export function daysInMonth({ year, month }: YearMonth): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** First and last date of the month: the calendar's one request per month view. */
export function monthRange(ym: YearMonth): { from: string; to: string } {
  return { from: toIsoDate(ym.year, ym.month, 1), to: toIsoDate(ym.year, ym.month, daysInMonth(ym)) }
}

/** Blank cells before the 1st in a Monday-first week grid (0..6). */
export function leadingBlankDays({ year, month }: YearMonth): number {
  const weekday = new Date(Date.UTC(year, month - 1, 1)).getUTCDay() // 0 = Sunday
  return (weekday + 6) % 7
}

export function monthLabel({ year, month }: YearMonth): string {
  return new Date(Date.UTC(year, month - 1, 1)).toLocaleDateString(undefined, {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  })
}

/** "Mon 3 Mar" style label of a calendar date, independent of the browser's time zone. */
export function shortDateLabel(isoDate: string): string {
  const [y, m, d] = isoDate.split("-").map(Number)
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(undefined, {
    weekday: "short",
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  })
}

export const WEEKDAY_HEADERS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
