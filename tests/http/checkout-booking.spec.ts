/**
 * End-to-end: Medusa's checkout with the resource_booking module — variant links, holds taken
 * over the store API, cart completion guarded by the completion hook, and the subscribers that
 * confirm (order.placed), release (order.canceled) and follow the cart's lines (cart.updated).
 *
 * Real app, real routes and workflows, no mocks. Subscribers run after the HTTP response, so
 * their effects are polled for with `eventually` (bounded: 50 × 100 ms by default).
 */
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { IEventBusModuleService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { RESOURCE_BOOKING_MODULE } from "../../src/modules/resource_booking"
import ResourceBookingModuleService from "../../src/modules/resource_booking/service"
import { ResourceBookingEvents } from "../../src/modules/resource_booking/utils/events"
import { confirmCartHoldsWorkflow } from "../../src/workflows/resource-booking"
import { quietCleanupSchedule } from "./quiet-schedule"
import { AdminAuth, StoreContext, createAdminAuth, createCart, createStoreContext, expectStatus, rawQuery, eventually } from "./fixtures"
import {
  SellableProduct,
  cancelOrder,
  checkoutCart,
  completeCart,
  createSellableProduct,
  initiatePaymentSession,
} from "./checkout-fixtures"

// The cleanup cron must not fire mid-test: tests expire holds themselves.
process.env.HOLD_CLEANUP_INTERVAL = quietCleanupSchedule()

const DATE = "2031-06-10"
const MAX = 5
const ADMIN_RB = "/admin/resource-booking"
const STORE_RB = "/store/resource-booking"
const UNKNOWN_VARIANT = "variant_01JUNKNOWNVARIANT000000000"

type Hold = {
  id: string
  resource_id: string
  date: string
  quantity: number
  status: string
  cart_id: string | null
  order_id: string | null
  line_item_id: string | null
  confirmation_error: string | null
  confirmed_at: string | null
  released_at: string | null
  expires_at: string
}

type CapturedEvent = { name: string; data: any }

medusaIntegrationTestRunner({
  inApp: true,
  dbName: `${process.env.DB_TEMP_NAME}_http_checkout_booking`,
  env: {},
  testSuite: ({ api, getContainer, dbConnection }) => {
    let admin: AdminAuth
    let store: StoreContext
    let product: SellableProduct
    let resourceId: string
    const captured: CapturedEvent[] = []

    // Top level: before the runner's template snapshot, so all of it survives into every test.
    beforeAll(async () => {
      admin = await createAdminAuth(getContainer())
      store = await createStoreContext(getContainer())
      product = await createSellableProduct(getContainer(), store)

      const resource = await service().createResources({ name: "Harbour tour" })
      resourceId = resource.id
      await service().setCapacity({ resource_id: resourceId, from: DATE, to: DATE, max_capacity: MAX })
      // Variant "a" books the resource (through the admin route); "b" stays plain.
      await expectStatus(
        api.post(`${ADMIN_RB}/resources/${resourceId}/variants`, { add: [product.variantIds.a] }, admin),
        200
      )

      // The event bus lives as long as the app (not in the database): capture hold events.
      const eventBus = getContainer().resolve<IEventBusModuleService>(Modules.EVENT_BUS)
      for (const name of [
        ResourceBookingEvents.HOLD_CONFIRMED,
        ResourceBookingEvents.HOLD_RELEASED,
        ResourceBookingEvents.HOLD_CONFIRMATION_FAILED,
      ]) {
        eventBus.subscribe(
          name,
          async (event: any) => {
            captured.push({ name: event.name ?? name, data: event.data })
          },
          { subscriberId: `checkout-booking-spec-${name}` }
        )
      }
    })

    beforeEach(() => {
      captured.length = 0
    })

    afterEach(async () => {
      expect(await service().auditCapacity()).toEqual([])
    })

    // ------------------------------------------------------------------ helpers

    const service = () => getContainer().resolve<ResourceBookingModuleService>(RESOURCE_BOOKING_MODULE)
    const storeHeaders = () => ({ headers: store.headers })

    /** A line of the bookable variant a; `date: null` leaves out metadata.booking_date. */
    const bookable = (quantity = 2, date: string | null = DATE) => ({
      variant_id: product.variantIds.a,
      quantity,
      ...(date === null ? {} : { metadata: { booking_date: date } }),
    })
    const plain = (quantity = 1) => ({ variant_id: product.variantIds.b, quantity })

    async function available(date = DATE): Promise<number> {
      const [day] = await service().getAvailability({ resource_id: resourceId, from: date, to: date })
      return day.available_capacity
    }

    /** POST /store/resource-booking/holds (201 asserted). */
    async function takeHold(cartId: string, quantity = 2, date = DATE): Promise<Hold> {
      const { data } = await expectStatus(
        api.post(`${STORE_RB}/holds`, { resource_id: resourceId, date, quantity, cart_id: cartId }, storeHeaders()),
        201
      )
      expect(data.hold).toMatchObject({ status: "ACTIVE", quantity, cart_id: cartId, date })
      return data.hold
    }

    /** The cart's holds as the admin API lists them. */
    async function adminHolds(cartId: string): Promise<Hold[]> {
      const { data } = await expectStatus(
        api.get(`${ADMIN_RB}/holds`, { ...admin, params: { cart_id: cartId } }),
        200
      )
      return data.holds
    }

    async function onlyHold(cartId: string): Promise<Hold> {
      const holds = await adminHolds(cartId)
      expect(holds).toHaveLength(1)
      return holds[0]
    }

    async function orderCount(): Promise<number> {
      const { data } = await expectStatus(api.get(`/admin/orders`, { ...admin, params: { fields: "id" } }), 200)
      return data.count
    }

    async function cartOf(cartId: string): Promise<any> {
      const { data } = await expectStatus(api.get(`/store/carts/${cartId}`, storeHeaders()), 200)
      return data.cart
    }

    async function paymentCollectionStatuses(cartId: string): Promise<string[]> {
      const rows = await rawQuery(
        dbConnection,
        `SELECT pc.status FROM payment_collection pc
           JOIN cart_payment_collection cpc ON cpc.payment_collection_id = pc.id AND cpc.deleted_at IS NULL
          WHERE cpc.cart_id = ? AND pc.deleted_at IS NULL`,
        [cartId]
      )
      return rows.map((r) => r.status)
    }

    /** A checked-out cart with item a ×2 on DATE and a hold covering it; completed into an order. */
    async function placeOrder(): Promise<{ cartId: string; orderId: string; hold: Hold }> {
      const cartId = await checkoutCart(api, store, {
        items: [bookable(2)],
        shippingOptionId: product.shippingOptionId,
      })
      const hold = await takeHold(cartId, 2)
      // Taking a hold does not change the cart, but re-initiating is harmless and guards the pitfall.
      await initiatePaymentSession(api, store, cartId)
      const completed = await completeCart(api, store, cartId)
      expect(completed.status).toBe(200)
      expect(completed.data.type).toBe("order")
      return { cartId, orderId: completed.data.order.id, hold }
    }

    const eventsOf = (name: string, holdId: string) =>
      captured.filter((e) => e.name === name && e.data?.id === holdId)

    // ------------------------------------------------------------------ 1. linking

    describe("1. resource ↔ variant links (admin)", () => {
      it("links, refuses a variant of another resource (400) or unknown (404), unlinks", async () => {
        // Linked in beforeAll through the route: the resource lists variant a.
        const linked = await expectStatus(api.get(`${ADMIN_RB}/resources/${resourceId}`, admin), 200)
        expect(linked.data.resource.product_variants.map((v: any) => v.id)).toEqual([product.variantIds.a])
        expect(linked.data.resource.product_variants[0]).toMatchObject({
          id: product.variantIds.a,
          title: "bookable",
          product_id: product.productId,
        })

        const other = await service().createResources({ name: "Other tour" })

        const added = await expectStatus(
          api.post(`${ADMIN_RB}/resources/${other.id}/variants`, { add: [product.variantIds.b] }, admin),
          200
        )
        expect(added.data.resource.product_variants.map((v: any) => v.id)).toEqual([product.variantIds.b])
        const shown = await expectStatus(api.get(`${ADMIN_RB}/resources/${other.id}`, admin), 200)
        expect(shown.data.resource.product_variants.map((v: any) => v.id)).toEqual([product.variantIds.b])

        // a already books `resourceId`.
        const elsewhere = await expectStatus(
          api.post(`${ADMIN_RB}/resources/${other.id}/variants`, { add: [product.variantIds.a] }, admin)
        )
        expect(elsewhere.status).toBe(400)
        expect(elsewhere.data.message).toContain(`Variant ${product.variantIds.a} already books resource ${resourceId}`)

        const unknown = await expectStatus(
          api.post(`${ADMIN_RB}/resources/${other.id}/variants`, { add: [UNKNOWN_VARIANT] }, admin)
        )
        expect(unknown.status).toBe(404)
        expect(unknown.data.message).toContain(UNKNOWN_VARIANT)

        const removed = await expectStatus(
          api.post(`${ADMIN_RB}/resources/${other.id}/variants`, { remove: [product.variantIds.b] }, admin),
          200
        )
        expect(removed.data.resource.product_variants ?? []).toEqual([])
        const after = await expectStatus(api.get(`${ADMIN_RB}/resources/${other.id}`, admin), 200)
        expect(after.data.resource.product_variants ?? []).toEqual([])

        // The refusals changed nothing on the first resource.
        const still = await expectStatus(api.get(`${ADMIN_RB}/resources/${resourceId}`, admin), 200)
        expect(still.data.resource.product_variants.map((v: any) => v.id)).toEqual([product.variantIds.a])
      })
    })

    // ------------------------------------------------------------------ 2. happy path

    describe("2. happy path", () => {
      it("completes a cart whose bookable line is held; the hold becomes CONFIRMED for the order", async () => {
        const { cartId, orderId, hold } = await placeOrder()

        const confirmed = await eventually(async () => {
          const current = await onlyHold(cartId)
          expect(current).toMatchObject({ id: hold.id, status: "CONFIRMED", order_id: orderId })
          return current
        })
        expect(confirmed.confirmed_at).toEqual(expect.any(String))
        expect(confirmed.confirmation_error).toBeNull()
        expect(await available()).toBe(MAX - 2)

        // Optional: the module's event, captured on the app's event bus.
        await eventually(async () => {
          expect(eventsOf(ResourceBookingEvents.HOLD_CONFIRMED, hold.id)).toEqual([
            {
              name: ResourceBookingEvents.HOLD_CONFIRMED,
              data: expect.objectContaining({ id: hold.id, order_id: orderId, cart_id: cartId, quantity: 2 }),
            },
          ])
        })
      })
    })

    // ------------------------------------------------------------------ 3. expired hold

    describe("3. expired hold at completion", () => {
      it("refuses completion (no order, no authorized payment) naming the line and when it expired", async () => {
        const ordersBefore = await orderCount()
        const cartId = await checkoutCart(api, store, {
          items: [bookable(2)],
          shippingOptionId: product.shippingOptionId,
        })
        const hold = await takeHold(cartId, 2)
        await rawQuery(
          dbConnection,
          `UPDATE resource_hold SET expires_at = now() - interval '1 minute', created_at = now() - interval '31 minutes'
            WHERE id = ?`,
          [hold.id]
        )
        await initiatePaymentSession(api, store, cartId)
        const title = (await cartOf(cartId)).items[0].title as string
        expect(title).toEqual(expect.any(String))

        const refused = await completeCart(api, store, cartId)
        expect(refused.status).toBeGreaterThanOrEqual(400)
        expect(refused.status).toBeLessThan(500)
        expect(refused.data.message).toContain("expired at")
        expect(refused.data.message).toContain(`"${title}"`)
        expect(refused.data.message).toContain(DATE)

        expect(await orderCount()).toBe(ordersBefore)
        expect((await cartOf(cartId)).completed_at).toBeNull()
        const statuses = await paymentCollectionStatuses(cartId)
        expect(statuses.length).toBeGreaterThan(0)
        expect(statuses).not.toContain("authorized")

        // The (overdue) hold was neither confirmed nor extended; its units are still counted.
        const after = await onlyHold(cartId)
        expect(after.status).toMatch(/^(ACTIVE|EXPIRED)$/)
        expect(after.order_id).toBeNull()
        expect(new Date(after.expires_at).getTime()).toBeLessThan(Date.now())
      })
    })

    // ------------------------------------------------------------------ 4. missing holds

    describe("4. bookable lines without a hold or a date; plain carts", () => {
      it("refuses a bookable line without a hold", async () => {
        const ordersBefore = await orderCount()
        const cartId = await checkoutCart(api, store, {
          items: [bookable(2)],
          shippingOptionId: product.shippingOptionId,
        })
        const title = (await cartOf(cartId)).items[0].title as string

        const refused = await completeCart(api, store, cartId)
        expect(refused.status).toBe(400)
        expect(refused.data.message).toContain("no hold")
        expect(refused.data.message).toContain(`"${title}"`)
        expect(refused.data.message).toContain("needed: 2, held: 0")
        expect(await orderCount()).toBe(ordersBefore)
        expect((await cartOf(cartId)).completed_at).toBeNull()
        expect(await paymentCollectionStatuses(cartId)).not.toContain("authorized")
        expect(await available()).toBe(MAX)
      })

      it("refuses a bookable line without metadata.booking_date", async () => {
        const cartId = await checkoutCart(api, store, {
          items: [bookable(1, null)],
          shippingOptionId: product.shippingOptionId,
        })
        const title = (await cartOf(cartId)).items[0].title as string

        const refused = await completeCart(api, store, cartId)
        expect(refused.status).toBe(400)
        expect(refused.data.message).toContain("needs a booking date")
        expect(refused.data.message).toContain(`"${title}"`)
        expect((await cartOf(cartId)).completed_at).toBeNull()
      })

      it("completes a cart with only the plain variant (no hold needed)", async () => {
        const cartId = await checkoutCart(api, store, {
          items: [plain(2)],
          shippingOptionId: product.shippingOptionId,
        })
        const completed = await completeCart(api, store, cartId)
        expect(completed.status).toBe(200)
        expect(completed.data.type).toBe("order")
        expect(completed.data.order.items.map((i: any) => i.variant_id)).toEqual([product.variantIds.b])
        expect(await adminHolds(cartId)).toEqual([])
        expect(await available()).toBe(MAX)
      })
    })

    // ------------------------------------------------------------------ 5. order canceled

    describe("5. order canceled", () => {
      it("releases the order's confirmed hold and restores capacity", async () => {
        const { cartId, orderId, hold } = await placeOrder()
        await eventually(async () => {
          expect(await onlyHold(cartId)).toMatchObject({ id: hold.id, status: "CONFIRMED", order_id: orderId })
        })
        expect(await available()).toBe(MAX - 2)

        const canceled = await cancelOrder(api, admin, orderId)
        expect(canceled.status).toBe(200)
        expect(canceled.data.order).toMatchObject({ id: orderId, status: "canceled" })

        const released = await eventually(async () => {
          const current = await onlyHold(cartId)
          expect(current).toMatchObject({ id: hold.id, status: "RELEASED", order_id: orderId })
          return current
        })
        expect(released.released_at).toEqual(expect.any(String))
        expect(await available()).toBe(MAX)

        await eventually(async () => {
          expect(eventsOf(ResourceBookingEvents.HOLD_RELEASED, hold.id)).toHaveLength(1)
        })
      })
    })

    // ------------------------------------------------------------------ 6. line removed

    describe("6. line removed from the cart", () => {
      it("attaches the hold to its line on cart.updated, and releases it when the line is deleted", async () => {
        const cart = await createCart(api, store, { email: "buyer@example.com" })
        const hold = await takeHold(cart.id, 2)
        expect(await available()).toBe(MAX - 2)

        // The line comes after the hold: cart.updated attaches the hold to it.
        const added = await expectStatus(
          api.post(`/store/carts/${cart.id}/line-items`, bookable(2), storeHeaders()),
          200
        )
        const line = added.data.cart.items.find((i: any) => i.variant_id === product.variantIds.a)
        expect(line).toBeDefined()
        await eventually(async () => {
          expect(await onlyHold(cart.id)).toMatchObject({ id: hold.id, status: "ACTIVE", line_item_id: line.id })
        })

        await expectStatus(api.delete(`/store/carts/${cart.id}/line-items/${line.id}`, storeHeaders()), 200)

        const released = await eventually(async () => {
          const current = await onlyHold(cart.id)
          expect(current).toMatchObject({ id: hold.id, status: "RELEASED", line_item_id: line.id })
          return current
        })
        expect(released.order_id).toBeNull()
        expect(await available()).toBe(MAX)
      })
    })

    // ------------------------------------------------------------------ 7. confirming expired holds

    describe("7. confirming a cart's expired hold (module verb)", () => {
      const future = () => new Date(Date.now() + 3 * 24 * 60 * 60 * 1000)

      /** An open cart with a bookable line and a hold of 2, then expired by the cleanup. */
      async function expiredHoldCart(): Promise<{ cartId: string; hold: Hold }> {
        const cart = await createCart(api, store, { email: "buyer@example.com" })
        await expectStatus(api.post(`/store/carts/${cart.id}/line-items`, bookable(2), storeHeaders()), 200)
        const hold = await takeHold(cart.id, 2)
        expect(await available()).toBe(MAX - 2)

        const cleanup = await service().cleanupExpiredHolds({ now: future() })
        expect(cleanup).toBeDefined()
        expect(await onlyHold(cart.id)).toMatchObject({ id: hold.id, status: "EXPIRED" })
        expect(await available()).toBe(MAX)
        return { cartId: cart.id, hold }
      }

      it("takes the units again when they are still free: CONFIRMED, capacity consumed", async () => {
        const { cartId, hold } = await expiredHoldCart()

        const outcome = await service().confirmCartHolds({
          cart_id: cartId,
          order_id: "order_test",
          requirements: [{ resource_id: resourceId, date: DATE, quantity: 2 }],
        })
        expect(outcome.confirmed.map((h) => h.id)).toEqual([hold.id])
        expect(outcome.failed).toEqual([])

        expect(await onlyHold(cartId)).toMatchObject({
          id: hold.id,
          status: "CONFIRMED",
          order_id: "order_test",
          confirmation_error: null,
        })
        expect(await available()).toBe(MAX - 2)
        await eventually(async () => {
          expect(eventsOf(ResourceBookingEvents.HOLD_CONFIRMED, hold.id)).toHaveLength(1)
        })
      })

      it("marks the hold failed when its units were taken meanwhile: EXPIRED, not oversold", async () => {
        const { cartId, hold } = await expiredHoldCart()
        // Another cart takes 4 of the 5 units; 2 are needed.
        const other = await service().createHold({
          resource_id: resourceId,
          date: DATE,
          quantity: MAX - 1,
          cart_id: "cart_other_shopper",
        })
        expect(await available()).toBe(1)

        const outcome = await service().confirmCartHolds({
          cart_id: cartId,
          order_id: "order_test",
          requirements: [{ resource_id: resourceId, date: DATE, quantity: 2 }],
        })
        expect(outcome.confirmed).toEqual([])
        expect(outcome.failed.map((h) => h.id)).toEqual([hold.id])

        const failed = await onlyHold(cartId)
        expect(failed).toMatchObject({ id: hold.id, status: "EXPIRED", order_id: "order_test" })
        expect(failed.confirmation_error).toEqual(expect.stringContaining(hold.id))
        expect(failed.confirmation_error).toEqual(expect.stringContaining("available 1"))
        expect(await available()).toBe(1)
        expect((await service().retrieveHold(other.id)).status).toBe("ACTIVE")

        await eventually(async () => {
          expect(eventsOf(ResourceBookingEvents.HOLD_CONFIRMATION_FAILED, hold.id)).toEqual([
            {
              name: ResourceBookingEvents.HOLD_CONFIRMATION_FAILED,
              data: expect.objectContaining({ id: hold.id, order_id: "order_test" }),
            },
          ])
        })
      })
    })

    // ------------------------------------------------------------------ 8. idempotency

    describe("8. idempotent confirmation", () => {
      it("running confirmCartHoldsWorkflow again for the order confirms nothing twice", async () => {
        const { cartId, orderId, hold } = await placeOrder()
        const first = await eventually(async () => {
          const current = await onlyHold(cartId)
          expect(current).toMatchObject({ id: hold.id, status: "CONFIRMED", order_id: orderId })
          return current
        })
        expect(await available()).toBe(MAX - 2)
        await eventually(async () => {
          expect(eventsOf(ResourceBookingEvents.HOLD_CONFIRMED, hold.id)).toHaveLength(1)
        })

        for (let run = 0; run < 2; run++) {
          const { result } = await confirmCartHoldsWorkflow(getContainer()).run({ input: { order_id: orderId } })
          expect(result?.confirmed ?? []).toEqual([])
          expect(result?.failed ?? []).toEqual([])
          expect(result?.released ?? []).toEqual([])
        }

        const holds = await adminHolds(cartId)
        expect(holds).toEqual([first])
        expect(await available()).toBe(MAX - 2)
        expect(eventsOf(ResourceBookingEvents.HOLD_CONFIRMED, hold.id)).toHaveLength(1)
      })
    })
  },
})
