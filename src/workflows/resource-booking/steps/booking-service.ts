import { MedusaContainer } from "@medusajs/framework/types"
import { RESOURCE_BOOKING_MODULE } from "../../../modules/resource_booking"
import ResourceBookingModuleService from "../../../modules/resource_booking/service"
import { HoldStatus } from "../../../modules/resource_booking/types"

export function bookings(container: MedusaContainer): ResourceBookingModuleService {
  return container.resolve<ResourceBookingModuleService>(RESOURCE_BOOKING_MODULE)
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
