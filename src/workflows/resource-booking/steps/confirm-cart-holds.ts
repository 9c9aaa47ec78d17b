import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BookingRequirement } from "../../../modules/resource_booking/types"
import { bookings } from "./booking-service"

export const confirmCartHoldsStepId = "resource-booking-confirm-cart-holds"

/** Confirms the cart's holds for the order; compensation turns those confirmations back into ACTIVE holds. */
export const confirmCartHoldsStep = createStep(
  confirmCartHoldsStepId,
  async (input: { cart_id: string; order_id: string; requirements: BookingRequirement[] }, { container }) => {
    const outcome = await bookings(container).confirmCartHolds(input)
    return new StepResponse(outcome, outcome.confirmed.map((hold) => hold.id))
  },
  async (confirmedIds, { container }) => {
    if (!confirmedIds?.length) {
      return
    }
    await bookings(container).unconfirmHolds(confirmedIds)
  }
)
