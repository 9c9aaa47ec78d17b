import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { PRICED_REGION_KEY } from "../booking-period"
import { bookings } from "./booking-service"

export const markHoldsPricedStepId = "resource-booking-mark-holds-priced"

type MetadataSnapshot = { id: string; metadata: Record<string, unknown> | null }[]

/**
 * Records on each hold the region its line is now priced for (hold metadata moves no units,
 * so the generic update may set it). Compensation puts the previous metadata back.
 */
export const markHoldsPricedStep = createStep(
  markHoldsPricedStepId,
  async (input: { hold_ids: string[]; region_id: string | null }, { container }) => {
    const service = bookings(container)
    const before: MetadataSnapshot = []
    for (const id of input.hold_ids) {
      const hold = await service.retrieveHold(id)
      before.push({ id, metadata: hold.metadata })
      await service.updateResourceHolds({ id, metadata: { ...hold.metadata, [PRICED_REGION_KEY]: input.region_id } })
    }
    return new StepResponse(input.hold_ids, before)
  },
  async (before, { container }) => {
    if (!before?.length) {
      return
    }
    const service = bookings(container)
    for (const { id, metadata } of before) {
      await service.updateResourceHolds({ id, metadata })
    }
  }
)
