import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { HoldStatus, ResourceHoldDTO } from "../../../modules/resource_booking/types"
import { bookings } from "./booking-service"

export const attachHoldsToLinesStepId = "resource-booking-attach-holds-to-lines"

export type HoldAttachment = { hold_id: string; line_item_id: string }

/**
 * Attaches each hold to its cart line (the module's attachHoldToLine: the hold must be
 * ACTIVE), so removing the line releases it. Compensation attaches each hold back to the line
 * it had before, when it had one and is still ACTIVE.
 */
export const attachHoldsToLinesStep = createStep(
  attachHoldsToLinesStepId,
  async (input: { attachments: HoldAttachment[] }, { container }) => {
    const service = bookings(container)
    const attached: ResourceHoldDTO[] = []
    const previous: HoldAttachment[] = []
    for (const { hold_id, line_item_id } of input.attachments) {
      const before = await service.retrieveHold(hold_id)
      await service.attachHoldToLine({ hold_id, line_item_id })
      attached.push(await service.retrieveHold(hold_id))
      if (before.line_item_id && before.line_item_id !== line_item_id) {
        previous.push({ hold_id, line_item_id: before.line_item_id })
      }
    }
    return new StepResponse(attached, previous)
  },
  async (previous, { container }) => {
    if (!previous?.length) {
      return
    }
    const service = bookings(container)
    for (const attachment of previous) {
      const hold = await service.retrieveHold(attachment.hold_id)
      if (hold.status === HoldStatus.ACTIVE) {
        await service.attachHoldToLine(attachment)
      }
    }
  }
)
