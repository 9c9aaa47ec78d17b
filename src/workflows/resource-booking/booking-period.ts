/**
 * The booked dates as a shopper names them, exactly one form: one `date`; `from` + `to`
 * (both booked); or `check_in` + `check_out` (nights: the check-out day is not booked).
 * The module's createHold / resolveBooking turn it into first and last booked date. A
 * departure is one `date` with its `start_time` ("HH:MM").
 */
export type BookingPeriod = {
  date?: string
  from?: string
  to?: string
  check_in?: string
  check_out?: string
  start_time?: string
}

/** Hold metadata key: the cart region the booking's line was last priced for. */
export const PRICED_REGION_KEY = "priced_region_id"
