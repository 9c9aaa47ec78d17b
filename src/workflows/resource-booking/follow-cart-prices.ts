import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { CartWorkflowEvents } from "@medusajs/framework/utils"
import {
  acquireLockStep,
  addToCartWorkflow,
  emitEventStep,
  refreshCartItemsWorkflow,
  releaseLockStep,
  updateLineItemsStep,
} from "@medusajs/medusa/core-flows"
import { attachHoldsToLinesStep } from "./steps/attach-holds-to-lines"
import { findBookingLinesStep } from "./steps/find-booking-line"
import { hasBookingHoldsStep } from "./steps/has-booking-holds"
import { markHoldsPricedStep } from "./steps/mark-holds-priced"
import { planCartBookingPricesStep } from "./steps/plan-cart-booking-prices"

export const followCartPricesWorkflowId = "resource-booking-follow-cart-prices"

/**
 * After a cart changes: its booking lines stay priced for their stay. Lines Medusa deleted
 * for a region change (it drops custom-priced lines then) are added back priced in the new
 * currency and region, their holds attached to them; live booking lines whose price is no
 * longer the stay's are re-priced (then the cart's totals, taxes, promotions and payment
 * collection are refreshed, as Medusa does after a line change). Under the cart's lock, like
 * Medusa's cart workflows. Runs before the reconcile, which would otherwise release the holds
 * of the deleted lines. A cart without bookings costs one indexed lookup.
 */
export const followCartPricesWorkflow = createWorkflow(followCartPricesWorkflowId, (input: { cart_id: string }) => {
  const hasBookings = hasBookingHoldsStep(input)

  when("cart-has-bookings-lock", { hasBookings }, ({ hasBookings }) => hasBookings).then(() => {
    acquireLockStep({ key: input.cart_id, timeout: 2, ttl: 10 })
  })
  const plan = when("cart-has-bookings-plan", { hasBookings }, ({ hasBookings }) => hasBookings).then(() =>
    planCartBookingPricesStep(input)
  )

  when("restore-booking-lines", { plan }, ({ plan }) => !!plan?.restore.length).then(() => {
    const items = transform({ plan }, ({ plan }) => plan!.restore.map((r) => r.item))
    addToCartWorkflow.runAsStep({ input: { cart_id: input.cart_id, items } })
    const lineIds = findBookingLinesStep({ cart_id: input.cart_id, items })
    const attachments = transform({ plan, lineIds }, ({ plan, lineIds }) =>
      plan!.restore.flatMap((r, i) => r.hold_ids.map((hold_id) => ({ hold_id, line_item_id: lineIds[i] })))
    )
    attachHoldsToLinesStep({ attachments })
    const marked = transform({ plan }, ({ plan }) => ({
      hold_ids: plan!.restore.flatMap((r) => r.hold_ids),
      region_id: plan!.region_id,
    }))
    markHoldsPricedStep(marked)
  })

  when("reprice-booking-lines", { plan }, ({ plan }) => !!plan?.reprice.length).then(() => {
    const update = transform({ plan }, ({ plan }) => ({ id: plan!.cart_id, items: plan!.reprice }))
    updateLineItemsStep(update)
    refreshCartItemsWorkflow.runAsStep({ input: { cart_id: input.cart_id } })
    emitEventStep({ eventName: CartWorkflowEvents.UPDATED, data: { id: input.cart_id } })
  })

  when("cart-has-bookings-unlock", { hasBookings }, ({ hasBookings }) => hasBookings).then(() => {
    releaseLockStep({ key: input.cart_id })
  })

  const result = transform({ plan }, ({ plan }) => plan ?? null)
  return new WorkflowResponse(result)
})
