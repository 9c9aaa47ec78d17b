import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { reconcileCartHoldsStep } from "./steps/reconcile-cart-holds"
import { resolveCartBookingStep } from "./steps/resolve-cart-booking"

export const reconcileCartHoldsWorkflowId = "resource-booking-reconcile-cart-holds"

/** After a cart changes: holds follow its lines; a removed line's hold is released. */
export const reconcileCartHoldsWorkflow = createWorkflow(
  reconcileCartHoldsWorkflowId,
  (input: { cart_id: string }) => {
    const booking = resolveCartBookingStep(input)
    const released = when("cart-is-open", { booking }, ({ booking }) => !!booking).then(() => {
      const stepInput = transform({ booking }, ({ booking }) => booking!)
      return reconcileCartHoldsStep(stepInput)
    })
    return new WorkflowResponse(released!)
  }
)
