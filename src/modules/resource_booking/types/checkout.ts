/**
 * Units of one resource on every booked date from `date` to `end_date` that a cart (or order)
 * needs. A line of one date has end_date = date (or no end_date).
 */
export type BookingRequirement = {
  resource_id: string
  date: string
  end_date?: string
  /** A departure's start time "HH:MM" (line metadata `booking_start_time`); absent or null for a date. */
  start_time?: string | null
  quantity: number
}

/** A requirement the cart's holds do not cover, and why. */
export type CartHoldProblem = BookingRequirement & {
  end_date: string
  /** The requirement's booked dates the holds do not cover. */
  missing_dates: string[]
  /** Units the holds cover on the least covered of those dates. */
  held: number
  reason: "no_hold" | "expired"
  /** When the latest of the key's holds expired (reason "expired"). */
  expired_at: string | null
}

/** A cart line of a bookable variant: which hold it needs. */
export type BookingLine = {
  line_item_id: string
  resource_id: string
  date: string
  /** Last booked date; = date (or absent) for one date. */
  end_date?: string
  /** A departure's start time; absent or null for a date. */
  start_time?: string | null
}
