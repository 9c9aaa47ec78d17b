import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { bookingService } from "../../../../../utils/booking-service"
import { idParam } from "../../../../../utils/route-params"

/** POST /admin/resource-booking/holds/:id/confirm — confirmHold. */
export async function POST(req: MedusaRequest, res: MedusaResponse): Promise<void> {
  const hold = await bookingService(req).confirmHold(idParam(req))
  res.json({ hold })
}
