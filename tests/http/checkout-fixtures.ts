/**
 * End-to-end checkout fixtures for HTTP spec files run with
 * `medusaIntegrationTestRunner({ inApp: true })` — proven by checkout-fixtures.spec.ts.
 *
 * Real core workflows and the real store/admin API only, no mocks. Builds on fixtures.ts
 * (read its header on data retention): create the sellable product in the TOP-LEVEL
 * `beforeAll` of `testSuite`, next to `createAdminAuth` / `createStoreContext`, so the product,
 * stock, shipping option and region payment provider are in the runner's template and exist in
 * every test. Carts and orders made inside a test are gone in the next one.
 *
 *   beforeAll(async () => {
 *     admin = await createAdminAuth(getContainer())
 *     store = await createStoreContext(getContainer())
 *     product = await createSellableProduct(getContainer(), store)
 *   })
 *   it("…", async () => {
 *     const cartId = await checkoutCart(api, store, {
 *       items: [{ variant_id: product.variantIds.a, quantity: 1, metadata: { booking_date: "2027-03-01" } }],
 *       shippingOptionId: product.shippingOptionId,
 *     })
 *     const { status, data } = await completeCart(api, store, cartId)   // 200, data.type "order"
 *     await cancelOrder(api, admin, data.order.id)                       // 200, order.status "canceled"
 *   })
 *
 * What createSellableProduct sets up, because a Medusa 2.21 checkout needs it:
 *   - the product PUBLISHED, linked to the key's sales channel and to a shipping profile;
 *   - a shipping option of that profile (flat price in the region's currency AND for the region,
 *     rules enabled_in_store=true / is_return=false) in a service zone whose geo zone is the
 *     region's country, in a "shipping" fulfillment set of a stock location that is linked to
 *     the sales channel AND to the fulfillment provider `manual_manual`;
 *   - with managed inventory: an inventory level at that stock location (createProductsWorkflow
 *     creates the inventory items but stocks nothing); completion reserves stock there;
 *   - `pp_system_default` among the region's payment providers (createStoreContext's region
 *     has no provider linked) — set with updateRegionsWorkflow, which REPLACES the region's list.
 * checkoutCart then adds what the cart needs: items, email, a shipping address in the region's
 * country, a shipping method and a payment session. Amounts are major units (100 = 100.00 EUR).
 * PITFALL: any change of the cart total after the payment session (e.g. deleting a line item)
 * deletes the session — call initiatePaymentSession again before completeCart.
 */
import {
  createInventoryLevelsWorkflow,
  createLinksWorkflow,
  createLocationFulfillmentSetWorkflow,
  createProductsWorkflow,
  createServiceZonesWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateRegionsWorkflow,
} from "@medusajs/medusa/core-flows"
import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { AdminAuth, ApiClient, StoreContext, createCart, expectStatus } from "./fixtures"

/** The system payment provider every Medusa app has (authorizes at once, no external call). */
export const SYSTEM_PAYMENT_PROVIDER = "pp_system_default"
/** The manual fulfillment provider registered by Medusa's default fulfillment module config. */
export const MANUAL_FULFILLMENT_PROVIDER = "manual_manual"

export type SellableProductOptions = {
  /** Product title (a unique suffix is appended). Default "Test product". */
  title?: string
  /** Variant prices in the region's currency, in major units (Medusa 2 amounts). Default 100 / 20. */
  prices?: { a?: number; b?: number }
  /** Flat shipping price in the region's currency. Default 10. */
  shippingAmount?: number
  /**
   * true (default): real inventory items with `stockedQuantity` at the new stock location;
   * false: `manage_inventory: false` on both variants (no inventory checks at all).
   */
  manageInventory?: boolean
  /** Stocked quantity per variant when inventory is managed. Default 1000. */
  stockedQuantity?: number
  /** Country of the service zone. Default: the region's first country. */
  countryCode?: string
}

export type SellableProduct = {
  productId: string
  /** `a`: the "bookable" variant, `b`: the "plain" one (naming only). */
  variantIds: { a: string; b: string }
  shippingOptionId: string
  stockLocationId: string
  shippingProfileId: string
  fulfillmentSetId: string
  serviceZoneId: string
  countryCode: string
  /** Inventory item per variant (empty when `manageInventory: false`). */
  inventoryItemIds: { a?: string; b?: string }
  prices: { a: number; b: number; shipping: number }
}

let counter = 0
const suffix = () => `${Date.now().toString(36)}-${++counter}`

