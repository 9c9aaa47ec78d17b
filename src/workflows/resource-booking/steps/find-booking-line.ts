import { ICartModuleService } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BookingLineMetadata } from "../booking-line-item"
import { samePrice } from "../stay-price"

export const findBookingLinesStepId = "resource-booking-find-booking-lines"

export type AddedBookingItem = { variant_id: string; unit_price: number; metadata: BookingLineMetadata }

/**
 * After addToCartWorkflow (which returns nothing): the id of the cart line each added item
 * became — a new line, or the line it was merged into (same variant, metadata and custom
 * price). Read-only. A missing line is a broken invariant: the workflow rolls back.
 */
export const findBookingLinesStep = createStep(
  findBookingLinesStepId,
  async (input: { cart_id: string; items: AddedBookingItem[] }, { container }) => {
    if (!input.items.length) {
      return new StepResponse<string[]>([])
    }
    const lines = await container.resolve<ICartModuleService>(Modules.CART).listLineItems(
      { cart_id: input.cart_id, variant_id: input.items.map((i) => i.variant_id) },
      { select: ["id", "variant_id", "metadata", "unit_price", "is_custom_price"] }
    )
    const ids = input.items.map((item) => {
      const line = lines.find(
        (l) =>
          l.variant_id === item.variant_id &&
          l.is_custom_price &&
          samePrice(l.unit_price, item.unit_price) &&
          l.metadata?.booking_date === item.metadata.booking_date &&
          l.metadata?.booking_end_date === item.metadata.booking_end_date &&
          l.metadata?.booking_start_time === item.metadata.booking_start_time
      )
      if (!line) {
        throw new MedusaError(
          MedusaError.Types.UNEXPECTED_STATE,
          `The cart line of variant ${item.variant_id} for ${item.metadata.booking_date} to ` +
            `${item.metadata.booking_end_date} was not found in cart ${input.cart_id} after adding it`
        )
      }
      return line.id
    })
    return new StepResponse(ids)
  }
)
