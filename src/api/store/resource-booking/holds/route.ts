import { MedusaStoreRequest, MedusaResponse } from "@medusajs/framework/http"
import { createHoldWorkflow, reconcileCartHoldsWorkflow } from "../../../../workflows/resource-booking"
import { bookingService } from "../../../utils/booking-service"
import { cartHasLines, openCartOf, storeHold } from "../store-access"
import { StoreCreateHoldType, StoreListHoldsType } from "../validators"

/** Holds one cart may have at once; far above any real checkout. */
const MAX_CART_HOLDS = 100

/**
 * POST /store/resource-booking/holds {resource_id, quantity, cart_id, date | from+to |
 * check_in+check_out | date+start_time (a departure)} — 201 with the hold (its first and last booked dates) and its
 * expires_at: units on every date, or none. Insufficient capacity → 400 naming every short
 * date and what it has; a rule (min/max days, cut-off, horizon) → 400 naming it; a busy date
 * (lock timeout) → 409, retry.
 */
export async function POST(req: MedusaStoreRequest<StoreCreateHoldType>, res: MedusaResponse): Promise<void> {
  const { resource_id, quantity, cart_id, date, from, to, check_in, check_out, start_time } = req.validatedBody
  const cart = await openCartOf(req, cart_id)
  const { result: hold } = await createHoldWorkflow(req.scope).run({
    input: { resource_id, date, from, to, check_in, check_out, start_time, quantity, cart_id: cart.id, customer_id: cart.customer_id },
  })
  // The line may already be in the cart: attach the hold to it now, so removing it releases the
  // hold. A cart without lines has nothing to attach (its lines' removals were reconciled on
  // cart.updated): the common "hold first, then add the line" order skips the workflow.
  if (await cartHasLines(req, cart.id)) {
    await reconcileCartHoldsWorkflow(req.scope).run({ input: { cart_id: cart.id } })
  }
  res.status(201).json({ hold: storeHold(hold) })
}

/** GET /store/resource-booking/holds?cart_id= — the cart's holds, newest first. */
export async function GET(req: MedusaStoreRequest, res: MedusaResponse): Promise<void> {
  const { cart_id } = req.validatedQuery as StoreListHoldsType
  const cart = await openCartOf(req, cart_id)
  const [holds] = await bookingService(req).listHolds({ cart_id: cart.id }, { limit: MAX_CART_HOLDS })
  res.json({ holds: holds.map(storeHold) })
}
