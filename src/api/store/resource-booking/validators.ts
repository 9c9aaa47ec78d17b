import { z } from "@medusajs/framework/zod"
import { MAX_BOOKING_DAYS } from "../../../modules/resource_booking/utils/booking-span"
import { MAX_HOLD_QUANTITY } from "../../../modules/resource_booking/utils/validate-input"
import { bookingDates, bookingDatesProblem, calendarDate, medusaId, quantity, queryInteger } from "../../utils/schemas"

export const StoreAvailabilityQuery = z.strictObject({
  resource_id: medusaId("resource_id"),
  from: calendarDate("from"),
  to: calendarDate("to"),
})
export type StoreAvailabilityQueryType = z.infer<typeof StoreAvailabilityQuery>

/** Start dates of a booking of `days` dates for `quantity` units (the date picker). */
export const StoreStartDatesQuery = z.strictObject({
  resource_id: medusaId("resource_id"),
  from: calendarDate("from"),
  to: calendarDate("to"),
  days: queryInteger("days", 1, MAX_BOOKING_DAYS),
  quantity: queryInteger("quantity", 1, MAX_HOLD_QUANTITY).optional(),
})
export type StoreStartDatesQueryType = z.infer<typeof StoreStartDatesQuery>

export const StoreCreateHold = z.strictObject({
  resource_id: medusaId("resource_id"),
  ...bookingDates,
  quantity: quantity(),
  cart_id: medusaId("cart_id"),
})
export type StoreCreateHoldType = z.infer<typeof StoreCreateHold>

export const StoreListHolds = z.strictObject({
  cart_id: medusaId("cart_id"),
})
export type StoreListHoldsType = z.infer<typeof StoreListHolds>

/** Release and extend: the caller proves ownership by naming the hold's cart. */
export const StoreHoldAction = z.strictObject({
  cart_id: medusaId("cart_id"),
})
export type StoreHoldActionType = z.infer<typeof StoreHoldAction>

export const StoreAddCartBooking = z
  .strictObject({
    variant_id: medusaId("variant_id"),
    quantity: quantity(),
    ...bookingDates,
  })
  // The date form is checked before the variant is priced, by the module's own rule
  // (booking-span.ts), so a bad body is answered first and with the hold route's message.
  .superRefine((body, ctx) => {
    const problem = bookingDatesProblem(body)
    if (problem) {
      ctx.addIssue({ code: "custom", message: problem })
    }
  })
export type StoreAddCartBookingType = z.infer<typeof StoreAddCartBooking>
