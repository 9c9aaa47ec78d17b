import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { bookingService } from "../../../../utils/booking-service"
import { idParam } from "../../../../utils/route-params"

/** GET /admin/resource-booking/holds/:id */
export async function GET(req: MedusaRequest, res: MedusaResponse): Promise<void> {
  const hold = await bookingService(req).retrieveHold(idParam(req))
  res.json({ hold })
}