/**
 * A published product with two variants ("bookable" = a, "plain" = b) sold in `store`'s
 * sales channel and region, shippable to the region's country with a flat-price shipping
 * option, stocked at a new stock location. Also enables `pp_system_default` on the region.
 * Safe to call more than once per database (names are unique; each call makes its own
 * location, fulfillment set and shipping option — so pass `shippingOptionId` to checkoutCart).
 */
export async function createSellableProduct(
  container: MedusaContainer,
  store: Pick<StoreContext, "regionId" | "salesChannelId" | "currencyCode">,
  options: SellableProductOptions = {}
): Promise<SellableProduct> {
  const tag = suffix()
  const manageInventory = options.manageInventory ?? true
  const stockedQuantity = options.stockedQuantity ?? 1000
  const prices = { a: options.prices?.a ?? 100, b: options.prices?.b ?? 20 }
  const shippingAmount = options.shippingAmount ?? 10
  const currencyCode = store.currencyCode

  const regionModule = container.resolve(Modules.REGION)
  const region = await regionModule.retrieveRegion(store.regionId, { relations: ["countries"] })
  const countryCode = options.countryCode ?? region.countries?.[0]?.iso_2
  if (!countryCode) {
    throw new Error(`createSellableProduct: region ${store.regionId} has no country`)
  }

  // Payment: the region must offer the system provider (this REPLACES the region's list).
  await enableRegionPaymentProviders(container, store.regionId, [SYSTEM_PAYMENT_PROVIDER])

  // Stock location, linked to the manual fulfillment provider and to the sales channel.
  const { result: locations } = await createStockLocationsWorkflow(container).run({
    input: {
      locations: [
        {
          name: `test warehouse ${tag}`,
          address: { address_1: "Teststrasse 1", city: "Berlin", country_code: countryCode },
        },
      ],
    },
  })
  const stockLocationId = locations[0].id

  await createLinksWorkflow(container).run({
    input: [
      {
        [Modules.STOCK_LOCATION]: { stock_location_id: stockLocationId },
        [Modules.FULFILLMENT]: { fulfillment_provider_id: MANUAL_FULFILLMENT_PROVIDER },
      },
    ],
  })
  await linkSalesChannelsToStockLocationWorkflow(container).run({
    input: { id: stockLocationId, add: [store.salesChannelId] },
  })

  // Fulfillment set (shipping) on the location, with a service zone for the country.
  const fulfillmentSetName = `test shipping ${tag}`
  await createLocationFulfillmentSetWorkflow(container).run({
    input: {
      location_id: stockLocationId,
      fulfillment_set_data: { name: fulfillmentSetName, type: "shipping" },
    },
  })
  const fulfillmentModule = container.resolve(Modules.FULFILLMENT)
  const [fulfillmentSet] = await fulfillmentModule.listFulfillmentSets({ name: fulfillmentSetName })
  const { result: zones } = await createServiceZonesWorkflow(container).run({
    input: {
      data: [
        {
          name: `test zone ${countryCode} ${tag}`,
          fulfillment_set_id: fulfillmentSet.id,
          geo_zones: [{ type: "country", country_code: countryCode }],
        },
      ],
    },
  })
  const serviceZoneId = zones[0].id

  const shippingProfileId = await defaultShippingProfileId(container)

  const { result: shippingOptions } = await createShippingOptionsWorkflow(container).run({
    input: [
      {
        name: `test standard shipping ${tag}`,
        price_type: "flat",
        provider_id: MANUAL_FULFILLMENT_PROVIDER,
        service_zone_id: serviceZoneId,
        shipping_profile_id: shippingProfileId,
        type: { label: "Standard", description: "Test shipping", code: "standard" },
        prices: [
          { currency_code: currencyCode, amount: shippingAmount },
          { region_id: store.regionId, amount: shippingAmount },
        ],
        rules: [
          { attribute: "enabled_in_store", operator: "eq", value: "true" },
          { attribute: "is_return", operator: "eq", value: "false" },
        ],
      },
    ],
  })
  const shippingOptionId = shippingOptions[0].id

  // The product: published, in the key's sales channel, in the shipping profile.
  const title = `${options.title ?? "Test product"} ${tag}`
  const { result: products } = await createProductsWorkflow(container).run({
    input: {
      products: [
        {
          title,
          handle: `test-product-${tag}`,
          status: "published",
          shipping_profile_id: shippingProfileId,
          sales_channels: [{ id: store.salesChannelId }],
          options: [{ title: "Kind", values: ["bookable", "plain"] }],
          variants: [
            {
              title: "bookable",
              sku: `bookable-${tag}`,
              options: { Kind: "bookable" },
              manage_inventory: manageInventory,
              prices: [{ currency_code: currencyCode, amount: prices.a }],
            },
            {
              title: "plain",
              sku: `plain-${tag}`,
              options: { Kind: "plain" },
              manage_inventory: manageInventory,
              prices: [{ currency_code: currencyCode, amount: prices.b }],
            },
          ],
        },
      ],
    },
  })
  const product = products[0]
  const variantA = product.variants.find((v) => v.title === "bookable")!
  const variantB = product.variants.find((v) => v.title === "plain")!

  // Inventory: createProductsWorkflow made one inventory item per managed variant; stock them.
  const inventoryItemIds: { a?: string; b?: string } = {}
  if (manageInventory) {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data: variants } = await query.graph({
      entity: "product_variant",
      fields: ["id", "inventory_items.inventory_item_id"],
      filters: { id: [variantA.id, variantB.id] },
    })
    const itemOf = (id: string) =>
      (variants as any[]).find((v) => v.id === id)?.inventory_items?.[0]?.inventory_item_id as string
    inventoryItemIds.a = itemOf(variantA.id)
    inventoryItemIds.b = itemOf(variantB.id)
    await createInventoryLevelsWorkflow(container).run({
      input: {
        inventory_levels: [inventoryItemIds.a, inventoryItemIds.b].map((inventory_item_id) => ({
          inventory_item_id: inventory_item_id!,
          location_id: stockLocationId,
          stocked_quantity: stockedQuantity,
        })),
      },
    })
  }

  return {
    productId: product.id,
    variantIds: { a: variantA.id, b: variantB.id },
    shippingOptionId,
    stockLocationId,
    shippingProfileId,
    fulfillmentSetId: fulfillmentSet.id,
    serviceZoneId,
    countryCode,
    inventoryItemIds,
    prices: { ...prices, shipping: shippingAmount },
  }
}

