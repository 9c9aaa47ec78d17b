/**
 * The storefront client package (packages/client) against the real server: every storefront
 * call goes through `createBookingClient(sdk.client)` with a real `new Medusa({ baseUrl,
 * publishableKey })` from @medusajs/js-sdk — a one-date booking, a range, a stay, the
 * date picker's reads, refusals (capacity, a rule, busy), holds and a checkout completed with
 * `sdk.store.cart.complete`. Each answer is checked against the client's declared types
 * (client-shapes.ts), each refusal against the route's status and message.
 *
 * The client is imported from its source, compiled by the same transform as the app: these
 * tests prove what it sends and what the routes answer; `npm run check:client` proves the
 * built package (pack contents, both builds loaded by name, both kinds of declarations).
 * State is read back through the module and the admin route, not through the client.
 */
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import Medusa, { FetchError } from "@medusajs/js-sdk"
import { RESOURCE_BOOKING_MODULE } from "../../src/modules/resource_booking"
import ResourceBookingModuleService from "../../src/modules/resource_booking/service"
import { BookingClient, createBookingClient, isBookingRefusal, isBusy } from "../../packages/client/src"
import { quietCleanupSchedule } from "./quiet-schedule"
import { AdminAuth, StoreContext, createAdminAuth, createStoreContext, expectStatus, whileDateLocked, eventually } from "./fixtures"
import { SellableProduct, createSellableProduct } from "./checkout-fixtures"
import { availabilityProblems, cartProblems, holdProblems, onlyKeyProblems } from "./client-shapes"

process.env.HOLD_CLEANUP_INTERVAL = quietCleanupSchedule()

const MAX = 3
const FIRST = "2031-07-01"
const LAST = "2031-07-31"
const PRICE = 100
const RULED_PRICE = 20
const VAN = "Camper van"
const KAYAK = "Kayak week"
const ADMIN_RB = "/admin/resource-booking"

/** The rejection of `promise` (fails if it resolves). */
async function refusal(promise: Promise<unknown>): Promise<FetchError> {
  const outcome = await promise.then(
    (answer) => ({ answer }),
    (error) => ({ error })
  )
  if (!("error" in outcome)) {
    throw new Error(`Expected a refusal, got ${JSON.stringify(outcome.answer)}`)
  }
  return outcome.error as FetchError
}

