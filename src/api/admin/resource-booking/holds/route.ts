import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { bookingService } from "../../../utils/booking-service"
import { DEFAULT_LIMIT } from "../../../utils/schemas"
import { AdminListHoldsType } from "../validators"

/**
 * GET /admin/resource-booking/holds?status&resource_id&date&start_time&cart_id&order_id&overdue&confirmation_failed&limit&offset
 * `overdue=true`: ACTIVE holds past expires_at (not yet cleaned up); `overdue=false`: the rest.
 * `date`: the holds occupying it (turnaround included); `start_time` ("HH:MM"): one departure's.
 */
export async function GET(req: MedusaRequest, res: MedusaResponse): Promise<void> {
  const { limit = DEFAULT_LIMIT, offset = 0, ...filter } = req.validatedQuery as AdminListHoldsType
  const [holds, count] = await bookingService(req).listHolds(filter, { limit, offset })
  res.json({ holds, count, limit, offset })
}
