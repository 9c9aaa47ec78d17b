import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { bookings } from "./booking-service"

export const extendHoldStepId = "resource-booking-extend-hold"

/** Extends a hold; compensation sets its previous expires_at back. */
export const extendHoldStep = createStep(
  extendHoldStepId,
  async (input: { id: string; minutes: number }, { container }) => {
    const service = bookings(container)
    const before = await service.retrieveHold(input.id)
    const hold = await service.extendHold(input.id, input.minutes)
    return new StepResponse(hold, { id: before.id, expires_at: before.expires_at.toISOString() })
  },
  async (undo, { container }) => {
    if (!undo) {
      return
    }
    await bookings(container).restoreHoldExpiry(undo.id, new Date(undo.expires_at))
  }
)
