import { stayUnitPrice } from "./stay-price"

/** The booked dates of a hold, as the module resolves them (a departure's start time, else null). */
export type BookedDates = { date: string; end_date: string; days: number; start_time?: string | null }

/**
 * Line metadata a booking carries: first and last booked date and the number of booked dates,
 * and a departure's `booking_start_time`. It is what the shopper sees and may edit; the price
 * and the attached hold are what count.
 */
export type BookingLineMetadata = {
  booking_date: string
  booking_end_date: string
  booking_days: number
  booking_start_time?: string
}

export function bookingLineMetadata({ date, end_date, days, start_time }: BookedDates): BookingLineMetadata {
  return {
    booking_date: date,
    booking_end_date: end_date,
    booking_days: days,
    ...(start_time ? { booking_start_time: start_time } : {}),
  }
}

/** The item addToCartWorkflow adds for a booking: a custom unit price for the whole stay. */
export function bookingLineItem(input: {
  variant_id: string
  quantity: number
  day_amount: number
  dates: BookedDates
}): { variant_id: string; quantity: number; unit_price: number; metadata: BookingLineMetadata } {
  return {
    variant_id: input.variant_id,
    quantity: input.quantity,
    unit_price: stayUnitPrice(input.day_amount, input.dates.days),
    metadata: bookingLineMetadata(input.dates),
  }
}
