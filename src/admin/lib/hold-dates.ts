import type { Hold } from "./api-types"

/**
 * The dates of a hold as the screens show them: its booked dates ("date → end_date (N days)",
 * or just the date for one date), a departure's start time after its date ("2031-07-07 15:30"),
 * and its turnaround (the dates after end_date up to occupied_to).
 * Dates are "YYYY-MM-DD", so string order is date order.
 */

type HoldDates = Pick<Hold, "date"> & Partial<Pick<Hold, "end_date" | "days" | "occupied_to" | "start_time">>

const endOf = (hold: HoldDates) => hold.end_date || hold.date

/**
 * "2025-03-04 → 2025-03-06 (3 days)"; a one-date hold: "2025-03-04"; a departure's hold:
 * "2025-03-04 15:30" (its date and start time).
 */
export function formatHoldDates(hold: HoldDates): string {
  const end = endOf(hold)
  const first = hold.start_time ? `${hold.date} ${hold.start_time}` : hold.date
  if (end === hold.date) return first
  const days = hold.days ?? dayCount(hold.date, end)
  return `${first} → ${end} (${days} days)`
}

/** "Turnaround to 2025-03-07" when the hold occupies dates after its last booked date, else null. */
export function formatTurnaround(hold: HoldDates): string | null {
  const end = endOf(hold)
  if (!hold.occupied_to || hold.occupied_to <= end) return null
  return `Turnaround to ${hold.occupied_to}`
}

/** Whether `date` is one of the hold's turnaround dates (after its last booked date). */
export function isTurnaroundDate(hold: HoldDates, date: string): boolean {
  return date > endOf(hold)
}

function dayCount(from: string, to: string): number {
  const ms = Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)
  return Math.round(ms / 86_400_000) + 1
}
