import { ICartModuleService, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ResourceHoldDTO } from "../../../modules/resource_booking/types"
import { bookingLineItem } from "../booking-line-item"
import { PRICED_REGION_KEY } from "../booking-period"
import { CART_PRICING_FIELDS, dayPricesOf, PricingCart, samePrice, stayUnitPrice } from "../stay-price"
import { activeCartHolds } from "./booking-service"

export const planCartBookingPricesStepId = "resource-booking-plan-cart-booking-prices"

/** A line Medusa removed for a region change, to add back priced for the new region, with its holds. */
export type BookingRestore = { item: ReturnType<typeof bookingLineItem>; hold_ids: string[] }

export type CartBookingPricePlan = {
  cart_id: string
  region_id: string | null
  restore: BookingRestore[]
  /** Live booking lines whose price is no longer the stay's in the cart's context. */
  reprice: { id: string; unit_price: number; is_custom_price: true }[]
}

/** ACTIVE holds of the cart that the bookings route took (they carry the region they were priced for). */
export async function bookingHoldsOf(container: MedusaContainer, cartId: string): Promise<ResourceHoldDTO[]> {
  return (await activeCartHolds(container, cartId)).filter((hold) => hold.line_item_id && hold.metadata && PRICED_REGION_KEY in hold.metadata)
}

const LINE_FIELDS = ["id", "variant_id", "quantity", "unit_price", "is_custom_price", "metadata", "deleted_at"]

function sameDates(line: any, hold: ResourceHoldDTO): boolean {
  const end = line.metadata?.booking_end_date ?? line.metadata?.booking_date
  return line.metadata?.booking_date === hold.date && end === hold.end_date
}

/**
 * What keeps the cart's booking lines priced for their stay (read-only; run under the cart's
 * lock). Medusa (updateCartWorkflow) deletes custom-priced lines when the region changes: a
 * deleted line whose ACTIVE hold was priced for another region than the cart's is added back,
 * priced again. A live booking line whose custom price differs from the stay's price in the
 * cart's context (customer, price lists) is re-priced. A line the shopper removed (the region
 * unchanged) is left to the reconcile, which releases its hold; so is a variant with no price in
 * the new region. null when there is nothing to do.
 */
export const planCartBookingPricesStep = createStep(
  planCartBookingPricesStepId,
  async (input: { cart_id: string }, { container }) => {
    const holds = await bookingHoldsOf(container, input.cart_id)
    if (!holds.length) {
      return new StepResponse<CartBookingPricePlan | null>(null)
    }
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "cart",
      fields: [...CART_PRICING_FIELDS, "completed_at", ...LINE_FIELDS.map((f) => `items.${f}`)],
      filters: { id: input.cart_id },
    })
    const cart = data[0] as any
    if (!cart || cart.completed_at) {
      return new StepResponse<CartBookingPricePlan | null>(null)
    }
    const live = new Map<string, any>((cart.items ?? []).map((item: any) => [item.id, item]))
    const goneIds = [...new Set(holds.map((h) => h.line_item_id!).filter((id) => !live.has(id)))]
    const gone = goneIds.length
      ? await container
          .resolve<ICartModuleService>(Modules.CART)
          .listLineItems({ id: goneIds, cart_id: input.cart_id }, { select: LINE_FIELDS, withDeleted: true })
      : []
    const variantIds = [...live.values(), ...gone].map((line: any) => line.variant_id).filter(Boolean)
    const prices = await dayPricesOf(container, cart as PricingCart, variantIds)
    const dayAmountOf = (line: any): number | null => prices.get(line.variant_id)?.amount ?? null

    const plan: CartBookingPricePlan = { cart_id: cart.id, region_id: cart.region_id ?? null, restore: [], reprice: [] }
    for (const line of gone as any[]) {
      const lineHolds = holds.filter((h) => h.line_item_id === line.id)
      const first = lineHolds[0]
      const dayAmount = dayAmountOf(line)
      const regionChanged = lineHolds.every((h) => h.metadata![PRICED_REGION_KEY] !== plan.region_id)
      if (!line.deleted_at || !line.is_custom_price || !regionChanged || dayAmount === null || !sameDates(line, first)) {
        continue
      }
      const item = bookingLineItem({
        variant_id: line.variant_id,
        quantity: Number(line.quantity),
        day_amount: dayAmount,
        dates: first,
      })
      plan.restore.push({ item, hold_ids: lineHolds.map((h) => h.id) })
    }
    for (const hold of holds) {
      const line = live.get(hold.line_item_id!)
      const dayAmount = line ? dayAmountOf(line) : null
      const repriced = dayAmount === null ? null : stayUnitPrice(dayAmount, hold.days)
      if (
        line?.is_custom_price &&
        repriced !== null &&
        sameDates(line, hold) &&
        !samePrice(line.unit_price, repriced) &&
        !plan.reprice.some((r) => r.id === line.id)
      ) {
        plan.reprice.push({ id: line.id, unit_price: repriced, is_custom_price: true })
      }
    }
    return new StepResponse<CartBookingPricePlan | null>(plan.restore.length || plan.reprice.length ? plan : null)
  }
)
