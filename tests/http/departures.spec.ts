/**
 * Departures over HTTP, as an operator and a storefront use them: a weekly schedule through
 * the admin capacity route, the store's availability with each date's departures, a departure
 * booked through the cart bookings route with the storefront client (metadata
 * booking_start_time, one seat of that departure only), completion and the order confirming
 * it, the admin calendar's departures, and the refusals (fields named, 400).
 */
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import Medusa from "@medusajs/js-sdk"
import { RESOURCE_BOOKING_MODULE } from "../../src/modules/resource_booking"
import ResourceBookingModuleService from "../../src/modules/resource_booking/service"
import { BookingClient, createBookingClient } from "../../packages/client/src"
import { quietCleanupSchedule } from "./quiet-schedule"
import { AdminAuth, StoreContext, createAdminAuth, createStoreContext, eventually, expectStatus } from "./fixtures"
import { SellableProduct, createSellableProduct } from "./checkout-fixtures"
import { availabilityProblems, holdProblems } from "./client-shapes"

process.env.HOLD_CLEANUP_INTERVAL = quietCleanupSchedule()

const ADMIN_RB = "/admin/resource-booking"
// A Monday, far enough ahead for every rule.
const MONDAY = "2031-07-07"
const SUNDAY = "2031-07-13"
const PRICE = 45

jest.setTimeout(120_000)

