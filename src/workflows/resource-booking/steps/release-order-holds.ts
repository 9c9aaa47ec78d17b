import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { HoldStatus } from "../../../modules/resource_booking/types"
import { bookings, reinstateReleased } from "./booking-service"

export const releaseOrderHoldsStepId = "resource-booking-release-order-holds"

/** Releases the order's confirmed holds; compensation re-confirms those whose units are still free. */
export const releaseOrderHoldsStep = createStep(
  releaseOrderHoldsStepId,
  async (input: { order_id: string }, { container }) => {
    const released = await bookings(container).releaseOrderHolds(input)
    return new StepResponse(released, released.map((hold) => hold.id))
  },
  async (releasedIds, { container }) => {
    await reinstateReleased(container, releasedIds, HoldStatus.CONFIRMED)
  }
)
