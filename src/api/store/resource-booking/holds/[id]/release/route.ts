import { MedusaStoreRequest, MedusaResponse } from "@medusajs/framework/http"
import { bookingService } from "../../../../../utils/booking-service"
import { idParam } from "../../../../../utils/route-params"
import { cartHoldOf, storeHold } from "../../../store-access"
import { StoreHoldActionType } from "../../../validators"

/** POST /store/resource-booking/holds/:id/release {cart_id} — only the hold's own cart; else 404. */
export async function POST(req: MedusaStoreRequest<StoreHoldActionType>, res: MedusaResponse): Promise<void> {
  const hold = await cartHoldOf(req, idParam(req), req.validatedBody.cart_id)
  const released = await bookingService(req).releaseHold(hold.id)
  res.json({ hold: storeHold(released) })
}
