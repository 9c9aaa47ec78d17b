/** Units of one resource on one date that a cart (or order) needs, summed over its lines. */
export type BookingRequirement = {
  resource_id: string
  date: string
  quantity: number
}

/** A requirement the cart's holds do not cover, and why. */
export type CartHoldProblem = BookingRequirement & {
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
}
