import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BookingLine, HoldStatus } from "../../../modules/resource_booking/types"
import { bookings, reinstateReleased } from "./booking-service"

export const reconcileCartHoldsStepId = "resource-booking-reconcile-cart-holds"

/** Releases the holds whose cart line was removed; compensation takes them back if still free. */
export const reconcileCartHoldsStep = createStep(
  reconcileCartHoldsStepId,
  async (input: { cart_id: string; lines: BookingLine[] }, { container }) => {
    const released = await bookings(container).reconcileCartHolds(input)
    return new StepResponse(released, released.map((hold) => hold.id))
  },
  async (releasedIds, { container }) => {
    await reinstateReleased(container, releasedIds, HoldStatus.ACTIVE)
  }
)
