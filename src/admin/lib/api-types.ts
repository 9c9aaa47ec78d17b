/**
 * Shapes of the admin resource-booking API (docs/resource-booking/ADMIN.md).
 * Dates are calendar dates "YYYY-MM-DD"; timestamps are ISO strings.
 */

export type HoldStatus = "ACTIVE" | "CONFIRMED" | "RELEASED" | "EXPIRED"
export const HOLD_STATUSES: HoldStatus[] = ["ACTIVE", "CONFIRMED", "RELEASED", "EXPIRED"]

export type HealthStatus = "healthy" | "degraded" | "unhealthy"
export type CleanupJobStatus = "ok" | "warning" | "critical" | "unknown"

export type HealthReport = {
  status: HealthStatus
  timestamp: string
  warnings?: string[]
  holds: {
    active: number
    expired: number
    confirmed: number
    released: number
    total: number
    confirmation_failed: number
  }
  cleanup_job: {
    overdue_holds: number
    status: CleanupJobStatus
    message: string
    schedule: string
    next_run: string | null
    last_run: { finished_at: string; status: string; duration_ms: number; expired_count: number } | null
    last_success_at: string | null
  }
  resources: { active_count: number; total_capacity_records: number }
  capacity: {
    total_max: number
    total_available: number
    total_reserved: number
    utilization_percent: number
    drift_records: number
  }
  /** How the status totals and drift were counted: on this request, or by the latest hold audit. */
  totals?: { source: "live" | "audit" | "unknown"; counted_at: string | null; age_seconds: number | null }
}

export type CleanupRun = {
  id: string
  trigger: "schedule" | "manual" | "script"
  status: "running" | "succeeded" | "failed" | "skipped" | "interrupted"
  started_at: string
  finished_at: string | null
  duration_ms: number | null
  expired_count: number
  capacity_restored: number
  failed_count: number
  /** Old EXPIRED and RELEASED holds deleted by the run (retention). */
  holds_deleted: number
  error: string | null
  /** The process that ran it, `<host>:<pid>`. */
  runner: string | null
}

export type CleanupResult = {
  expired_count: number
  capacity_restored: number
  failed_count: number
  failed_hold_ids: string[]
  holds_deleted: number
  duration_ms: number
}

/** How a resource may be booked (checked by the API on every hold). */
export type BookingRules = {
  /** IANA time zone of the resource's "today", cut-off and horizon; null: the store's default. */
  timezone: string | null
  /** Fewest booked dates of one hold (default 1). */
  min_days: number
  /** Most booked dates of one hold; null: no bound. */
  max_days: number | null
  /** Dates after the last booked date that a hold also occupies (not priced). */
  turnaround_days: number
  /** A first date stops being bookable this many minutes before it ends (local midnight). */
  cutoff_minutes: number
  /** The first date is at most this many days after today; null: no horizon. */
  horizon_days: number | null
  /**
   * How the resource is sold: "date" (a date or a range of dates) or "departure" (a date and a
   * start time, each departure with its own capacity). Changeable only while the resource has
   * no capacity rows and no holds.
   */
  booking_unit: BookingUnit
  /** A departure's CONFIRMED units needed by its cut-off for it to run; null: no minimum. */
  min_quantity: number | null
}

export type BookingUnit = "date" | "departure"

export type Resource = BookingRules & {
  id: string
  name: string
  description: string | null
  is_active: boolean
  metadata: Record<string, unknown> | null
  created_at: string
  updated_at: string
}

export type LinkedVariant = { id: string; title: string | null; sku: string | null; product_id: string }
export type ResourceWithVariants = Resource & { product_variants?: LinkedVariant[] }

export type Hold = {
  id: string
  resource_id: string
  /** First booked date. */
  date: string
  /** Last booked date (= date for a one-date hold). */
  end_date: string
  /** Booked dates: end_date - date + 1. */
  days: number
  /** Last occupied date: end_date + the resource's turnaround_days when the hold was taken. */
  occupied_to: string
  /** A departure's start time "HH:MM" (local time of the resource's time zone); null for a date resource. */
  start_time: string | null
  quantity: number
  status: HoldStatus
  expires_at: string
  cart_id: string | null
  customer_id: string | null
  order_id: string | null
  line_item_id: string | null
  confirmation_error: string | null
  confirmed_at: string | null
  released_at: string | null
  expired_at: string | null
  created_at: string
}

/**
 * How a date (or a departure) reads: "no_capacity" (not sold), "open" (units left),
 * "full_with_holds" (none left only because of ACTIVE holds), "sold_out" (none left, none held),
 * "below_minimum" (a departure whose cut-off passed with fewer CONFIRMED units than the
 * resource's min_quantity; a date when every departure of it is).
 */
export type CalendarDayState = "no_capacity" | "open" | "full_with_holds" | "sold_out" | "below_minimum"

/** One departure of a date (a departure resource): its own capacity figures, in units. */
export type CalendarDeparture = {
  /** "HH:MM", local time of the resource's time zone. */
  start_time: string
  max_capacity: number
  available_capacity: number
  held: number
  overdue: number
  confirmed: number
  effective_available: number
  state: CalendarDayState
  /** When the cleanup found it below the minimum (ISO timestamp); null otherwise. */
  below_minimum_at: string | null
}

/** One date of a resource: capacity figures in units. */
export type CalendarDay = {
  date: string
  bookable: boolean
  max_capacity: number
  available_capacity: number
  held: number
  overdue: number
  confirmed: number
  /** Units of ACTIVE/CONFIRMED holds occupying this date as turnaround (included in held / confirmed). */
  turnaround: number
  effective_available: number
  utilization_percent: number
  state: CalendarDayState
  /**
   * A departure resource's departures on the date, ascending by start time ([] when it has
   * none); absent for a date resource. The date's figures are their sums.
   */
  departures?: CalendarDeparture[]
}

/** A capacity row as POST /resources/:id/capacity answers it. */
export type CapacityRow = {
  id: string
  resource_id: string
  date: string
  /** "HH:MM" for a departure resource; null for a date resource. */
  start_time: string | null
  max_capacity: number
  available_capacity: number
}

export type Paginated = { count: number; limit: number; offset: number }
