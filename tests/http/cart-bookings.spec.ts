/**
 * POST /store/resource-booking/carts/:id/bookings: one call holds every booked date and adds
 * the variant's line priced for the stay; completion refuses a multi-date line that is not
 * priced for its stay; the price follows the cart's region; orders confirm and cancels
 * release the whole range.
 *
 * Real app, real routes and workflows, no mocks. Subscribers run after the HTTP response, so
 * their effects are polled for with `eventually`.
 */
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createProductsWorkflow, createRegionsWorkflow, updateProductVariantsWorkflow } from "@medusajs/medusa/core-flows"
import { ICartModuleService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { RESOURCE_BOOKING_MODULE } from "../../src/modules/resource_booking"
import ResourceBookingModuleService from "../../src/modules/resource_booking/service"
import { quietCleanupSchedule } from "./quiet-schedule"
import { AdminAuth, StoreContext, completeCartByHand, createAdminAuth, createCart, createCartInSalesChannel, createStoreContext, expectStatus, eventually } from "./fixtures"
import {
  SellableProduct,
  cancelOrder,
  completeCart,
  createSellableProduct,
  enableRegionPaymentProviders,
  initiatePaymentSession,
} from "./checkout-fixtures"

process.env.HOLD_CLEANUP_INTERVAL = quietCleanupSchedule()

const MAX = 5
const FIRST = "2031-07-01"
const LAST = "2031-07-20"
const ADMIN_RB = "/admin/resource-booking"
const STORE_RB = "/store/resource-booking"
const EUR_PRICE = 100
const USD_PRICE = 120

medusaIntegrationTestRunner({
  inApp: true,
  dbName: `${process.env.DB_TEMP_NAME}_http_cart_bookings`,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: AdminAuth
    let store: StoreContext
    let product: SellableProduct
    let resourceId: string
    let usdRegionId: string
    let draftVariantId: string

    beforeAll(async () => {
      admin = await createAdminAuth(getContainer())
      store = await createStoreContext(getContainer())
      product = await createSellableProduct(getContainer(), store, { prices: { a: EUR_PRICE } })

      const resource = await service().createResources({ name: "4WD camper" })
      resourceId = resource.id
      await service().setCapacity({ resource_id: resourceId, from: FIRST, to: LAST, max_capacity: MAX })

      // A draft product's variant books the resource too: Medusa refuses to add it to a cart
      // after the hold is taken (the rollback case).
      const { result: drafts } = await createProductsWorkflow(getContainer()).run({
        input: {
          products: [
            {
              title: "Draft camper",
              status: "draft",
              shipping_profile_id: product.shippingProfileId,
              sales_channels: [{ id: store.salesChannelId }],
              options: [{ title: "Kind", values: ["draft"] }],
              variants: [
                {
                  title: "draft",
                  options: { Kind: "draft" },
                  manage_inventory: false,
                  prices: [{ currency_code: store.currencyCode, amount: EUR_PRICE }],
                },
              ],
            },
          ],
        },
      })
      draftVariantId = drafts[0].variants[0].id
      await expectStatus(
        api.post(`${ADMIN_RB}/resources/${resourceId}/variants`, { add: [product.variantIds.a, draftVariantId] }, admin),
        200
      )

      // A second region in another currency, where variant a costs USD_PRICE.
      const { result: regions } = await createRegionsWorkflow(getContainer()).run({
        input: { regions: [{ name: "US", currency_code: "usd", countries: ["us"] }] },
      })
      usdRegionId = regions[0].id
      await enableRegionPaymentProviders(getContainer(), usdRegionId)
      await updateProductVariantsWorkflow(getContainer()).run({
        input: {
          selector: { id: product.variantIds.a },
          update: {
            prices: [
              { currency_code: store.currencyCode, amount: EUR_PRICE },
              { currency_code: "usd", amount: USD_PRICE },
            ],
          },
        },
      })
    })

    afterEach(async () => {
      expect(await service().auditCapacity()).toEqual([])
    })

    // ------------------------------------------------------------------ helpers

    const service = () => getContainer().resolve<ResourceBookingModuleService>(RESOURCE_BOOKING_MODULE)
    const storeHeaders = () => ({ headers: store.headers })

    async function available(from: string, to = from): Promise<number[]> {
      const days = await service().getAvailability({ resource_id: resourceId, from, to })
      return days.map((d) => d.available_capacity)
    }

    function book(cartId: string, body: Record<string, unknown>) {
      return expectStatus(api.post(`${STORE_RB}/carts/${cartId}/bookings`, body, storeHeaders()))
    }

    async function bookOk(cartId: string, body: Record<string, unknown>) {
      const response = await book(cartId, { variant_id: product.variantIds.a, ...body })
      if (response.status !== 200) {
        throw new Error(`Expected 200, got ${response.status}: ${JSON.stringify(response.data)}`)
      }
      return response.data as { cart: any; hold: any }
    }

    async function adminHolds(cartId: string): Promise<any[]> {
      const { data } = await expectStatus(api.get(`${ADMIN_RB}/holds`, { ...admin, params: { cart_id: cartId } }), 200)
      return data.holds
    }

    async function cartOf(cartId: string): Promise<any> {
      const { data } = await expectStatus(api.get(`/store/carts/${cartId}`, storeHeaders()), 200)
      return data.cart
    }

    /** is_custom_price is not among the store cart's fields: read it from the cart module. */
    async function isCustomPriced(lineId: string): Promise<boolean> {
      const [line] = await getContainer()
        .resolve<ICartModuleService>(Modules.CART)
        .listLineItems({ id: lineId }, { select: ["id", "is_custom_price"] })
      return !!line?.is_custom_price
    }

    const newCart = () => createCart(api, store, { email: "buyer@example.com" })

    /** Address, shipping method and payment session for a cart that already has its lines. */
    async function readyForCheckout(cartId: string): Promise<void> {
      const address = {
        first_name: "Test",
        last_name: "Buyer",
        address_1: "Teststrasse 1",
        city: "Berlin",
        postal_code: "10115",
        country_code: product.countryCode,
      }
      await expectStatus(
        api.post(`/store/carts/${cartId}`, { shipping_address: address, billing_address: address }, storeHeaders()),
        200
      )
      await expectStatus(
        api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: product.shippingOptionId }, storeHeaders()),
        200
      )
      await initiatePaymentSession(api, store, cartId)
    }

    // ------------------------------------------------------------------ 1. booking a range

    describe("1. POST /store/resource-booking/carts/:id/bookings", () => {
      it("books a 4-day rental: one line at 4 × the variant price, its metadata, the hold attached, all 4 dates taken", async () => {
        const cart = await newCart()
        const { cart: answered, hold } = await bookOk(cart.id, { quantity: 2, from: "2031-07-01", to: "2031-07-04" })

        expect(answered.id).toBe(cart.id)
        expect(answered.items).toHaveLength(1)
        const line = answered.items[0]
        expect(line).toMatchObject({
          variant_id: product.variantIds.a,
          quantity: 2,
          unit_price: 4 * EUR_PRICE,
          metadata: { booking_date: "2031-07-01", booking_end_date: "2031-07-04", booking_days: 4 },
        })
        expect(await isCustomPriced(line.id)).toBe(true)
        expect(answered.item_total).toBe(2 * 4 * EUR_PRICE)
        expect(hold).toMatchObject({ status: "ACTIVE", quantity: 2, cart_id: cart.id, date: "2031-07-01" })

        const [stored] = await adminHolds(cart.id)
        expect(stored).toMatchObject({ id: hold.id, line_item_id: line.id, date: "2031-07-01", end_date: "2031-07-04" })
        expect(await available("2031-07-01", "2031-07-05")).toEqual([MAX - 2, MAX - 2, MAX - 2, MAX - 2, MAX])
      })

      it("books a 3-night stay by check_in / check_out: 3 dates; the next guest checks in on the check-out day", async () => {
        const cart = await newCart()
        const { cart: answered, hold } = await bookOk(cart.id, {
          quantity: MAX,
          check_in: "2031-07-10",
          check_out: "2031-07-13",
        })
        expect(answered.items[0]).toMatchObject({
          unit_price: 3 * EUR_PRICE,
          metadata: { booking_date: "2031-07-10", booking_end_date: "2031-07-12", booking_days: 3 },
        })
        expect((await adminHolds(cart.id))[0]).toMatchObject({ id: hold.id, date: "2031-07-10", end_date: "2031-07-12" })
        expect(await available("2031-07-10", "2031-07-13")).toEqual([0, 0, 0, MAX])

        const next = await newCart()
        await bookOk(next.id, { quantity: MAX, check_in: "2031-07-13", check_out: "2031-07-15" })
        expect(await available("2031-07-13", "2031-07-14")).toEqual([0, 0])
      })

      it("books one date with `date`: unit price = the variant price", async () => {
        const cart = await newCart()
        const { cart: answered } = await bookOk(cart.id, { quantity: 1, date: "2031-07-05" })
        expect(answered.items[0]).toMatchObject({
          unit_price: EUR_PRICE,
          metadata: { booking_date: "2031-07-05", booking_end_date: "2031-07-05", booking_days: 1 },
        })
        expect(await available("2031-07-05")).toEqual([MAX - 1])
      })
    })

    // ------------------------------------------------------------------ 2. refusals

    describe("2. refusals leave nothing", () => {
      it("a short date refuses the whole range with the hold's 400: no line, no hold on any date", async () => {
        await service().createHold({ resource_id: resourceId, date: "2031-07-03", quantity: 4, cart_id: "cart_other" })
        const cart = await newCart()
        const refused = await book(cart.id, { variant_id: product.variantIds.a, quantity: 2, from: "2031-07-01", to: "2031-07-04" })
        expect(refused.status).toBe(400)
        expect(refused.data.message).toContain("2031-07-03")

        expect((await cartOf(cart.id)).items).toEqual([])
        expect(await adminHolds(cart.id)).toEqual([])
        expect(await available("2031-07-01", "2031-07-04")).toEqual([MAX, MAX, 1, MAX])
      })

      it("a failure after the hold (Medusa refuses the line) releases the hold: no line, every date free", async () => {
        const cart = await newCart()
        const refused = await book(cart.id, { variant_id: draftVariantId, quantity: 2, from: "2031-07-01", to: "2031-07-04" })
        expect(refused.status).toBe(400)
        expect(refused.data.message).toContain(draftVariantId)

        expect((await cartOf(cart.id)).items).toEqual([])
        const holds = await adminHolds(cart.id)
        expect(holds.map((h) => h.status)).toEqual(["RELEASED"])
        expect(await available("2031-07-01", "2031-07-04")).toEqual([MAX, MAX, MAX, MAX])
      })

      it("a variant that books no resource is a 400 naming it", async () => {
        const cart = await newCart()
        const refused = await book(cart.id, { variant_id: product.variantIds.b, quantity: 1, date: "2031-07-01" })
        expect(refused.status).toBe(400)
        expect(refused.data.message).toContain(`Variant ${product.variantIds.b} books no resource`)
        expect((await cartOf(cart.id)).items).toEqual([])
        expect(await adminHolds(cart.id)).toEqual([])
      })

      it("an unknown variant is a 404; a completed or other-channel cart a 404", async () => {
        const cart = await newCart()
        const unknown = await book(cart.id, { variant_id: "variant_01JUNKNOWNVARIANT000000000", quantity: 1, date: "2031-07-01" })
        expect(unknown.status).toBe(404)
        expect(unknown.data.message).toContain("variant_01JUNKNOWNVARIANT000000000")

        const missing = await book("cart_01JUNKNOWNCART0000000000000", {
          variant_id: product.variantIds.a,
          quantity: 1,
          date: "2031-07-01",
        })
        expect(missing.status).toBe(404)

        const completed = await newCart()
        await completeCartByHand(getContainer(), completed.id)
        const foreign = await createCartInSalesChannel(getContainer(), store.otherSalesChannelId, store.regionId)
        for (const id of [completed.id, foreign.id]) {
          const refused = await book(id, { variant_id: product.variantIds.a, quantity: 1, date: "2031-07-01" })
          expect(refused.status).toBe(404)
          expect(refused.data.message).toBe(`Cart with id: ${id} was not found`)
          expect(await adminHolds(id)).toEqual([])
        }
        expect(await available("2031-07-01")).toEqual([MAX])
      })

      it("bad bodies are 400s naming the field or the date form, changing nothing", async () => {
        const cart = await newCart()
        const a = product.variantIds.a
        const cases: [Record<string, unknown>, string][] = [
          [{ variant_id: a, quantity: 1 }, "The booking's dates are missing"],
          [{ variant_id: a, quantity: 1, date: "2031-07-01", from: "2031-07-01", to: "2031-07-02" }, "in one form only"],
          [{ variant_id: a, quantity: 1, from: "2031-07-01" }, "to is required with from"],
          [{ variant_id: a, quantity: 1, check_out: "2031-07-03" }, "check_in is required with check_out"],
          [{ variant_id: a, quantity: 1, from: "2031-07-04", to: "2031-07-01" }, "to (2031-07-01) must not be before from (2031-07-04)"],
          [{ variant_id: a, quantity: 1, check_in: "2031-07-04", check_out: "2031-07-04" }, "check_out (2031-07-04) must be after check_in (2031-07-04)"],
          [{ variant_id: a, quantity: 1, date: "2031-02-30" }, "date must be a real calendar date"],
          [{ variant_id: a, quantity: 0, date: "2031-07-01" }, "quantity"],
          [{ quantity: 1, date: "2031-07-01" }, "variant_id"],
          [{ variant_id: a, quantity: 1, date: "2031-07-01", unit_price: 1 }, "unit_price"],
        ]
        for (const [body, message] of cases) {
          const refused = await book(cart.id, body)
          expect({ body, status: refused.status }).toEqual({ body, status: 400 })
          expect(refused.data.message).toContain(message)
        }
        expect((await cartOf(cart.id)).items).toEqual([])
        expect(await adminHolds(cart.id)).toEqual([])
      })
    })

    // ------------------------------------------------------------------ 3. the line's life

    describe("3. removing, completing, canceling", () => {
      it("removing the line releases the range hold", async () => {
        const cart = await newCart()
        const { cart: answered, hold } = await bookOk(cart.id, { quantity: 2, from: "2031-07-01", to: "2031-07-04" })
        await expectStatus(api.delete(`/store/carts/${cart.id}/line-items/${answered.items[0].id}`, storeHeaders()), 200)
        await eventually(async () => {
          expect((await adminHolds(cart.id))[0]).toMatchObject({ id: hold.id, status: "RELEASED" })
        })
        expect(await available("2031-07-01", "2031-07-04")).toEqual([MAX, MAX, MAX, MAX])
      })

      it("checkout completes, the order confirms the range hold, and canceling it releases every date", async () => {
        const cart = await newCart()
        const { hold } = await bookOk(cart.id, { quantity: 2, from: "2031-07-01", to: "2031-07-04" })
        await readyForCheckout(cart.id)

        const completed = await completeCart(api, store, cart.id)
        expect(completed.status).toBe(200)
        expect(completed.data.type).toBe("order")
        const order = completed.data.order
        expect(order.items[0]).toMatchObject({ unit_price: 4 * EUR_PRICE, quantity: 2 })

        await eventually(async () => {
          expect((await adminHolds(cart.id))[0]).toMatchObject({ id: hold.id, status: "CONFIRMED", order_id: order.id })
        })
        expect(await available("2031-07-01", "2031-07-04")).toEqual([MAX - 2, MAX - 2, MAX - 2, MAX - 2])

        expect((await cancelOrder(api, admin, order.id)).status).toBe(200)
        await eventually(async () => {
          expect((await adminHolds(cart.id))[0]).toMatchObject({ id: hold.id, status: "RELEASED" })
        })
        expect(await available("2031-07-01", "2031-07-04")).toEqual([MAX, MAX, MAX, MAX])
      })
    })

    // ------------------------------------------------------------------ 4. hand-made stays

    describe("4. completion refuses a multi-date line not priced for its stay", () => {
      it("refuses a booked line whose booking_end_date was edited, naming the line", async () => {
        const cart = await newCart()
        const { cart: answered } = await bookOk(cart.id, { quantity: 1, from: "2031-07-01", to: "2031-07-04" })
        const line = answered.items[0]
        await expectStatus(
          api.post(
            `/store/carts/${cart.id}/line-items/${line.id}`,
            { quantity: 1, metadata: { booking_date: "2031-07-01", booking_end_date: "2031-07-08", booking_days: 8 } },
            storeHeaders()
          ),
          200
        )
        await readyForCheckout(cart.id)
        const refused = await completeCart(api, store, cart.id)
        expect(refused.status).toBe(400)
        expect(refused.data.message).toContain(`"${line.title}" is not priced for its stay from 2031-07-01 to 2031-07-08`)
        // The holds cover 07-01 … 07-04: every uncovered date is named, not only the first.
        expect(refused.data.message).toContain(
          `There is no hold for "${line.title}" on 2031-07-05, 2031-07-06, 2031-07-07, 2031-07-08 (needed: 1, held: 0)`
        )
        expect((await cartOf(cart.id)).completed_at).toBeNull()
      })

      it("refuses a line added by hand with multi-date metadata and a faked booking_days, even with a range hold", async () => {
        const cart = await newCart()
        const added = await expectStatus(
          api.post(
            `/store/carts/${cart.id}/line-items`,
            {
              variant_id: product.variantIds.a,
              quantity: 1,
              metadata: { booking_date: "2031-07-01", booking_end_date: "2031-07-04", booking_days: 4 },
            },
            storeHeaders()
          ),
          200
        )
        const line = added.data.cart.items[0]
        expect(line.unit_price).toBe(EUR_PRICE)
        const hold = await service().createHold({
          resource_id: resourceId,
          from: "2031-07-01",
          to: "2031-07-04",
          quantity: 1,
          cart_id: cart.id,
        })
        await service().attachHoldToLine({ hold_id: hold.id, line_item_id: line.id })
        await readyForCheckout(cart.id)

        const refused = await completeCart(api, store, cart.id)
        expect(refused.status).toBe(400)
        expect(refused.data.message).toContain(`"${line.title}" is not priced for its stay from 2031-07-01 to 2031-07-04`)
        expect((await cartOf(cart.id)).completed_at).toBeNull()
      })
    })

    // ------------------------------------------------------------------ 5. price follows the cart

    describe("5. the stay's price follows the cart's region and currency", () => {
      it("a region change (EUR → USD) prices the booking line again; its hold stays, attached to it", async () => {
        const cart = await newCart()
        const { hold } = await bookOk(cart.id, { quantity: 2, from: "2031-07-01", to: "2031-07-04" })

        await expectStatus(api.post(`/store/carts/${cart.id}`, { region_id: usdRegionId }, storeHeaders()), 200)

        const line = await eventually(async () => {
          const current = await cartOf(cart.id)
          expect(current.currency_code).toBe("usd")
          expect(current.items).toHaveLength(1)
          expect(current.items[0]).toMatchObject({
            variant_id: product.variantIds.a,
            quantity: 2,
            unit_price: 4 * USD_PRICE,
            metadata: { booking_date: "2031-07-01", booking_end_date: "2031-07-04", booking_days: 4 },
          })
          expect(await isCustomPriced(current.items[0].id)).toBe(true)
          const [stored] = await adminHolds(cart.id)
          expect(stored).toMatchObject({ id: hold.id, status: "ACTIVE", line_item_id: current.items[0].id })
          return current.items[0]
        })
        expect(await available("2031-07-01", "2031-07-04")).toEqual([MAX - 2, MAX - 2, MAX - 2, MAX - 2])

        // And back: priced in EUR again, still one line and one hold.
        await expectStatus(api.post(`/store/carts/${cart.id}`, { region_id: store.regionId }, storeHeaders()), 200)
        await eventually(async () => {
          const current = await cartOf(cart.id)
          expect(current.currency_code).toBe(store.currencyCode)
          expect(current.items).toHaveLength(1)
          expect(current.items[0]).toMatchObject({ unit_price: 4 * EUR_PRICE, quantity: 2 })
          expect(current.items[0].id).not.toBe(line.id)
          const holds = await adminHolds(cart.id)
          expect(holds).toHaveLength(1)
          expect(holds[0]).toMatchObject({ id: hold.id, status: "ACTIVE", line_item_id: current.items[0].id })
        })

        // The line priced again completes.
        await readyForCheckout(cart.id)
        const completed = await completeCart(api, store, cart.id)
        expect(completed.status).toBe(200)
        expect(completed.data.type).toBe("order")
      })
    })
  },
})
