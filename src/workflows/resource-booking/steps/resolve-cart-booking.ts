import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BookingLine, HoldStatus } from "../../../modules/resource_booking/types"
import { bookingLinesForHolds, bookingLinesOf } from "../booking-lines"
import { bookings } from "./booking-service"

export const resolveCartBookingStepId = "resource-booking-resolve-cart-booking"

/**
 * Reads a cart's bookable lines (read-only: nothing to compensate). Carts without ACTIVE
 * holds (most carts: this runs on every cart.updated) and completed carts have nothing to follow.
 */
export const resolveCartBookingStep = createStep(
  resolveCartBookingStepId,
  async (input: { cart_id: string }, { container }) => {
    const [, activeHolds] = await bookings(container).listHolds(
      { cart_id: input.cart_id, status: HoldStatus.ACTIVE },
      { limit: 1 }
    )
    if (!activeHolds) {
      return new StepResponse<{ cart_id: string; lines: BookingLine[] } | null>(null)
    }
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data: carts } = await query.graph({
      entity: "cart",
      fields: ["id", "completed_at", "items.id", "items.title", "items.variant_id", "items.quantity", "items.metadata"],
      filters: { id: input.cart_id },
    })
    const cart = carts[0] as any
    if (!cart || cart.completed_at) {
      return new StepResponse<{ cart_id: string; lines: BookingLine[] } | null>(null)
    }
    const { lines } = await bookingLinesOf(container, cart.items ?? [])
    return new StepResponse<{ cart_id: string; lines: BookingLine[] } | null>({
      cart_id: cart.id,
      lines: bookingLinesForHolds(lines),
    })
  }
)
