import { MedusaContainer } from "@medusajs/framework/types"
import { RESOURCE_BOOKING_MODULE } from "../../../modules/resource_booking"
import ResourceBookingModuleService from "../../../modules/resource_booking/service"

export function bookings(container: MedusaContainer): ResourceBookingModuleService {
  return container.resolve<ResourceBookingModuleService>(RESOURCE_BOOKING_MODULE)
}
