import { MedusaStoreRequest, MedusaResponse } from "@medusajs/framework/http"
import { extendHoldWorkflow } from "../../../../../../workflows/resource-booking"
import { bookingService } from "../../../../../utils/booking-service"
import { idParam } from "../../../../../utils/route-params"
import { assertStoreMayChange, cartHoldOf, storeHold } from "../../../store-access"
import { StoreHoldActionType } from "../../../validators"

/**
 * POST /store/resource-booking/holds/:id/extend {cart_id} — another HOLD_TTL_MINUTES from
 * now, never past the hold's maximum lifetime (400 naming the limit). Only the hold's own
 * cart; else 404.
 */
export async function POST(req: MedusaStoreRequest<StoreHoldActionType>, res: MedusaResponse): Promise<void> {
  const hold = await cartHoldOf(req, idParam(req), req.validatedBody.cart_id)
  assertStoreMayChange(hold, "extended")
  const minutes = bookingService(req).getOptions().ttlMinutes
  const { result: extended } = await extendHoldWorkflow(req.scope).run({ input: { id: hold.id, minutes } })
  res.json({ hold: storeHold(extended) })
}
