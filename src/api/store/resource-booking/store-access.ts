import { MedusaStoreRequest } from "@medusajs/framework/http"
import { ICartModuleService } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { ResourceHoldDTO } from "../../../modules/resource_booking/types"
import { bookingService } from "../../utils/booking-service"

export type StoreCart = { id: string; customer_id: string | null }

/**
 * The cart a storefront acts for: it must exist, be open (not completed) and belong to one
 * of the publishable key's sales channels. Otherwise 404, whatever the reason, so a key
 * cannot probe other channels' carts.
 */
export async function openCartOf(req: MedusaStoreRequest, cartId: string): Promise<StoreCart> {
  const carts = req.scope.resolve<ICartModuleService>(Modules.CART)
  const [cart] = await carts.listCarts(
    { id: cartId },
    { select: ["id", "completed_at", "sales_channel_id", "customer_id"] }
  )
  const channels = req.publishable_key_context?.sales_channel_ids ?? []
  if (!cart || cart.completed_at || !cart.sales_channel_id || !channels.includes(cart.sales_channel_id)) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Cart with id: ${cartId} was not found`)
  }
  return { id: cart.id, customer_id: cart.customer_id ?? null }
}

/** Whether the cart has any line yet (one indexed lookup). */
export async function cartHasLines(req: MedusaStoreRequest, cartId: string): Promise<boolean> {
  const carts = req.scope.resolve<ICartModuleService>(Modules.CART)
  const lines = await carts.listLineItems({ cart_id: cartId }, { select: ["id"], take: 1 })
  return lines.length > 0
}

/**
 * The hold, if it belongs to the given (open, accessible) cart. A hold of another cart is
 * answered exactly like a missing one: its existence is not revealed.
 */
export async function cartHoldOf(req: MedusaStoreRequest, holdId: string, cartId: string): Promise<ResourceHoldDTO> {
  await openCartOf(req, cartId)
  const notFound = new MedusaError(MedusaError.Types.NOT_FOUND, `ResourceHold with id: ${holdId} was not found`)
  const hold = await bookingService(req).retrieveHold(holdId).catch((error) => {
    throw error?.type === MedusaError.Types.NOT_FOUND ? notFound : error
  })
  if (hold.cart_id !== cartId) {
    throw notFound
  }
  return hold
}

/** What a storefront sees of a hold. */
export function storeHold(hold: ResourceHoldDTO) {
  const { id, resource_id, date, end_date, days, occupied_to, start_time, quantity, status, expires_at, cart_id, created_at } = hold
  return { id, resource_id, date, end_date, days, occupied_to, start_time, quantity, status, expires_at, cart_id, created_at }
}

/**
 * A store route acts on a hold only while its checkout is in progress: a CONFIRMED hold is a
 * booking (an order, or an admin's confirmation), given up only through the order or the Admin.
 */
export function assertStoreMayChange(hold: ResourceHoldDTO, action: "released" | "extended"): void {
  if (hold.status === "CONFIRMED") {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Hold ${hold.id} is CONFIRMED and cannot be ${action} from the store (cancel the order, or ask the store)`
    )
  }
}
