import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, MedusaError, QueryContext } from "@medusajs/framework/utils"

/**
 * The cart fields Medusa's own cart workflows price a variant with (core-flows'
 * `cartFieldsForPricingContext`, which the package does not export): currency, region,
 * sales channel, shipping address, customer and groups, so price lists and rules apply.
 */
export const CART_PRICING_FIELDS = [
  "id",
  "sales_channel_id",
  "currency_code",
  "region_id",
  "shipping_address.city",
  "shipping_address.country_code",
  "shipping_address.province",
  "shipping_address.postal_code",
  "item_total",
  "total",
  "locale",
  "customer.id",
  "customer_id",
  "email",
  "customer.groups.id",
  "region.*",
]

export type PricingCart = {
  id: string
  currency_code: string
  region_id: string | null
  customer_id?: string | null
  [field: string]: unknown
}

/** What a bookable variant costs per booked date in a cart's pricing context. */
export type DayPrice = {
  variant_id: string
  variant_title: string | null
  resource_id: string | null
  /** The variant's calculated amount (major units), or null when it has no price there. */
  amount: number | null
  is_tax_inclusive: boolean
}

/** The pricing context Medusa's addToCartWorkflow builds from a cart (quantity left out: a stay is priced per date). */
export function pricingContextOf(cart: PricingCart): Record<string, unknown> {
  const { items: _items, ...fields } = cart as Record<string, unknown>
  return {
    ...fields,
    currency_code: cart.currency_code,
    region_id: cart.region_id,
    customer_id: cart.customer_id ?? null,
  }
}

/** Reads a cart with the fields its pricing context needs; NOT_FOUND when it does not exist. */
export async function pricingCartOf(container: MedusaContainer, cartId: string): Promise<PricingCart> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "cart", fields: CART_PRICING_FIELDS, filters: { id: cartId } })
  if (!data[0]) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Cart with id: ${cartId} was not found`)
  }
  return data[0] as unknown as PricingCart
}

/** The day prices of variants in the cart's context (Medusa's pricing: currency, region, price lists). */
export async function dayPricesOf(
  container: MedusaContainer,
  cart: PricingCart,
  variantIds: string[]
): Promise<Map<string, DayPrice>> {
  const prices = new Map<string, DayPrice>()
  if (!variantIds.length) {
    return prices
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "product_variant",
    fields: ["id", "title", "resource.id", "calculated_price.*"],
    filters: { id: [...new Set(variantIds)] },
    context: { calculated_price: QueryContext(pricingContextOf(cart)) },
  })
  for (const variant of data as any[]) {
    const calculated = variant.calculated_price
    const amount = calculated?.calculated_amount
    prices.set(variant.id, {
      variant_id: variant.id,
      variant_title: variant.title ?? null,
      resource_id: variant.resource?.id ?? null,
      amount: amount === null || amount === undefined ? null : Number(amount),
      is_tax_inclusive: !!calculated?.is_calculated_price_tax_inclusive,
    })
  }
  return prices
}

/** The unit price of a stay: the day price times the booked dates (turnaround dates are not priced). */
export function stayUnitPrice(dayAmount: number, days: number): number {
  return MathBN.mult(dayAmount, days).toNumber()
}

/** Whether a stored unit price (number, string or BigNumber) equals an expected amount. */
export function samePrice(stored: unknown, expected: number): boolean {
  if (stored === null || stored === undefined) {
    return false
  }
  return MathBN.eq(MathBN.convert(stored as any), expected)
}