/** Sets the region's payment providers (replaces the list) through updateRegionsWorkflow. */
export async function enableRegionPaymentProviders(
  container: MedusaContainer,
  regionId: string,
  providerIds: string[] = [SYSTEM_PAYMENT_PROVIDER]
): Promise<void> {
  await updateRegionsWorkflow(container).run({
    input: { selector: { id: regionId }, update: { payment_providers: providerIds } },
  })
}

/** The shipping profile of type "default"; created once with createShippingProfilesWorkflow if missing. */
async function defaultShippingProfileId(container: MedusaContainer): Promise<string> {
  const fulfillmentModule = container.resolve(Modules.FULFILLMENT)
  const [existing] = await fulfillmentModule.listShippingProfiles({ type: "default" })
  if (existing) {
    return existing.id
  }
  const { result } = await createShippingProfilesWorkflow(container).run({
    input: { data: [{ name: "Default Shipping Profile", type: "default" }] },
  })
  return result[0].id
}

export type CheckoutItem = { variant_id: string; quantity: number; metadata?: Record<string, unknown> }

export type CheckoutOptions = {
  items: CheckoutItem[]
  /** Default "buyer@example.com". */
  email?: string
  /**
   * The shipping option to use (e.g. `product.shippingOptionId`). Default: the first option
   * GET /store/shipping-options?cart_id= lists for the cart (ambiguous if several products
   * made their own options — pass it then).
   */
  shippingOptionId?: string
  /** Default `pp_system_default`. */
  paymentProviderId?: string
  /** Country of the shipping address. Default: the region's first country (GET /store/regions/:id). */
  countryCode?: string
}

/**
 * Takes a cart through the store API up to (NOT including) completion, asserting every status:
 *   POST /store/carts (region, key's sales channel, email)
 *   POST /store/carts/:id/line-items per item ({ variant_id, quantity, metadata })
 *   POST /store/carts/:id (email, shipping + billing address in the region's country)
 *   POST /store/carts/:id/shipping-methods ({ option_id })
 *   POST /store/payment-collections ({ cart_id })
 *   POST /store/payment-collections/:id/payment-sessions ({ provider_id })
 * Returns the cart id. Note: items with the same variant AND equal metadata are merged into
 * one line (quantities summed); different metadata gives separate lines.
 */
