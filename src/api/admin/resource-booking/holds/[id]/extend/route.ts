import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { bookingService } from "../../../../../utils/booking-service"
import { idParam } from "../../../../../utils/route-params"
import { AdminExtendHoldType } from "../../../validators"

/** POST /admin/resource-booking/holds/:id/extend {minutes} — extendHold. */
export async function POST(req: MedusaRequest<AdminExtendHoldType>, res: MedusaResponse): Promise<void> {
  const hold = await bookingService(req).extendHold(idParam(req), req.validatedBody.minutes)
  res.json({ hold })
}
