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
}

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

export type CalendarDayState = "no_capacity" | "open" | "full_with_holds" | "sold_out"

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
}

export type Paginated = { count: number; limit: number; offset: number }
