import { HoldStatus } from "./hold-status"

/**
 * A resource+date, or a departure (resource+date+start time): the unit of locking and of
 * capacity. `date` is `YYYY-MM-DD`; `start_time` is "HH:MM" for a departure, "" for a date.
 */
export type CapacityKey = {
  resource_id: string
  date: string
  start_time: string
}

export type ResourceHoldDTO = {
  id: string
  resource_id: string
  /** First booked date. */
  date: string
  /** Last booked date (= date for a one-date hold). */
  end_date: string
  /** Booked dates: end_date − date + 1 (turnaround dates not counted). */
  days: number
  /** Last date the hold occupies: end_date + the resource's turnaround_days when it was taken. */
  occupied_to: string
  /** A departure's start time "HH:MM" (local, the resource's time zone); null for a date resource. */
  start_time: string | null
  quantity: number
  status: HoldStatus
  expires_at: Date
  cart_id: string | null
  customer_id: string | null
  order_id: string | null
  line_item_id: string | null
  confirmation_error: string | null
  confirmed_at: Date | null
  released_at: Date | null
  expired_at: Date | null
  metadata: Record<string, unknown> | null
  created_at: Date
  updated_at: Date
}

export type ResourceCapacityDTO = {
  id: string
  resource_id: string
  date: string
  /** A departure's start time "HH:MM"; null for a date resource. */
  start_time: string | null
  max_capacity: number
  available_capacity: number
}

export type AvailabilityDTO = {
  date: string
  bookable: boolean
  max_capacity: number
  available_capacity: number
  /** Units of ACTIVE holds already past expires_at: free for the next checkout. */
  reclaimable: number
  effective_available: number
  /**
   * A departure resource's departures on the date, ascending by start time (absent for a date
   * resource). The date's own figures are their sums; `bookable`: one of them is.
   */
  departures?: DepartureAvailabilityDTO[]
}

/** One departure of a date as the store's availability shows it. */
export type DepartureAvailabilityDTO = {
  start_time: string
  /** A capacity row, and the departure may be booked now (not departed, not past its cut-off, within the horizon). */
  bookable: boolean
  max_capacity: number
  available_capacity: number
  reclaimable: number
  /** Units a checkout can take now (lapsed holds count as free); 0 when not bookable. */
  available: number
}

/**
 * How a date reads on a capacity calendar:
 * - "no_capacity": no capacity row, the date is not sold;
 * - "open": units available;
 * - "full_with_holds": no unit available only because of ACTIVE holds (checkouts in progress,
 *   overdue ones included): some may come back;
 * - "sold_out": no unit available and none held (confirmed bookings, or max 0).
 */
export type CalendarDayState = "no_capacity" | "open" | "full_with_holds" | "sold_out" | "below_minimum"

/**
 * One departure on the Admin's calendar. `state` as a day's, or "below_minimum": its cut-off
 * passed with fewer units CONFIRMED than the resource's min_quantity (`below_minimum_at`: when
 * the cleanup reported it).
 */
export type CalendarDepartureDTO = {
  start_time: string
  max_capacity: number
  available_capacity: number
  held: number
  overdue: number
  confirmed: number
  effective_available: number
  state: CalendarDayState
  below_minimum_at: Date | null
}

export type CalendarDayDTO = {
  date: string
  bookable: boolean
  max_capacity: number
  available_capacity: number
  /** Units of ACTIVE holds, overdue ones included. */
  held: number
  /** Units of ACTIVE holds past expires_at (free for the next checkout). */
  overdue: number
  /** Units of CONFIRMED holds. */
  confirmed: number
  /** Units of ACTIVE and CONFIRMED holds occupying the date as turnaround (included in held and confirmed). */
  turnaround: number
  effective_available: number
  /** (max − available) / max, 0–100; 0 when max is 0 or the date is not bookable. */
  utilization_percent: number
  state: CalendarDayState
  /** A departure resource's departures on the date (absent for a date resource); the day's figures are their sums. */
  departures?: CalendarDepartureDTO[]
}

export type CapacityCalendarInput = {
  resource_id: string
  from: string
  to: string
}

export type CapacityDriftDTO = {
  resource_id: string
  date: string
  /** A departure's start time; null for a date resource. */
  start_time: string | null
  max_capacity: number
  held: number
  expected_available: number
  actual_available: number
}

/** A full count of the hold table (see auditHolds). */
export type HoldAuditDTO = {
  id: string
  audited_at: Date
  duration_ms: number
  holds: { active: number; expired: number; confirmed: number; released: number }
  /** Capacity rows of today and later whose available ≠ max − held. */
  drift_records: number
}

export type SetCapacityInput = {
  resource_id: string
  from: string
  to: string
  max_capacity: number
  /** A departure resource's start times "HH:MM" (required for it; refused for a date resource). */
  start_times?: string[]
  /** ISO weekdays to set (1 = Monday … 7 = Sunday); default every day. */
  weekdays?: number[]
}

/** A booking's dates in one of the three forms of CreateHoldInput. */
export type BookingDatesInput = Pick<CreateHoldInput, "date" | "from" | "to" | "check_in" | "check_out" | "start_time">

export type StartDatesInput = {
  resource_id: string
  from: string
  to: string
  /** Booked dates of the booking (turnaround added by the resource's rule). */
  days: number
  quantity: number
}

export type AvailabilityInput = {
  resource_id: string
  from: string
  to: string
}

/**
 * A hold on every date of a booking, given in one of three forms (utils/booking-span.ts):
 * `date`; `from` and `to` (inclusive); `check_in` and `check_out` (nights, check-out exclusive).
 */
export type CreateHoldInput = {
  resource_id: string
  date?: string
  from?: string
  to?: string
  check_in?: string
  check_out?: string
  /** A departure's start time "HH:MM" (with `date`); required for a departure resource, refused for a date resource. */
  start_time?: string
  quantity: number
  cart_id?: string | null
  customer_id?: string | null
  ttl_minutes?: number
  metadata?: Record<string, unknown> | null
}

export type AuditCapacityInput = {
  resource_id?: string
  from?: string
  to?: string
}

export type CleanupInput = {
  /** For tests: the cutoff instead of the database's now(). */
  now?: Date
  /** Resource+date keys per transaction; defaults to the module option. */
  batchSize?: number
  /** Overdue holds per transaction (keys permitting); for tuning, defaults to 5000. */
  maxHoldsPerBatch?: number
  /** Batches in flight at once (1–16); defaults to the module option (2). */
  concurrency?: number
}

export type CleanupFailure = {
  hold_id: string
  resource_id: string
  /** The hold's first date. */
  date: string
  reason: string
}

/** What one cleanup run did: the expiry, and the retention sweep of old terminal holds. */
export type CleanupRunResult = CleanupResult & {
  /** EXPIRED and RELEASED holds older than the retention period, deleted by this run. */
  holdsDeleted: number
}

export type CleanupResult = {
  expiredCount: number
  totalCapacityRestored: number
  failedCount: number
  failedHoldIds: string[]
  failures: CleanupFailure[]
  /** Transactions that committed expirations (batches, then isolated keys and holds). */
  batches: number
  /** Time to expire and restore (the batches, until the last commit). */
  durationMs: number
  /**
   * `hold.expired` and `capacity.released` events emitted, and the time spent emitting them
   * (each batch's events go out while the next batch runs; the call returns once all are out).
   */
  eventsEmitted: number
  eventEmissionMs: number
}