medusaIntegrationTestRunner({
  inApp: true,
  dbName: `${process.env.DB_TEMP_NAME}_http_storefront_client`,
  env: {},
  testSuite: ({ api, getContainer, dbConnection }) => {
    let admin: AdminAuth
    let store: StoreContext
    let product: SellableProduct
    let vanId: string
    let kayakId: string
    let sdk: Medusa
    let booking: BookingClient

    // Top level: in the runner's template, so in every test (see fixtures.ts).
    beforeAll(async () => {
      admin = await createAdminAuth(getContainer())
      store = await createStoreContext(getContainer())
      product = await createSellableProduct(getContainer(), store, { prices: { a: PRICE, b: RULED_PRICE } })

      const van = await service().createResources({ name: VAN })
      const kayak = await service().createResources({ name: KAYAK, min_days: 2 })
      vanId = van.id
      kayakId = kayak.id
      for (const id of [vanId, kayakId]) {
        await service().setCapacity({ resource_id: id, from: FIRST, to: LAST, max_capacity: MAX })
      }
      await expectStatus(api.post(`${ADMIN_RB}/resources/${vanId}/variants`, { add: [product.variantIds.a] }, admin), 200)
      await expectStatus(api.post(`${ADMIN_RB}/resources/${kayakId}/variants`, { add: [product.variantIds.b] }, admin), 200)

      // The storefront's own client, as a storefront builds it.
      sdk = new Medusa({ baseUrl: api.defaults.baseURL, publishableKey: store.publishableKey })
      booking = createBookingClient(sdk.client)
    })

    afterEach(async () => {
      expect(await service().auditCapacity()).toEqual([])
    })

    // ------------------------------------------------------------------ helpers

    const service = () => getContainer().resolve<ResourceBookingModuleService>(RESOURCE_BOOKING_MODULE)

    async function newCartId(): Promise<string> {
      const { cart } = await sdk.store.cart.create({ region_id: store.regionId, email: "buyer@example.com" })
      return cart.id
    }

    /** Units available per date, from the module's counters. */
    async function available(resourceId: string, from: string, to = from): Promise<number[]> {
      const days = await service().getAvailability({ resource_id: resourceId, from, to })
      return days.map((d) => d.available_capacity)
    }

    async function adminHolds(cartId: string): Promise<any[]> {
      const { data } = await expectStatus(api.get(`${ADMIN_RB}/holds`, { ...admin, params: { cart_id: cartId } }), 200)
      return data.holds
    }

    const whileLocked = <T>(resourceId: string, date: string, work: () => Promise<T>) =>
      whileDateLocked(dbConnection, resourceId, date, work)

    /** Address, shipping method and payment session through the js-sdk, as the Next.js starter's checkout does. */
    async function readyForCheckout(cartId: string): Promise<void> {
      const address = {
        first_name: "Test",
        last_name: "Buyer",
        address_1: "Teststrasse 1",
        city: "Berlin",
        postal_code: "10115",
        country_code: product.countryCode,
      }
      await sdk.store.cart.update(cartId, { shipping_address: address, billing_address: address })
      const { cart } = await sdk.store.cart.addShippingMethod(cartId, { option_id: product.shippingOptionId })
      await sdk.store.payment.initiatePaymentSession(cart, { provider_id: "pp_system_default" })
    }

    // ------------------------------------------------------------------ 1. bookings

    describe("1. addBooking", () => {
      it("books one date: the line at the variant price, the hold ACTIVE and attached; answer as declared", async () => {
        const cartId = await newCartId()
        const answer = await booking.addBooking(cartId, { variant_id: product.variantIds.a, quantity: 1, date: "2031-07-05" })

        expect(Object.keys(answer).sort()).toEqual(["cart", "hold"])
        expect(cartProblems(answer.cart)).toEqual([])
        expect(holdProblems(answer.hold)).toEqual([])
        expect(answer.cart.id).toBe(cartId)
        expect(answer.cart.items).toHaveLength(1)
        expect(answer.cart.items[0]).toMatchObject({
          variant_id: product.variantIds.a,
          quantity: 1,
          unit_price: PRICE,
          metadata: { booking_date: "2031-07-05", booking_end_date: "2031-07-05", booking_days: 1 },
        })
        expect(answer.hold).toMatchObject({
          resource_id: vanId,
          date: "2031-07-05",
          end_date: "2031-07-05",
          days: 1,
          occupied_to: "2031-07-05",
          quantity: 1,
          status: "ACTIVE",
          cart_id: cartId,
        })
        const [stored] = await adminHolds(cartId)
        expect(stored).toMatchObject({ id: answer.hold.id, line_item_id: answer.cart.items[0].id })
        expect(await available(vanId, "2031-07-05")).toEqual([MAX - 1])
      })

      it("books a 4-day range (from/to): one line at 4 × the price, every date taken", async () => {
        const cartId = await newCartId()
        const { cart, hold } = await booking.addBooking(cartId, {
          variant_id: product.variantIds.a,
          quantity: 2,
          from: "2031-07-01",
          to: "2031-07-04",
        })
        expect(cartProblems(cart)).toEqual([])
        expect(cart.items[0]).toMatchObject({
          quantity: 2,
          unit_price: 4 * PRICE,
          metadata: { booking_date: "2031-07-01", booking_end_date: "2031-07-04", booking_days: 4 },
        })
        expect(cart.item_total).toBe(2 * 4 * PRICE)
        expect(hold).toMatchObject({ date: "2031-07-01", end_date: "2031-07-04", days: 4, quantity: 2 })
        expect(await available(vanId, "2031-07-01", "2031-07-05")).toEqual([MAX - 2, MAX - 2, MAX - 2, MAX - 2, MAX])
      })

      it("books a 3-night stay (check_in/check_out): 3 × the price; the check-out day stays free", async () => {
        const cartId = await newCartId()
        const { cart, hold } = await booking.addBooking(cartId, {
          variant_id: product.variantIds.a,
          quantity: MAX,
          check_in: "2031-07-10",
          check_out: "2031-07-13",
        })
        expect(cart.items[0]).toMatchObject({
          unit_price: 3 * PRICE,
          metadata: { booking_date: "2031-07-10", booking_end_date: "2031-07-12", booking_days: 3 },
        })
        expect(hold).toMatchObject({ date: "2031-07-10", end_date: "2031-07-12", days: 3, occupied_to: "2031-07-12" })
        expect(await available(vanId, "2031-07-10", "2031-07-13")).toEqual([0, 0, 0, MAX])
      })

      it("passes the cart route's `fields`, and per-request headers over the sdk's own", async () => {
        const cartId = await newCartId()
        const { cart } = await booking.addBooking<{ id: string; items: { id: string; unit_price: number }[] }>(
          cartId,
          { variant_id: product.variantIds.a, quantity: 1, date: "2031-07-20" },
          { fields: "id,items.id,items.unit_price" }
        )
        expect(cart).toEqual({ id: cartId, items: [{ id: expect.any(String), unit_price: PRICE }] })

        // A header of the request replaces the sdk's: without the publishable key the route refuses.
        const keyless = await refusal(
          booking.availability(
            { resource_id: vanId, from: "2031-07-01", to: "2031-07-01" },
            { headers: { "x-publishable-api-key": null } }
          )
        )
        expect(keyless.status).toBe(400)
        expect(keyless.message).toBe(
          "Publishable API key required in the request header: x-publishable-api-key. You can manage your keys in settings in the dashboard."
        )
      })
    })

    // ------------------------------------------------------------------ 2. the date picker

    describe("2. availability and startDates", () => {
      it("availability answers every date and the rules, as declared; holds show in `available`", async () => {
        const cartId = await newCartId()
        await booking.holds.create({ resource_id: vanId, cart_id: cartId, quantity: 2, date: "2031-07-02" })

        const answer = await booking.availability({ resource_id: vanId, from: "2031-06-30", to: "2031-07-03" })
        expect(availabilityProblems(answer)).toEqual([])
        expect(answer.availability).toEqual([
          { date: "2031-06-30", bookable: false, available: 0 },
          { date: "2031-07-01", bookable: true, available: MAX },
          { date: "2031-07-02", bookable: true, available: MAX - 2 },
          { date: "2031-07-03", bookable: true, available: MAX },
        ])
        expect(answer.rules).toMatchObject({
          min_days: 1,
          max_days: null,
          turnaround_days: 0,
          cutoff_minutes: 0,
          horizon_days: null,
          latest_start: null,
        })
        const kayak = await booking.availability({ resource_id: kayakId, from: "2031-07-01", to: "2031-07-01" })
        expect(kayak.rules.min_days).toBe(2)
      })

      it("startDates answers the dates a booking of `days` for `quantity` can start on", async () => {
        const cartId = await newCartId()
        await booking.holds.create({ resource_id: vanId, cart_id: cartId, quantity: 2, date: "2031-07-03" })

        const two = await booking.startDates({ resource_id: vanId, from: "2031-07-01", to: "2031-07-05", days: 2, quantity: 2 })
        expect(onlyKeyProblems(two, "starts")).toEqual([])
        // A 2-date booking of 2 units may not touch 07-03 (1 unit left): it can start on 07-01 and 07-04 on.
        expect(two.starts).toEqual(["2031-07-01", "2031-07-04", "2031-07-05"])
        const one = await booking.startDates({ resource_id: vanId, from: "2031-07-01", to: "2031-07-05", days: 2 })
        expect(one.starts).toEqual(["2031-07-01", "2031-07-02", "2031-07-03", "2031-07-04", "2031-07-05"])
      })
    })

    // ------------------------------------------------------------------ 3. refusals

    describe("3. refusals reject with the route's status and message", () => {
      it("capacity: 400 naming the short date; the js-sdk's FetchError, nothing added", async () => {
        const full = await newCartId()
        await booking.addBooking(full, { variant_id: product.variantIds.a, quantity: MAX, date: "2031-07-08" })
        const cartId = await newCartId()

        const error = await refusal(
          booking.addBooking(cartId, { variant_id: product.variantIds.a, quantity: 1, from: "2031-07-07", to: "2031-07-09" })
        )
        expect(error).toBeInstanceOf(FetchError)
        expect(isBookingRefusal(error)).toBe(true)
        expect(isBusy(error)).toBe(false)
        expect(error.status).toBe(400)
        expect(error.message).toBe(`Insufficient capacity for "${VAN}" on 2031-07-08 (0 of 1 available)`)

        const held = await refusal(booking.holds.create({ resource_id: vanId, cart_id: cartId, quantity: 1, date: "2031-07-08" }))
        expect({ status: held.status, message: held.message }).toEqual({
          status: 400,
          message: `Insufficient capacity for "${VAN}" on 2031-07-08 (0 of 1 available)`,
        })

        const { cart } = await sdk.store.cart.retrieve(cartId)
        expect(cart.items).toEqual([])
        expect(await adminHolds(cartId)).toEqual([])
        expect(await available(vanId, "2031-07-07", "2031-07-09")).toEqual([MAX, 0, MAX])
      })

      it("a rule: 400 naming min_days, from addBooking, holds.create and startDates", async () => {
        const cartId = await newCartId()
        const message = `"${KAYAK}" is booked for at least 2 days (min_days = 2); asked for 1`

        const booked = await refusal(booking.addBooking(cartId, { variant_id: product.variantIds.b, quantity: 1, date: "2031-07-05" }))
        const held = await refusal(booking.holds.create({ resource_id: kayakId, cart_id: cartId, quantity: 1, date: "2031-07-05" }))
        const picked = await refusal(booking.startDates({ resource_id: kayakId, from: "2031-07-01", to: "2031-07-10", days: 1 }))
        for (const error of [booked, held, picked]) {
          expect({ status: error.status, message: error.message }).toEqual({ status: 400, message })
        }

        // The same rule allows two dates.
        const { cart } = await booking.addBooking(cartId, { variant_id: product.variantIds.b, quantity: 1, from: "2031-07-05", to: "2031-07-06" })
        expect(cart.items[0]).toMatchObject({ unit_price: 2 * RULED_PRICE })
      })

      it("unknown cart or resource: 404 with the route's message; a bad body: 400 naming the field", async () => {
        const missingCart = "cart_01JUNKNOWNCART0000000000000"
        const cart = await refusal(booking.addBooking(missingCart, { variant_id: product.variantIds.a, quantity: 1, date: "2031-07-05" }))
        expect({ status: cart.status, message: cart.message }).toEqual({ status: 404, message: `Cart with id: ${missingCart} was not found` })

        const missingResource = "res_01JUNKNOWNRESOURCE00000000"
        const resource = await refusal(booking.availability({ resource_id: missingResource, from: "2031-07-01", to: "2031-07-02" }))
        expect({ status: resource.status, message: resource.message }).toEqual({
          status: 404,
          message: `Resource with id: ${missingResource} was not found`,
        })

        const cartId = await newCartId()
        // A JavaScript caller without the types can still send two forms: the route says which.
        const body = { variant_id: product.variantIds.a, quantity: 1, date: "2031-07-01", from: "2031-07-01", to: "2031-07-02" } as any
        const bad = await refusal(booking.addBooking(cartId, body))
        expect(bad.status).toBe(400)
        expect(bad.message).toContain("Give the booking's dates in one form only")
      })

      it("busy: 409 'retry shortly' while another operation holds the date; isBusy; the retry goes through", async () => {
        const cartId = await newCartId()
        const body = { resource_id: vanId, cart_id: cartId, quantity: 1, date: "2031-07-15" }
        const error = await whileLocked(vanId, "2031-07-15", () => refusal(booking.holds.create(body)))
        expect(isBusy(error)).toBe(true)
        expect({ status: error.status, message: error.message }).toEqual({
          status: 409,
          message: `Resource ${vanId} on 2031-07-15 is busy with another booking operation; retry shortly`,
        })
        expect(await adminHolds(cartId)).toEqual([])

        const { hold } = await booking.holds.create(body)
        expect(hold.status).toBe("ACTIVE")
      })
    })

    // ------------------------------------------------------------------ 4. holds

    describe("4. holds: create, list, extend, release", () => {
      it("each answers as declared and does what the route says", async () => {
        const cartId = await newCartId()
        const created = await booking.holds.create({ resource_id: vanId, cart_id: cartId, quantity: 2, from: "2031-07-21", to: "2031-07-23" })
        expect(onlyKeyProblems(created, "hold")).toEqual([])
        expect(holdProblems(created.hold)).toEqual([])
        expect(created.hold).toMatchObject({ date: "2031-07-21", end_date: "2031-07-23", days: 3, status: "ACTIVE", cart_id: cartId })
        expect(await available(vanId, "2031-07-21", "2031-07-23")).toEqual([MAX - 2, MAX - 2, MAX - 2])

        const second = await booking.holds.create({ resource_id: vanId, cart_id: cartId, quantity: 1, check_in: "2031-07-25", check_out: "2031-07-26" })
        const listed = await booking.holds.list(cartId)
        expect(onlyKeyProblems(listed, "holds")).toEqual([])
        listed.holds.forEach((hold, i) => expect(holdProblems(hold, `holds[${i}]`)).toEqual([]))
        expect(listed.holds.map((h) => h.id)).toEqual([second.hold.id, created.hold.id])

        const extended = await booking.holds.extend(created.hold.id, cartId)
        expect(holdProblems(extended.hold)).toEqual([])
        expect(extended.hold).toMatchObject({ id: created.hold.id, status: "ACTIVE", created_at: created.hold.created_at })
        expect(Date.parse(extended.hold.expires_at)).toBeGreaterThanOrEqual(Date.parse(created.hold.expires_at))

        const released = await booking.holds.release(created.hold.id, cartId)
        expect(holdProblems(released.hold)).toEqual([])
        expect(released.hold).toMatchObject({ id: created.hold.id, status: "RELEASED" })
        expect(await available(vanId, "2031-07-21", "2031-07-23")).toEqual([MAX, MAX, MAX])
        // Idempotent: the units came back once.
        expect((await booking.holds.release(created.hold.id, cartId)).hold.status).toBe("RELEASED")
        expect(await available(vanId, "2031-07-21", "2031-07-23")).toEqual([MAX, MAX, MAX])

        // Another cart's hold is answered as an unknown one.
        const otherCart = await newCartId()
        const foreign = await refusal(booking.holds.release(second.hold.id, otherCart))
        expect({ status: foreign.status, message: foreign.message }).toEqual({
          status: 404,
          message: `ResourceHold with id: ${second.hold.id} was not found`,
        })
        expect((await booking.holds.list(cartId)).holds.map((h) => [h.id, h.status])).toEqual([
          [second.hold.id, "ACTIVE"],
          [created.hold.id, "RELEASED"],
        ])
      })
    })

    // ------------------------------------------------------------------ 5. checkout

    describe("5. checkout", () => {
      it("a booking and a hold taken before its line complete with sdk.store.cart.complete; both holds CONFIRMED", async () => {
        const cartId = await newCartId()
        const stay = await booking.addBooking(cartId, {
          variant_id: product.variantIds.a,
          quantity: 1,
          check_in: "2031-07-10",
          check_out: "2031-07-13",
        })
        // The other order: the hold first, then the line the storefront adds itself.
        const day = await booking.holds.create({ resource_id: vanId, cart_id: cartId, quantity: 1, date: "2031-07-20" })
        await sdk.store.cart.createLineItem(cartId, {
          variant_id: product.variantIds.a,
          quantity: 1,
          metadata: { booking_date: "2031-07-20" },
        })
        await readyForCheckout(cartId)

        const completed = await sdk.store.cart.complete(cartId)
        expect(completed.type).toBe("order")
        if (completed.type !== "order") {
          throw new Error(`The cart did not complete: ${JSON.stringify(completed)}`)
        }
        const order = completed.order
        expect(order.items?.map((item) => item.unit_price).sort((a, b) => a - b)).toEqual([PRICE, 3 * PRICE])

        await eventually(async () => {
          const holds = await adminHolds(cartId)
          expect(holds.map((h) => [h.id, h.status, h.order_id]).sort()).toEqual(
            [
              [stay.hold.id, "CONFIRMED", order.id],
              [day.hold.id, "CONFIRMED", order.id],
            ].sort()
          )
        })
        expect(await available(vanId, "2031-07-10", "2031-07-13")).toEqual([MAX - 1, MAX - 1, MAX - 1, MAX])
        expect(await available(vanId, "2031-07-20")).toEqual([MAX - 1])

        // The cart is completed: the store routes no longer act for it.
        const listed = await refusal(booking.holds.list(cartId))
        expect({ status: listed.status, message: listed.message }).toEqual({ status: 404, message: `Cart with id: ${cartId} was not found` })
        const released = await refusal(booking.holds.release(stay.hold.id, cartId))
        expect(released.status).toBe(404)
        expect((await adminHolds(cartId)).every((h) => h.status === "CONFIRMED")).toBe(true)
      })
    })
  },
})
