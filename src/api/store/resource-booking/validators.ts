import { z } from "@medusajs/framework/zod"
import { MAX_BOOKING_DAYS } from "../../../modules/resource_booking/utils/booking-span"
import { MAX_HOLD_QUANTITY } from "../../../modules/resource_booking/utils/validate-input"
import { bookingDates, calendarDate, medusaId, quantity, queryInteger } from "../../utils/schemas"

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

/** The three ways to name booked dates; exactly one is given (see bookingPeriodIssues). */
const BOOKING_PERIOD_FORMS = [["date"], ["from", "to"], ["check_in", "check_out"]] as const

const bookingPeriodFields = {
  date: calendarDate("date").optional(),
  from: calendarDate("from").optional(),
  to: calendarDate("to").optional(),
  check_in: calendarDate("check_in").optional(),
  check_out: calendarDate("check_out").optional(),
}

type BookingPeriodBody = { [K in keyof typeof bookingPeriodFields]?: string }

/**
 * What is wrong with a body's booked dates, as messages naming the fields: none or several
 * forms, half a pair, a range that ends before it starts. The module checks the resource's
 * rules (min/max days, cut-off, horizon) when it takes the hold.
 */
export function bookingPeriodIssues(body: BookingPeriodBody): string[] {
  const given = BOOKING_PERIOD_FORMS.filter((form) => form.some((field) => body[field] !== undefined))
  if (given.length !== 1) {
    const named = given.map((form) => form.join(" and ")).join(", ")
    return [
      given.length
        ? `Give the booked dates in one form only: date, from and to, or check_in and check_out (got ${named})`
        : "Give the booked dates: date, from and to, or check_in and check_out",
    ]
  }
  const [first, second] = given[0]
  if (!second) {
    return []
  }
  const missing = [first, second].filter((field) => body[field] === undefined)
  if (missing.length) {
    const present = first === missing[0] ? second : first
    return [`${missing[0]} is required with ${present}`]
  }
  const start = body[first]!
  const end = body[second]!
  if (second === "to" && end < start) {
    return ["to must not be before from"]
  }
  if (second === "check_out" && end <= start) {
    return ["check_out must be after check_in"]
  }
  return []
}

export const StoreAddCartBooking = z
  .strictObject({
    variant_id: medusaId("variant_id"),
    quantity: quantity(),
    ...bookingPeriodFields,
  })
  .superRefine((body, ctx) => {
    for (const message of bookingPeriodIssues(body)) {
      ctx.addIssue({ code: "custom", message })
    }
  })
export type StoreAddCartBookingType = z.infer<typeof StoreAddCartBooking>
