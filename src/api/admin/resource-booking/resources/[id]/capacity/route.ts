import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { bookingService } from "../../../../../utils/booking-service"
import { idParam } from "../../../../../utils/route-params"
import { AdminCapacityRangeType, AdminSetCapacityType } from "../../../validators"

/** GET /admin/resource-booking/resources/:id/capacity?from&to — per date, with effective availability. */
export async function GET(req: MedusaRequest, res: MedusaResponse): Promise<void> {
  const { from, to } = req.validatedQuery as AdminCapacityRangeType
  const capacity = await bookingService(req).getAvailability({ resource_id: idParam(req), from, to })
  res.json({ capacity })
}

/** POST /admin/resource-booking/resources/:id/capacity {from, to, max_capacity} — setCapacity. */
export async function POST(req: MedusaRequest<AdminSetCapacityType>, res: MedusaResponse): Promise<void> {
  const capacity = await bookingService(req).setCapacity({ resource_id: idParam(req), ...req.validatedBody })
  res.json({ capacity })
}
