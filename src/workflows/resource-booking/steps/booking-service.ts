import { MedusaContainer } from "@medusajs/framework/types"
import { RESOURCE_BOOKING_MODULE } from "../../../modules/resource_booking"
import ResourceBookingModuleService from "../../../modules/resource_booking/service"
import { HoldStatus, ResourceHoldDTO } from "../../../modules/resource_booking/types"

export function bookings(container: MedusaContainer): ResourceBookingModuleService {
  return container.resolve<ResourceBookingModuleService>(RESOURCE_BOOKING_MODULE)
}

/** Holds one cart may have at once; far above any real checkout (the store routes' bound). */
export const MAX_CART_HOLDS = 100

/** The cart's ACTIVE holds (one indexed lookup). */
export async function activeCartHolds(container: MedusaContainer, cartId: string): Promise<ResourceHoldDTO[]> {
  const [holds] = await bookings(container).listHolds({ cart_id: cartId, status: HoldStatus.ACTIVE }, { limit: MAX_CART_HOLDS })
  return holds
}

/**
 * Compensation of a step that released holds: each goes back to `status` if its units are
 * still free (one transaction per hold, so one that was sold meanwhile does not block the rest).
 */
export async function reinstateReleased(
  container: MedusaContainer,
  ids: string[] | undefined,
  status: HoldStatus.ACTIVE | HoldStatus.CONFIRMED
): Promise<void> {
  const service = bookings(container)
  for (const id of ids ?? []) {
    await service.reinstateHold(id, status)
  }
}
