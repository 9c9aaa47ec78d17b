import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BookingRequirement } from "../../../modules/resource_booking/types"
import { bookingLinesOf, requirementsOf } from "../booking-lines"

export const resolveOrderBookingStepId = "resource-booking-resolve-order-booking"

export type OrderBooking = { order_id: string; cart_id: string | null; requirements: BookingRequirement[] }

/** Reads an order's cart and the units its bookable lines need (read-only: nothing to compensate). */
export const resolveOrderBookingStep = createStep(
  resolveOrderBookingStepId,
  async (input: { order_id: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data: orders } = await query.graph({
      entity: "order",
      // An order item's quantity is only returned with its detail requested too.
      fields: [
        "id",
        "cart.id",
        "items.id",
        "items.title",
        "items.variant_id",
        "items.quantity",
        "items.detail.quantity",
        "items.metadata",
      ],
      filters: { id: input.order_id },
    })
    const order = orders[0] as any
    if (!order) {
      return new StepResponse<OrderBooking>({ order_id: input.order_id, cart_id: null, requirements: [] })
    }
    const items = (order.items ?? []).map((item: any) => ({
      ...item,
      quantity: item.quantity ?? item.detail?.quantity,
    }))
    const { lines } = await bookingLinesOf(container, items)
    return new StepResponse<OrderBooking>({
      order_id: order.id,
      cart_id: order.cart?.id ?? null,
      requirements: requirementsOf(lines),
    })
  }
)
