import { MedusaStoreRequest, MedusaResponse } from "@medusajs/framework/http"
import { releaseHoldWorkflow } from "../../../../../../workflows/resource-booking"
import { idParam } from "../../../../../utils/route-params"
import { assertStoreMayChange, cartHoldOf, storeHold } from "../../../store-access"
import { StoreHoldActionType } from "../../../validators"

/** POST /store/resource-booking/holds/:id/release {cart_id} — only the hold's own cart; else 404. A CONFIRMED hold → 400. */
export async function POST(req: MedusaStoreRequest<StoreHoldActionType>, res: MedusaResponse): Promise<void> {
  const hold = await cartHoldOf(req, idParam(req), req.validatedBody.cart_id)
  assertStoreMayChange(hold, "released")
  const { result: released } = await releaseHoldWorkflow(req.scope).run({ input: { id: hold.id } })
  res.json({ hold: storeHold(released) })
}
