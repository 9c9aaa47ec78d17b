import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { bookingHoldsOf } from "./plan-cart-booking-prices"

export const hasBookingHoldsStepId = "resource-booking-has-booking-holds"

/**
 * Whether the cart has ACTIVE holds taken by the bookings route (read-only, one indexed
 * lookup): most carts have none, and then nothing follows their cart.updated.
 */
export const hasBookingHoldsStep = createStep(hasBookingHoldsStepId, async (input: { cart_id: string }, { container }) => {
  return new StepResponse((await bookingHoldsOf(container, input.cart_id)).length > 0)
})