export async function checkoutCart(
  api: ApiClient,
  store: Pick<StoreContext, "regionId" | "headers">,
  options: CheckoutOptions
): Promise<string> {
  const headers = { headers: store.headers }
  const email = options.email ?? "buyer@example.com"

  const cart = await createCart(api, store, { email })
  const cartId: string = cart.id

  for (const item of options.items) {
    await expectStatus(api.post(`/store/carts/${cartId}/line-items`, item, headers), 200)
  }

  const countryCode = options.countryCode ?? (await regionCountry(api, store))
  const address = {
    first_name: "Test",
    last_name: "Buyer",
    address_1: "Teststrasse 1",
    city: "Berlin",
    postal_code: "10115",
    country_code: countryCode,
  }
  await expectStatus(
    api.post(
      `/store/carts/${cartId}`,
      { email, shipping_address: address, billing_address: address },
      headers
    ),
    200
  )

  let optionId = options.shippingOptionId
  if (!optionId) {
    const listed = await expectStatus(
      api.get(`/store/shipping-options`, { ...headers, params: { cart_id: cartId } }),
      200
    )
    optionId = listed.data.shipping_options?.[0]?.id
    if (!optionId) {
      throw new Error(`checkoutCart: no shipping option for cart ${cartId}`)
    }
  }
  await expectStatus(
    api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: optionId }, headers),
    200
  )

  await initiatePaymentSession(api, store, cartId, options.paymentProviderId)

  return cartId
}

/**
 * POST /store/payment-collections ({ cart_id }: returns the cart's collection if it has one)
 * + POST /store/payment-collections/:id/payment-sessions ({ provider_id }). Returns the
 * payment collection of the second response.
 * PITFALL: any change of the cart's total after this (adding, updating or DELETING a line
 * item, changing the shipping method) refreshes the payment collection and DELETES its
 * sessions; completing then fails with 400 "Payment sessions are required to complete cart".
 * Call this again after such a change.
 */
export async function initiatePaymentSession(
  api: ApiClient,
  store: Pick<StoreContext, "headers">,
  cartId: string,
  providerId: string = SYSTEM_PAYMENT_PROVIDER
): Promise<any> {
  const headers = { headers: store.headers }
  const collection = await expectStatus(
    api.post(`/store/payment-collections`, { cart_id: cartId }, headers),
    200
  )
  const session = await expectStatus(
    api.post(
      `/store/payment-collections/${collection.data.payment_collection.id}/payment-sessions`,
      { provider_id: providerId },
      headers
    ),
    200
  )
  return session.data.payment_collection
}

async function regionCountry(
  api: ApiClient,
  store: Pick<StoreContext, "regionId" | "headers">
): Promise<string> {
  const { data } = await expectStatus(
    api.get(`/store/regions/${store.regionId}`, { headers: store.headers }),
    200
  )
  const iso2 = data.region.countries?.[0]?.iso_2
  if (!iso2) {
    throw new Error(`checkoutCart: region ${store.regionId} has no country`)
  }
  return iso2
}

/**
 * POST /store/carts/:id/complete. Resolves `{ status, data }` for any status (never throws on
 * an HTTP error). What Medusa 2.21.2 returns — measured in checkout-fixtures.spec.ts:
 *   - success: 200 `{ type: "order", order }` (order.status "pending", payment collection
 *     "authorized", stock reserved; the cart gets completed_at). Completing the same cart
 *     AGAIN is also 200 `{ type: "order" }` with the SAME order id (idempotent).
 *   - payment errors ONLY (PAYMENT_AUTHORIZATION_ERROR / PAYMENT_REQUIRES_MORE_ERROR, read from
 *     the route's source): 200 `{ type: "cart", cart, error: { message, name, type } }` — so
 *     check `data.type`, not only the status. The system provider authorizes at once, so this
 *     branch is not reachable with `pp_system_default`.
 *   - every other failure: the workflow's MedusaError as a 4xx `{ type, message }`, no order, cart
 *     not completed. Measured:
 *       no payment collection      → 400 { type: "invalid_data", message: "Payment collection has not been initiated for cart" }
 *       collection without session → 400 { type: "invalid_data", message: "Payment sessions are required to complete cart" }
 *                                    (also after a line item change: see initiatePaymentSession)
 *       no shipping method         → 400 { type: "invalid_data", message: "No shipping method selected but the cart contains items that require shipping." }
 *       unknown cart               → 404 { type: "not_found", message: "Cart with id '…' not found" }
 *     A concurrent completion of the same cart → 409 CONFLICT "Cart is already being completed
 *     by another request" (route source; not exercised here).
 */
export async function completeCart(
  api: ApiClient,
  store: Pick<StoreContext, "headers">,
  cartId: string
): Promise<{ status: number; data: any }> {
  return expectStatus(api.post(`/store/carts/${cartId}/complete`, {}, { headers: store.headers }))
}

/**
 * POST /admin/orders/:id/cancel with the admin auth. Resolves `{ status, data }` for any
 * status; on success 200 `{ order }` with order.status "canceled".
 */
export async function cancelOrder(
  api: ApiClient,
  admin: Pick<AdminAuth, "headers">,
  orderId: string
): Promise<{ status: number; data: any }> {
  return expectStatus(api.post(`/admin/orders/${orderId}/cancel`, {}, { headers: admin.headers }))
}
