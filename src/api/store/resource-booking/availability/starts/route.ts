import { MedusaStoreRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { bookingService } from "../../../../utils/booking-service"
import { StoreStartDatesQueryType } from "../../validators"

/**
 * GET /store/resource-booking/availability/starts?resource_id&from&to&days&quantity — the
 * dates of [from, to], ascending, on which a booking of `days` dates (plus the resource's
 * turnaround) for `quantity` units (default 1) can start now, every rule applied: what a
 * date picker enables. A length outside min_days/max_days → 400 naming the rule. Inactive
 * or unknown resources are 404.
 */
export async function GET(req: MedusaStoreRequest, res: MedusaResponse): Promise<void> {
  const { resource_id, from, to, days, quantity } = req.validatedQuery as StoreStartDatesQueryType
  const service = bookingService(req)
  const [resource] = await service.listResources({ id: resource_id, is_active: true }, { select: ["id"] })
  if (!resource) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Resource with id: ${resource_id} was not found`)
  }
  const starts = await service.listStartDates({ resource_id, from, to, days, quantity: quantity ?? 1 })
  res.json({ starts })
}
