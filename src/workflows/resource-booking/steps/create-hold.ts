import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CreateHoldInput, ResourceHoldDTO } from "../../../modules/resource_booking/types"
import { bookings } from "./booking-service"

export const createHoldStepId = "resource-booking-create-hold"

/** Takes a hold; compensation releases exactly that hold. */
export const createHoldStep = createStep(
  createHoldStepId,
  async (input: CreateHoldInput, { container }) => {
    const hold: ResourceHoldDTO = await bookings(container).createHold(input)
    return new StepResponse(hold, hold.id)
  },
  async (holdId, { container }) => {
    if (!holdId) {
      return
    }
    await bookings(container).releaseHold(holdId)
  }
)
