import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { HoldStatus } from "../../../modules/resource_booking/types"
import { bookings } from "./booking-service"

export const releaseHoldStepId = "resource-booking-release-hold"

type Released = { id: string; previous: HoldStatus.ACTIVE | HoldStatus.CONFIRMED } | null

/**
 * Releases a hold; compensation puts it back to its previous status, if its units are
 * still free (otherwise it stays released: they were sold meanwhile).
 */
export const releaseHoldStep = createStep(
  releaseHoldStepId,
  async (input: { id: string }, { container }) => {
    const service = bookings(container)
    const before = await service.retrieveHold(input.id)
    const hold = await service.releaseHold(input.id)
    const undo: Released =
      before.status === HoldStatus.ACTIVE || before.status === HoldStatus.CONFIRMED
        ? { id: before.id, previous: before.status }
        : null
    return new StepResponse(hold, undo)
  },
  async (undo, { container }) => {
    if (!undo) {
      return
    }
    await bookings(container).reinstateHold(undo.id, undo.previous)
  }
)
