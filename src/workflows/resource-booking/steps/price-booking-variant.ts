import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { dayPricesOf, pricingCartOf } from "../stay-price"

export const priceBookingVariantStepId = "resource-booking-price-booking-variant"

export type BookingVariantPrice = {
  variant_id: string
  resource_id: string
  /** The variant's calculated price for one booked date, in the cart's currency (major units). */
  day_amount: number
  is_tax_inclusive: boolean
  cart_region_id: string | null
  cart_currency_code: string
}

/**
 * Reads the variant's resource (through the resource ↔ variant link) and its calculated price
 * in the cart's pricing context (read-only: nothing to compensate). Unknown variant → 404;
 * a variant that books no resource or has no price in the cart's currency → 400 naming it.
 */
export const priceBookingVariantStep = createStep(
  priceBookingVariantStepId,
  async (input: { cart_id: string; variant_id: string }, { container }) => {
    const cart = await pricingCartOf(container, input.cart_id)
    const price = (await dayPricesOf(container, cart, [input.variant_id])).get(input.variant_id)
    if (!price) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Variant with id: ${input.variant_id} was not found`)
    }
    if (!price.resource_id) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Variant ${input.variant_id} books no resource: add it with POST /store/carts/${cart.id}/line-items instead`
      )
    }
    if (price.amount === null) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Variant ${input.variant_id} has no price for the cart's currency ${cart.currency_code.toUpperCase()}` +
          (cart.region_id ? ` and region ${cart.region_id}` : "")
      )
    }
    return new StepResponse<BookingVariantPrice>({
      variant_id: price.variant_id,
      resource_id: price.resource_id,
      day_amount: price.amount,
      is_tax_inclusive: price.is_tax_inclusive,
      cart_region_id: cart.region_id ?? null,
      cart_currency_code: cart.currency_code,
    })
  }
)
