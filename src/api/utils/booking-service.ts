import { MedusaRequest } from "@medusajs/framework/http"
import { RESOURCE_BOOKING_MODULE } from "../../modules/resource_booking"
import ResourceBookingModuleService from "../../modules/resource_booking/service"

export function bookingService(req: MedusaRequest): ResourceBookingModuleService {
  return req.scope.resolve<ResourceBookingModuleService>(RESOURCE_BOOKING_MODULE)
}