medusaIntegrationTestRunner({
  inApp: true,
  dbName: `${process.env.DB_TEMP_NAME}_http_departures`,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: AdminAuth
    let store: StoreContext
    let product: SellableProduct
    let tourId: string
    let sdk: Medusa
    let booking: BookingClient

    const service = () => getContainer().resolve<ResourceBookingModuleService>(RESOURCE_BOOKING_MODULE)

    beforeAll(async () => {
      admin = await createAdminAuth(getContainer())
      store = await createStoreContext(getContainer())
      product = await createSellableProduct(getContainer(), store, { prices: { a: PRICE, b: 10 } })
      const { data } = await expectStatus(
        api.post(`${ADMIN_RB}/resources`, { name: "Sunset 4WD tour", booking_unit: "departure", timezone: "Europe/Berlin", cutoff_minutes: 120 }, admin),
        200
      )
      tourId = data.resource.id
      await expectStatus(api.post(`${ADMIN_RB}/resources/${tourId}/variants`, { add: [product.variantIds.a] }, admin), 200)
      sdk = new Medusa({ baseUrl: api.defaults.baseURL, publishableKey: store.publishableKey })
      booking = createBookingClient(sdk.client)
    })

    afterEach(async () => {
      expect(await service().auditCapacity()).toEqual([])
    })

    async function schedule(): Promise<any[]> {
      const { data } = await expectStatus(
        api.post(
          `${ADMIN_RB}/resources/${tourId}/capacity`,
          { from: MONDAY, to: SUNDAY, max_capacity: 12, start_times: ["08:00", "15:30"], weekdays: [1, 2, 3, 4, 5] },
          admin
        ),
        200
      )
      return data.capacity
    }

    it("a weekly schedule in one admin call: 5 weekdays × 2 departures; the store sees each date's departures", async () => {
      const rows = await schedule()
      expect(rows).toHaveLength(10)
      expect(rows.map((r: any) => `${r.date} ${r.start_time}`).slice(0, 3)).toEqual([`${MONDAY} 08:00`, `${MONDAY} 15:30`, "2031-07-08 08:00"])
      const answer = await booking.availability({ resource_id: tourId, from: MONDAY, to: SUNDAY })
      expect(availabilityProblems(answer)).toEqual([])
      expect(answer.availability[0]).toEqual({
        date: MONDAY,
        bookable: true,
        available: 24,
        departures: [
          { start_time: "08:00", bookable: true, available: 12 },
          { start_time: "15:30", bookable: true, available: 12 },
        ],
      })
      expect(answer.availability[6]).toEqual({ date: SUNDAY, bookable: false, available: 0, departures: [] })
      // The storefront learns from the rules that it asks for a start time.
      expect(answer.rules).toMatchObject({ booking_unit: "departure" })
    })

    it("refuses start_times for a date resource and a bad weekday, naming them (400)", async () => {
      const { data: rental } = await expectStatus(api.post(`${ADMIN_RB}/resources`, { name: "Land Cruiser" }, admin), 200)
      const refused = await api
        .post(`${ADMIN_RB}/resources/${rental.resource.id}/capacity`, { from: MONDAY, to: MONDAY, max_capacity: 1, start_times: ["08:00"] }, admin)
        .catch((e: any) => e.response)
      expect(refused.status).toBe(400)
      expect(refused.data.message).toBe(`start_times is only for departures: resource ${rental.resource.id} has booking_unit "date"`)
      const weekday = await api
        .post(`${ADMIN_RB}/resources/${tourId}/capacity`, { from: MONDAY, to: MONDAY, max_capacity: 1, start_times: ["08:00"], weekdays: [8] }, admin)
        .catch((e: any) => e.response)
      expect(weekday.status).toBe(400)
      expect(weekday.data.message).toMatch(/weekdays/)
    })

    it("books a departure through the cart route: one seat of 15:30, metadata booking_start_time; the order confirms it", async () => {
      await schedule()
      const { cart } = await sdk.store.cart.create({ region_id: store.regionId, email: "buyer@example.com" })
      const answer = await booking.addBooking(cart.id, { variant_id: product.variantIds.a, quantity: 2, date: MONDAY, start_time: "15:30" })
      expect(holdProblems(answer.hold)).toEqual([])
      expect(answer.hold).toMatchObject({ date: MONDAY, end_date: MONDAY, start_time: "15:30", quantity: 2, status: "ACTIVE" })
      const line = answer.cart.items.find((item: any) => item.metadata?.booking_start_time === "15:30")
      expect(line).toMatchObject({ unit_price: PRICE, quantity: 2 })
      expect(line!.metadata).toMatchObject({ booking_date: MONDAY, booking_end_date: MONDAY, booking_days: 1, booking_start_time: "15:30" })
      const [monday] = (await booking.availability({ resource_id: tourId, from: MONDAY, to: MONDAY })).availability
      expect(monday.departures).toEqual([
        { start_time: "08:00", bookable: true, available: 12 },
        { start_time: "15:30", bookable: true, available: 10 },
      ])

      const address = { first_name: "Ada", last_name: "Byron", address_1: "Teststrasse 1", city: "Berlin", postal_code: "10115", country_code: product.countryCode }
      await sdk.store.cart.update(cart.id, { shipping_address: address, billing_address: address })
      const { cart: ready } = await sdk.store.cart.addShippingMethod(cart.id, { option_id: product.shippingOptionId })
      await sdk.store.payment.initiatePaymentSession(ready, { provider_id: "pp_system_default" })
      const completed = await sdk.store.cart.complete(cart.id)
      expect(completed.type).toBe("order")
      await eventually(async () => expect((await service().retrieveHold(answer.hold.id)).status).toBe("CONFIRMED"))

      const { data } = await expectStatus(api.get(`${ADMIN_RB}/resources/${tourId}/calendar`, { ...admin, params: { from: MONDAY, to: MONDAY } }), 200)
      const day = data.days[0]
      expect(day.departures).toEqual([
        expect.objectContaining({ start_time: "08:00", max_capacity: 12, available_capacity: 12, held: 0, confirmed: 0, state: "open", below_minimum_at: null }),
        expect.objectContaining({ start_time: "15:30", max_capacity: 12, available_capacity: 10, held: 0, confirmed: 2, state: "open", below_minimum_at: null }),
      ])
    })

    it("refuses a departure booking without start_time, with from/to, or at an unknown time: 400 naming the field, nothing added", async () => {
      await schedule()
      const { cart } = await sdk.store.cart.create({ region_id: store.regionId, email: "buyer@example.com" })
      const attempts: [Record<string, unknown>, RegExp][] = [
        [{ date: MONDAY }, /start_time is required for resource \S+: its booking_unit is "departure"/],
        [{ from: MONDAY, to: MONDAY, start_time: "08:00" }, /from is not for departures/],
        [{ date: MONDAY, start_time: "8am" }, /start_time must be a time "HH:MM"/],
        [{ date: MONDAY, start_time: "09:00" }, new RegExp(`no capacity on ${MONDAY} 09:00`)],
      ]
      for (const [dates, message] of attempts) {
        const error = await booking
          .addBooking(cart.id, { variant_id: product.variantIds.a, quantity: 1, ...(dates as any) })
          .then(() => null, (e) => e)
        expect(error).not.toBeNull()
        expect(error.status).toBe(400)
        expect(error.message).toMatch(message)
      }
      const { cart: after } = await sdk.store.cart.retrieve(cart.id)
      expect(after.items ?? []).toEqual([])
      expect((await booking.holds.list(cart.id)).holds).toEqual([])
    })

    it("completion refuses a departure line without a hold on that departure, naming its date and time", async () => {
      await schedule()
      const { cart } = await sdk.store.cart.create({ region_id: store.regionId, email: "buyer@example.com" })
      // The 15:30 departure is held; the line asks for 08:00 (metadata is the shopper's to write).
      await booking.holds.create({ resource_id: tourId, cart_id: cart.id, quantity: 1, date: MONDAY, start_time: "15:30" })
      await sdk.store.cart.createLineItem(cart.id, {
        variant_id: product.variantIds.a,
        quantity: 1,
        metadata: { booking_date: MONDAY, booking_start_time: "08:00" },
      })
      const address = { first_name: "Ada", last_name: "Byron", address_1: "Teststrasse 1", city: "Berlin", postal_code: "10115", country_code: product.countryCode }
      await sdk.store.cart.update(cart.id, { shipping_address: address, billing_address: address })
      const { cart: ready } = await sdk.store.cart.addShippingMethod(cart.id, { option_id: product.shippingOptionId })
      await sdk.store.payment.initiatePaymentSession(ready, { provider_id: "pp_system_default" })
      const error = await sdk.store.cart.complete(cart.id).then(
        (answer: any) => (answer.type === "cart" ? answer.error : null),
        (e) => e
      )
      expect(error?.message).toMatch(new RegExp(`There is no hold for "[^"]+" on ${MONDAY} 08:00 \\(needed: 1, held: 0\\)`))
    })

    it("the admin holds list filters one departure by start_time; a malformed one is a 400 naming it", async () => {
      await schedule()
      const tuesday = "2031-07-08"
      const morning = await service().createHold({ resource_id: tourId, date: tuesday, start_time: "08:00", quantity: 1 })
      const afternoon = await service().createHold({ resource_id: tourId, date: tuesday, start_time: "15:30", quantity: 3 })
      const list = (params: Record<string, string>) => api.get(`${ADMIN_RB}/holds`, { ...admin, params: { resource_id: tourId, date: tuesday, ...params } })
      const { data } = await expectStatus(list({ start_time: "15:30" }), 200)
      expect(data.holds.map((h: any) => [h.id, h.start_time, h.quantity])).toEqual([[afternoon.id, "15:30", 3]])
      expect(data.count).toBe(1)
      const both = await expectStatus(list({}), 200)
      expect(both.data.holds.map((h: any) => h.id).sort()).toEqual([morning.id, afternoon.id].sort())
      const bad = await list({ start_time: "8am" }).then(
        () => null,
        (e: any) => e.response
      )
      expect(bad.status).toBe(400)
      expect(bad.data.message).toMatch(/start_time/)
      for (const hold of [morning, afternoon]) await service().releaseHold(hold.id)
    })

    it("listStartDates is not offered for a departure resource (400)", async () => {
      const error = await booking.startDates({ resource_id: tourId, from: MONDAY, to: SUNDAY, days: 1 }).then(() => null, (e) => e)
      expect(error.status).toBe(400)
      expect(error.message).toMatch(/Start dates are for date resources/)
    })
  },
})
