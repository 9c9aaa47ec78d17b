import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { quietCleanupSchedule } from "./quiet-schedule"
import {
  AdminAuth,
  StoreContext,
  createAdminAuth,
  createCart,
  createStoreContext,
  expectStatus,
  rawQuery,
} from "./fixtures"
import {
  SellableProduct,
  cancelOrder,
  checkoutCart,
  completeCart,
  createSellableProduct,
  initiatePaymentSession,
} from "./checkout-fixtures"

// The cleanup cron must not fire mid-test (see fixtures.spec.ts). Set before the runner's
// beforeAll boots the app, which reads it.
process.env.HOLD_CLEANUP_INTERVAL = quietCleanupSchedule()

medusaIntegrationTestRunner({
  inApp: true,
  dbName: `${process.env.DB_TEMP_NAME}_http_checkout`,
  env: {},
  testSuite: ({ api, getContainer, dbConnection }) => {
    // Top-level beforeAll: before the runner's template snapshot, so all of it survives
    // into every test (see the header of fixtures.ts).
    let admin: AdminAuth
    let store: StoreContext
    let product: SellableProduct

    beforeAll(async () => {
      admin = await createAdminAuth(getContainer())
      store = await createStoreContext(getContainer())
      product = await createSellableProduct(getContainer(), store)
    })

    const headers = () => ({ headers: store.headers })
    const bookingItem = (booking_date = "2027-03-01") => ({
      variant_id: product.variantIds.a,
      quantity: 1,
      metadata: { booking_date },
    })

    describe("createSellableProduct", () => {
      it("sells two variants in the key's channel, priced in the region's currency", async () => {
        const { data } = await expectStatus(
          api.get(`/store/products/${product.productId}`, {
            ...headers(),
            params: { region_id: store.regionId, fields: "*variants.calculated_price" },
          }),
          200
        )
        const byId = new Map<string, any>(data.product.variants.map((v: any) => [v.id, v]))
        expect(byId.get(product.variantIds.a)).toMatchObject({
          title: "bookable",
          calculated_price: { calculated_amount: 100, currency_code: "eur" },
        })
        expect(byId.get(product.variantIds.b)).toMatchObject({
          title: "plain",
          calculated_price: { calculated_amount: 20, currency_code: "eur" },
        })
      })

      it("stocks both variants at its location, and the store offers its shipping option", async () => {
        const levels = await rawQuery(
          dbConnection,
          `SELECT inventory_item_id, stocked_quantity FROM inventory_level
            WHERE location_id = ? AND deleted_at IS NULL ORDER BY inventory_item_id`,
          [product.stockLocationId]
        )
        expect(levels).toHaveLength(2)
        expect(levels.map((l) => Number(l.stocked_quantity))).toEqual([1000, 1000])
        expect(levels.map((l) => l.inventory_item_id).sort()).toEqual(
          [product.inventoryItemIds.a, product.inventoryItemIds.b].sort()
        )

        const cart = await createCart(api, store)
        await expectStatus(
          api.post(`/store/carts/${cart.id}/line-items`, bookingItem(), headers()),
          200
        )
        const { data } = await expectStatus(
          api.get(`/store/shipping-options`, { ...headers(), params: { cart_id: cart.id } }),
          200
        )
        expect(data.shipping_options.map((o: any) => o.id)).toEqual([product.shippingOptionId])
        expect(data.shipping_options[0]).toMatchObject({ amount: 10, price_type: "flat" })
      })
    })

    describe("createSellableProduct inside a test", () => {
      it("can be called again (manageInventory: false): its own option, no stock, checks out", async () => {
        const started = Date.now()
        const unmanaged = await createSellableProduct(getContainer(), store, {
          manageInventory: false,
          prices: { a: 7, b: 3 },
          shippingAmount: 4,
        })
        const tookMs = Date.now() - started
        expect(tookMs).toBeLessThan(30_000)
        expect(unmanaged.productId).not.toBe(product.productId)
        expect(unmanaged.shippingOptionId).not.toBe(product.shippingOptionId)
        expect(unmanaged.stockLocationId).not.toBe(product.stockLocationId)
        expect(unmanaged.shippingProfileId).toBe(product.shippingProfileId)
        expect(unmanaged.inventoryItemIds).toEqual({})

        const cartId = await checkoutCart(api, store, {
          items: [{ variant_id: unmanaged.variantIds.a, quantity: 3, metadata: { booking_date: "2027-04-01" } }],
          shippingOptionId: unmanaged.shippingOptionId,
        })
        const completed = await completeCart(api, store, cartId)
        expect(completed.status).toBe(200)
        expect(completed.data.type).toBe("order")
        const { data } = await expectStatus(
          api.get(`/admin/orders/${completed.data.order.id}`, admin),
          200
        )
        expect(data.order.total).toBe(3 * 7 + 4)
        const reservations = await rawQuery(
          dbConnection,
          `SELECT id FROM reservation_item WHERE line_item_id = ? AND deleted_at IS NULL`,
          [data.order.items[0].id]
        )
        expect(reservations).toEqual([])
      })
    })

    describe("checkoutCart", () => {
      it("keeps line item metadata and prepares shipping + a payment session (not completed)", async () => {
        const cartId = await checkoutCart(api, store, {
          items: [bookingItem("2027-03-01"), { variant_id: product.variantIds.b, quantity: 2 }],
          email: "booker@example.com",
          shippingOptionId: product.shippingOptionId,
        })

        const { data } = await expectStatus(api.get(`/store/carts/${cartId}`, headers()), 200)
        const cart = data.cart
        expect(cart).toMatchObject({
          completed_at: null,
          email: "booker@example.com",
          region_id: store.regionId,
          sales_channel_id: store.salesChannelId,
          shipping_address: { country_code: "de" },
        })
        const a = cart.items.find((i: any) => i.variant_id === product.variantIds.a)
        const b = cart.items.find((i: any) => i.variant_id === product.variantIds.b)
        expect(a).toMatchObject({ quantity: 1, unit_price: 100, metadata: { booking_date: "2027-03-01" } })
        expect(b).toMatchObject({ quantity: 2, unit_price: 20 })
        expect(cart.shipping_methods).toHaveLength(1)
        expect(cart.shipping_methods[0]).toMatchObject({
          shipping_option_id: product.shippingOptionId,
          amount: 10,
        })
        expect(cart.payment_collection.payment_sessions).toHaveLength(1)
        expect(cart.payment_collection.payment_sessions[0]).toMatchObject({
          provider_id: "pp_system_default",
          status: "pending",
        })
      })

      it("picks the store's shipping option when none is given", async () => {
        const cartId = await checkoutCart(api, store, { items: [bookingItem()] })
        const { data } = await expectStatus(api.get(`/store/carts/${cartId}`, headers()), 200)
        expect(data.cart.shipping_methods[0].shipping_option_id).toBe(product.shippingOptionId)
      })

      it("merges same variant + same metadata; keeps different metadata on separate lines", async () => {
        const cartId = await checkoutCart(api, store, {
          items: [bookingItem("2027-03-01"), bookingItem("2027-03-01"), bookingItem("2027-03-02")],
          shippingOptionId: product.shippingOptionId,
        })
        const { data } = await expectStatus(api.get(`/store/carts/${cartId}`, headers()), 200)
        const lines = data.cart.items
          .map((i: any) => ({ date: i.metadata.booking_date, quantity: i.quantity }))
          .sort((x: any, y: any) => x.date.localeCompare(y.date))
        expect(lines).toEqual([
          { date: "2027-03-01", quantity: 2 },
          { date: "2027-03-02", quantity: 1 },
        ])
      })
    })

    describe("completeCart", () => {
      it("completes a one-item cart into an order with the item's metadata and an authorized payment", async () => {
        const cartId = await checkoutCart(api, store, {
          items: [bookingItem("2027-03-01")],
          shippingOptionId: product.shippingOptionId,
        })

        const completed = await completeCart(api, store, cartId)
        expect(completed.status).toBe(200)
        expect(completed.data.type).toBe("order")
        const orderId = completed.data.order.id
        expect(orderId).toMatch(/^order_/)
        expect(completed.data.order).toMatchObject({ status: "pending", email: "buyer@example.com" })

        // sales_channel_id, email and canceled_at are not among the admin order's default fields.
        const { data } = await expectStatus(
          api.get(`/admin/orders/${orderId}`, {
            ...admin,
            params: { fields: "+sales_channel_id,+email" },
          }),
          200
        )
        const order = data.order
        expect(order.items).toHaveLength(1)
        expect(order.items[0]).toMatchObject({
          variant_id: product.variantIds.a,
          quantity: 1,
          unit_price: 100,
          metadata: { booking_date: "2027-03-01" },
        })
        expect(order).toMatchObject({
          status: "pending",
          payment_status: "authorized",
          sales_channel_id: store.salesChannelId,
          region_id: store.regionId,
          total: 110,
        })
        expect(order.payment_collections).toHaveLength(1)
        expect(order.payment_collections[0]).toMatchObject({ status: "authorized", amount: 110 })
        expect(order.payment_collections[0].payments).toHaveLength(1)
        expect(order.payment_collections[0].payments[0].provider_id).toBe("pp_system_default")

        const cart = await expectStatus(api.get(`/store/carts/${cartId}`, headers()), 200)
        expect(cart.data.cart.completed_at).toEqual(expect.any(String))

        // Stock is reserved for the order's line item at the product's location.
        const reservations = await rawQuery(
          dbConnection,
          `SELECT inventory_item_id, location_id, quantity FROM reservation_item
            WHERE line_item_id = ? AND deleted_at IS NULL`,
          [order.items[0].id]
        )
        expect(reservations).toHaveLength(1)
        expect(reservations[0]).toMatchObject({
          inventory_item_id: product.inventoryItemIds.a,
          location_id: product.stockLocationId,
        })
        expect(Number(reservations[0].quantity)).toBe(1)

        // Completing the same cart again returns the same order.
        const again = await completeCart(api, store, cartId)
        expect(again.status).toBe(200)
        expect(again.data).toMatchObject({ type: "order", order: { id: orderId } })
      })

      it("answers 4xx { type, message } when the cart cannot be completed (no order made)", async () => {
        const noPayment = await createCart(api, store, { email: "buyer@example.com" })
        await expectStatus(
          api.post(`/store/carts/${noPayment.id}/line-items`, bookingItem(), headers()),
          200
        )
        const address = { address_1: "Teststrasse 1", city: "Berlin", country_code: "de" }
        await expectStatus(
          api.post(`/store/carts/${noPayment.id}`, { shipping_address: address }, headers()),
          200
        )
        await expectStatus(
          api.post(
            `/store/carts/${noPayment.id}/shipping-methods`,
            { option_id: product.shippingOptionId },
            headers()
          ),
          200
        )
        // No payment collection at all (with a collection but no session, the message is
        // "Payment sessions are required to complete cart": see the line items test).
        const refused = await completeCart(api, store, noPayment.id)
        expect(refused).toEqual({
          status: 400,
          data: { type: "invalid_data", message: "Payment collection has not been initiated for cart" },
        })

        const noShipping = await createCart(api, store, { email: "buyer@example.com" })
        await expectStatus(
          api.post(`/store/carts/${noShipping.id}/line-items`, bookingItem(), headers()),
          200
        )
        await initiatePaymentSession(api, store, noShipping.id)
        const refused2 = await completeCart(api, store, noShipping.id)
        expect(refused2).toEqual({
          status: 400,
          data: {
            type: "invalid_data",
            message: "No shipping method selected but the cart contains items that require shipping.",
          },
        })

        const carts = await rawQuery(
          dbConnection,
          `SELECT completed_at FROM cart WHERE id IN (?, ?)`,
          [noPayment.id, noShipping.id]
        )
        expect(carts).toEqual([{ completed_at: null }, { completed_at: null }])
        const orders = await rawQuery(dbConnection, `SELECT id FROM "order"`)
        expect(orders).toEqual([])

        const unknown = await completeCart(api, store, "cart_does_not_exist")
        expect(unknown).toEqual({
          status: 404,
          data: { type: "not_found", message: "Cart with id 'cart_does_not_exist' not found" },
        })
      })
    })

    describe("cancelOrder", () => {
      it("cancels a completed order (status canceled)", async () => {
        const cartId = await checkoutCart(api, store, {
          items: [bookingItem()],
          shippingOptionId: product.shippingOptionId,
        })
        const completed = await completeCart(api, store, cartId)
        expect(completed.data.type).toBe("order")
        const orderId = completed.data.order.id

        const canceled = await cancelOrder(api, admin, orderId)
        expect(canceled.status).toBe(200)
        expect(canceled.data.order).toMatchObject({ id: orderId, status: "canceled" })

        const { data } = await expectStatus(
          api.get(`/admin/orders/${orderId}`, { ...admin, params: { fields: "+canceled_at" } }),
          200
        )
        expect(data.order.status).toBe("canceled")
        expect(data.order.canceled_at).toEqual(expect.any(String))
        // The authorized (never captured) system payment is canceled with it.
        expect(data.order.payment_status).toBe("canceled")
        expect(data.order.payment_collections.map((c: any) => c.status)).toEqual(["canceled"])

        // The reservation of the canceled order's item is released.
        const reservations = await rawQuery(
          dbConnection,
          `SELECT id FROM reservation_item WHERE line_item_id = ? AND deleted_at IS NULL`,
          [data.order.items[0].id]
        )
        expect(reservations).toEqual([])

        const unauthenticated = await expectStatus(api.post(`/admin/orders/${orderId}/cancel`, {}))
        expect(unauthenticated.status).toBe(401)
      })
    })

    describe("line items", () => {
      it("deletes a line item through DELETE /store/carts/:id/line-items/:line_id", async () => {
        const cartId = await checkoutCart(api, store, {
          items: [bookingItem("2027-03-01"), { variant_id: product.variantIds.b, quantity: 1 }],
          shippingOptionId: product.shippingOptionId,
        })
        const before = await expectStatus(api.get(`/store/carts/${cartId}`, headers()), 200)
        expect(before.data.cart.items).toHaveLength(2)
        const bookable = before.data.cart.items.find(
          (i: any) => i.variant_id === product.variantIds.a
        )

        const deleted = await expectStatus(
          api.delete(`/store/carts/${cartId}/line-items/${bookable.id}`, headers()),
          200
        )
        expect(deleted.data).toMatchObject({ id: bookable.id, object: "line-item", deleted: true })
        expect(deleted.data.parent.items.map((i: any) => i.variant_id)).toEqual([
          product.variantIds.b,
        ])

        const after = await expectStatus(api.get(`/store/carts/${cartId}`, headers()), 200)
        expect(after.data.cart.items.map((i: any) => i.id)).not.toContain(bookable.id)
        expect(after.data.cart.items).toHaveLength(1)

        // PITFALL: the deletion changed the total, so the payment session is gone …
        expect(after.data.cart.payment_collection.payment_sessions).toEqual([])
        const refused = await completeCart(api, store, cartId)
        expect(refused.status).toBe(400)
        expect(refused.data).toEqual({
          type: "invalid_data",
          message: "Payment sessions are required to complete cart",
        })

        // … and the rest of the cart checks out once a session is initiated again.
        const collection = await initiatePaymentSession(api, store, cartId)
        expect(collection.amount).toBe(30)
        const completed = await completeCart(api, store, cartId)
        expect(completed.status).toBe(200)
        expect(completed.data.type).toBe("order")
      })
    })
  },
})
