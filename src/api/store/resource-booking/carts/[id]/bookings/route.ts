import { MedusaResponse, MedusaStoreRequest } from "@medusajs/framework/http"
import { refetchCart } from "@medusajs/medusa/api/store/carts/helpers"
import { addBookingToCartWorkflow } from "../../../../../../workflows/resource-booking"
import { idParam } from "../../../../../utils/route-params"
import { openCartOf, storeHold } from "../../../store-access"
import { StoreAddCartBookingType } from "../../../validators"

/**
 * POST /store/resource-booking/carts/:id/bookings {variant_id, quantity, date | from+to |
 * check_in+check_out} — 200 `{ cart, hold }`: the hold on every booked date and the variant's
 * line priced for the stay, in one workflow. The cart must be open and in the key's sales
 * channels (else 404). A refusal of the hold is its own 400 / 409 and adds nothing.
 */
export async function POST(req: MedusaStoreRequest<StoreAddCartBookingType>, res: MedusaResponse): Promise<void> {
  const cart = await openCartOf(req, idParam(req))
  const { variant_id, quantity, ...period } = req.validatedBody
  const { result } = await addBookingToCartWorkflow(req.scope).run({
    input: { ...period, cart_id: cart.id, customer_id: cart.customer_id, variant_id, quantity },
  })
  const refetched = await refetchCart(cart.id, req.scope, req.queryConfig.fields)
  res.json({ cart: refetched, hold: storeHold(result.hold) })
}
