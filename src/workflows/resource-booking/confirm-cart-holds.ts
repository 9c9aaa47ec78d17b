import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { confirmCartHoldsStep } from "./steps/confirm-cart-holds"
import { resolveOrderBookingStep } from "./steps/resolve-order-booking"

export const confirmCartHoldsWorkflowId = "resource-booking-confirm-cart-holds"

/**
 * When an order is placed: the holds of its cart become CONFIRMED with the order id
 * (expired ones take their units again if they can, else are marked as failed).
 */
export const confirmCartHoldsWorkflow = createWorkflow(
  confirmCartHoldsWorkflowId,
  (input: { order_id: string }) => {
    const booking = resolveOrderBookingStep(input)
    const confirmation = when("order-has-cart", { booking }, ({ booking }) => !!booking.cart_id).then(() => {
      const stepInput = transform({ booking }, ({ booking }) => ({
        cart_id: booking.cart_id!,
        order_id: booking.order_id,
        requirements: booking.requirements,
      }))
      return confirmCartHoldsStep(stepInput)
    })
    return new WorkflowResponse(confirmation!)
  }
)
