import { AvailabilityDTO, CalendarDayDTO, CalendarDayState, CalendarDepartureDTO, DepartureAvailabilityDTO } from "../types"
import type { DepartureRow } from "../services/capacity"
import { BookingRules, RuleClock } from "./booking-rules"
import { eachDate } from "./calendar-date"
import { departureBookable } from "./departures"

/**
 * How a departure resource's dates read, built from its departures (CapacityService.departures):
 * per date the list of departures, and the date's figures as their sums. A date without
 * departures reads as a date without capacity.
 */

function byDate(rows: DepartureRow[]): Map<string, DepartureRow[]> {
  const dates = new Map<string, DepartureRow[]>()
  for (const row of rows) {
    dates.set(row.date, [...(dates.get(row.date) ?? []), row])
  }
  return dates
}

const sum = <T>(items: T[], of: (item: T) => number) => items.reduce((total, item) => total + of(item), 0)

/** The store's availability of [from, to]: each departure bookable by its own start time and cut-off. */
export function departureAvailability(
  from: string,
  to: string,
  rows: DepartureRow[],
  rules: BookingRules,
  now: Date,
  clock: RuleClock
): AvailabilityDTO[] {
  const dates = byDate(rows)
  return eachDate(from, to).map((date) => {
    const departures: DepartureAvailabilityDTO[] = (dates.get(date) ?? []).map((row) => {
      const bookable = departureBookable(row.date, row.start_time, rules, now, clock)
      return {
        start_time: row.start_time,
        bookable,
        max_capacity: row.max_capacity,
        available_capacity: row.available_capacity,
        reclaimable: row.overdue,
        available: bookable ? row.available_capacity + row.overdue : 0,
      }
    })
    return {
      date,
      bookable: departures.some((d) => d.bookable),
      max_capacity: sum(departures, (d) => d.max_capacity),
      available_capacity: sum(departures, (d) => d.available_capacity),
      reclaimable: sum(departures, (d) => d.reclaimable),
      effective_available: sum(departures, (d) => d.available),
      departures,
    }
  })
}

/** A day's or a departure's state from its figures (see CalendarDayState). */
function stateOf(bookable: boolean, available: number, held: number, belowMinimum: boolean): CalendarDayState {
  if (!bookable) return "no_capacity"
  if (belowMinimum) return "below_minimum"
  if (available > 0) return "open"
  return held > 0 ? "full_with_holds" : "sold_out"
}

/** The Admin's calendar of [from, to] for a departure resource. */
export function departureCalendar(from: string, to: string, rows: DepartureRow[]): CalendarDayDTO[] {
  const dates = byDate(rows)
  return eachDate(from, to).map((date) => {
    const departures: CalendarDepartureDTO[] = (dates.get(date) ?? []).map((row) => ({
      start_time: row.start_time,
      max_capacity: row.max_capacity,
      available_capacity: row.available_capacity,
      held: row.held,
      overdue: row.overdue,
      confirmed: row.confirmed,
      effective_available: row.available_capacity + row.overdue,
      state: stateOf(true, row.available_capacity, row.held, row.below_minimum_at !== null),
      below_minimum_at: row.below_minimum_at,
    }))
    const bookable = departures.length > 0
    const max = sum(departures, (d) => d.max_capacity)
    const available = sum(departures, (d) => d.available_capacity)
    const held = sum(departures, (d) => d.held)
    return {
      date,
      bookable,
      max_capacity: max,
      available_capacity: available,
      held,
      overdue: sum(departures, (d) => d.overdue),
      confirmed: sum(departures, (d) => d.confirmed),
      turnaround: 0,
      effective_available: sum(departures, (d) => d.effective_available),
      utilization_percent: max > 0 ? Math.round(((max - available) / max) * 1000) / 10 : 0,
      // The day is below minimum only when every departure of it is.
      state: stateOf(bookable, available, held, bookable && departures.every((d) => d.state === "below_minimum")),
      departures,
    }
  })
}
