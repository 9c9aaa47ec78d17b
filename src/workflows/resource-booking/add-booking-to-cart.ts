import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, addToCartWorkflow, releaseLockStep } from "@medusajs/medusa/core-flows"
import { bookingLineItem } from "./booking-line-item"
import { BookingPeriod, PRICED_REGION_KEY } from "./booking-period"
import { attachHoldsToLinesStep } from "./steps/attach-holds-to-lines"
import { createHoldStep } from "./steps/create-hold"
import { findBookingLinesStep } from "./steps/find-booking-line"
import { priceBookingVariantStep } from "./steps/price-booking-variant"

export const addBookingToCartWorkflowId = "resource-booking-add-booking-to-cart"

export type AddBookingToCartInput = BookingPeriod & {
  cart_id: string
  customer_id?: string | null
  variant_id: string
  quantity: number
}

/**
 * One booking into a cart: the hold on every booked date, and a line of the variant priced
 * for the stay (the variant's calculated price in the cart's context × booked dates, as a
 * custom unit price) with metadata booking_date / booking_end_date / booking_days, the hold
 * attached to it. All or nothing: a refusal of the hold adds no line; a failure after the hold
 * releases it and removes the line (compensation).
 *
 * The cart's lock is taken as Medusa's cart workflows take it (addToCartWorkflow run as a step
 * skips its own), so the cart's pricing context cannot change between pricing and adding.
 * Units are guarded by the module's per-date locks, not by this one.
 */
export const addBookingToCartWorkflow = createWorkflow(addBookingToCartWorkflowId, (input: AddBookingToCartInput) => {
  acquireLockStep({ key: input.cart_id, timeout: 2, ttl: 10 })

  const price = priceBookingVariantStep({ cart_id: input.cart_id, variant_id: input.variant_id })

  const holdInput = transform({ input, price }, ({ input, price }) => {
    const { cart_id, customer_id, variant_id: _variant, quantity, ...period } = input
    return {
      ...period,
      resource_id: price.resource_id,
      quantity,
      cart_id,
      customer_id: customer_id ?? null,
      // The region the line was priced for: after Medusa drops custom-priced lines on a region
      // change, this tells the cart.updated follower which lines to add back, priced again.
      metadata: { [PRICED_REGION_KEY]: price.cart_region_id },
    }
  })
  const hold = createHoldStep(holdInput)

  const item = transform({ input, price, hold }, ({ input, price, hold }) =>
    bookingLineItem({ variant_id: input.variant_id, quantity: input.quantity, day_amount: price.day_amount, dates: hold })
  )
  const items = transform({ item }, ({ item }) => [item])
  addToCartWorkflow.runAsStep({ input: { cart_id: input.cart_id, items } })

  const lineIds = findBookingLinesStep({ cart_id: input.cart_id, items })
  const attachments = transform({ hold, lineIds }, ({ hold, lineIds }) => [
    { hold_id: hold.id, line_item_id: lineIds[0] },
  ])
  const attached = attachHoldsToLinesStep({ attachments })

  releaseLockStep({ key: input.cart_id })

  const result = transform({ attached, lineIds }, ({ attached, lineIds }) => ({
    hold: attached[0],
    line_item_id: lineIds[0],
  }))
  return new WorkflowResponse(result)
})
