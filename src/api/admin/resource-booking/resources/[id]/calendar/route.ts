import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { bookingService } from "../../../../../utils/booking-service"
import { idParam } from "../../../../../utils/route-params"
import { AdminCapacityRangeType } from "../../../validators"

/**
 * GET /admin/resource-booking/resources/:id/calendar?from&to — the Admin's capacity calendar:
 * every date of the range with max / available and the units held by ACTIVE, overdue and
 * CONFIRMED holds, and its state ("open", "full_with_holds", "sold_out", "no_capacity").
 */
export async function GET(req: MedusaRequest, res: MedusaResponse): Promise<void> {
  const { from, to } = req.validatedQuery as AdminCapacityRangeType
  const resourceId = idParam(req)
  const days = await bookingService(req).getCapacityCalendar({ resource_id: resourceId, from, to })
  res.json({ resource_id: resourceId, from, to, days })
}
