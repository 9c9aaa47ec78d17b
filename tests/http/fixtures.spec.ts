import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { quietCleanupSchedule } from "./quiet-schedule"
import {
  AdminAuth,
  StoreContext,
  completeCartByHand,
  createAdminAuth,
  createCart,
  createCartInSalesChannel,
  createStoreContext,
  expectStatus,
  rawQuery,
} from "./fixtures"

// The cron must not fire mid-test: tests call the cleanup themselves. (Not "0 0 1 1 *": more
// than ~24.8 days away it overflows setTimeout and fires continuously; start-up now refuses it.)
process.env.HOLD_CLEANUP_INTERVAL = quietCleanupSchedule()

medusaIntegrationTestRunner({
  inApp: true,
  dbName: `${process.env.DB_TEMP_NAME}_http_fixtures`,
  env: {},
  testSuite: ({ api, getContainer, dbConnection }) => {
    // Top-level beforeAll: runs after the runner's beforeAll (app booted) and before the
    // runner snapshots the template, so these keys/ids survive into every test.
    let admin: AdminAuth
    let store: StoreContext
    let firstBlockAdmin: AdminAuth

    beforeAll(async () => {
      admin = await createAdminAuth(getContainer())
      store = await createStoreContext(getContainer())
    })

    describe("createAdminAuth", () => {
      // This block holds the file's first test, so its beforeAll also runs before the
      // template is taken: the key survives like the top-level ones (checked further down).
      beforeAll(async () => {
        firstBlockAdmin = await createAdminAuth(getContainer(), { title: "first block key" })
      })

      it("authenticates GET /admin/regions with a real secret key (401 without)", async () => {
        expect(admin.token).toMatch(/^sk_/)
        const ok = await expectStatus(api.get("/admin/regions", admin), 200)
        expect(ok.data.regions.map((r: { id: string }) => r.id)).toContain(store.regionId)

        const anonymous = await expectStatus(api.get("/admin/regions"))
        expect(anonymous.status).toBe(401)

        // Sent as Bearer instead of Basic, the same secret key is refused.
        const bearer = await expectStatus(
          api.get("/admin/regions", { headers: { authorization: `Bearer ${admin.token}` } })
        )
        expect(bearer.status).toBe(401)
      })
    })

    describe("createStoreContext", () => {
      it("gives a publishable key that GET /store/regions accepts (400 without)", async () => {
        expect(store.publishableKey).toMatch(/^pk_/)
        expect(store.headers).toEqual({ "x-publishable-api-key": store.publishableKey })
        expect(store.otherSalesChannelId).not.toBe(store.salesChannelId)

        const ok = await expectStatus(api.get("/store/regions", { headers: store.headers }), 200)
        const region = ok.data.regions.find((r: { id: string }) => r.id === store.regionId)
        expect(region).toMatchObject({ currency_code: "eur" })
        expect(region.countries.map((c: { iso_2: string }) => c.iso_2)).toEqual(["de"])

        const missing = await expectStatus(api.get("/store/regions"))
        expect(missing.status).toBe(400)
        expect(missing.data.message).toMatch(/publishable/i)
      })

      it("links the key to salesChannelId only", async () => {
        const rows = await rawQuery(
          dbConnection,
          `SELECT sales_channel_id FROM publishable_api_key_sales_channel
            WHERE publishable_key_id = ? AND deleted_at IS NULL`,
          [store.publishableKeyId]
        )
        expect(rows).toEqual([{ sales_channel_id: store.salesChannelId }])

        // The store API refuses a cart in the unlinked channel for this key.
        const refused = await expectStatus(
          api.post(
            "/store/carts",
            { region_id: store.regionId, sales_channel_id: store.otherSalesChannelId },
            { headers: store.headers }
          )
        )
        expect(refused.status).toBe(400)
      })
    })

    describe("carts", () => {
      it("createCart creates a cart through POST /store/carts in the key's channel", async () => {
        const cart = await createCart(api, store, { email: "buyer@example.com" })
        expect(cart).toMatchObject({
          region_id: store.regionId,
          sales_channel_id: store.salesChannelId,
          currency_code: "eur",
          email: "buyer@example.com",
          completed_at: null,
        })

        const fetched = await expectStatus(
          api.get(`/store/carts/${cart.id}`, { headers: store.headers }),
          200
        )
        expect(fetched.data.cart).toMatchObject({
          id: cart.id,
          sales_channel_id: store.salesChannelId,
          completed_at: null,
        })
      })

      it("createCartInSalesChannel creates a cart in the channel not linked to the key", async () => {
        const cart = await createCartInSalesChannel(
          getContainer(),
          store.otherSalesChannelId,
          store.regionId
        )
        expect(cart.sales_channel_id).toBe(store.otherSalesChannelId)

        const fetched = await expectStatus(
          api.get(`/store/carts/${cart.id}`, { headers: store.headers }),
          200
        )
        expect(fetched.data.cart).toMatchObject({
          id: cart.id,
          sales_channel_id: store.otherSalesChannelId,
          region_id: store.regionId,
        })
      })

      it("completeCartByHand sets completed_at", async () => {
        const cart = await createCart(api, store)
        expect(cart.completed_at).toBeNull()
        const before = Date.now()

        const updated = await completeCartByHand(getContainer(), cart.id)
        expect(updated.completed_at).toBeTruthy()

        const fetched = await expectStatus(
          api.get(`/store/carts/${cart.id}`, { headers: store.headers }),
          200
        )
        expect(fetched.data.cart.completed_at).toEqual(expect.any(String))
        expect(new Date(fetched.data.cart.completed_at).getTime()).toBeGreaterThanOrEqual(before - 1000)

        const rows = await rawQuery(dbConnection, `SELECT completed_at FROM cart WHERE id = ?`, [cart.id])
        expect(rows[0].completed_at).not.toBeNull()
      })
    })

    describe("expectStatus and rawQuery", () => {
      it("resolves 2xx and non-2xx responses alike and checks the expected status", async () => {
        const ok = await expectStatus(api.get("/health"))
        expect(ok.status).toBe(200)

        const notFound = await expectStatus(
          api.get("/store/carts/cart_does_not_exist", { headers: store.headers }),
          404
        )
        expect(notFound.data).toMatchObject({ type: "not_found" })

        await expect(expectStatus(api.get("/health"), 201)).rejects.toThrow(
          /Expected HTTP 201, got 200/
        )
        // Errors without an HTTP response (here: a bad URL) are rethrown, not swallowed.
        await expect(expectStatus(api.get("http://localhost:1/nothing"))).rejects.toThrow()
      })

      it("rawQuery returns rows with ? bindings", async () => {
        const rows = await rawQuery<{ n: number; s: string }>(
          dbConnection,
          "SELECT ?::int AS n, ?::text AS s",
          [41, "x"]
        )
        expect(rows).toEqual([{ n: 41, s: "x" }])
      })
    })

    // ---- What survives between tests (documented in fixtures.ts) ------------------------
    describe("data retention between tests", () => {
      let cartFromPreviousTest: string

      it("(1/2) creates a cart inside a test", async () => {
        const cart = await createCart(api, store)
        cartFromPreviousTest = cart.id
        const rows = await rawQuery(dbConnection, `SELECT id FROM cart WHERE id = ?`, [cart.id])
        expect(rows).toHaveLength(1)
      })

      it("(2/2) the previous test's cart is gone; the beforeAll keys still work", async () => {
        const rows = await rawQuery(dbConnection, `SELECT id FROM cart`)
        expect(rows).toEqual([])
        await expectStatus(
          api.get(`/store/carts/${cartFromPreviousTest}`, { headers: store.headers }),
          404
        )

        await expectStatus(api.get("/admin/regions", admin), 200)
        await expectStatus(api.get("/admin/regions", firstBlockAdmin), 200)
        await expectStatus(api.get("/store/regions", { headers: store.headers }), 200)
        const keys = await rawQuery(
          dbConnection,
          `SELECT id FROM api_key WHERE id IN (?, ?, ?)`,
          [admin.apiKeyId, firstBlockAdmin.apiKeyId, store.publishableKeyId]
        )
        expect(keys).toHaveLength(3)
      })
    })

    describe("a beforeAll in a later describe block (TRAP)", () => {
      let lateAdmin: AdminAuth
      let lateStore: StoreContext

      beforeAll(async () => {
        // Runs after the template was taken (at the file's first test) and BEFORE the
        // runner's beforeEach of this block's first test — which restores the template.
        lateAdmin = await createAdminAuth(getContainer())
        lateStore = await createStoreContext(getContainer())
      })

      const expectWiped = async () => {
        const keys = await rawQuery(dbConnection, `SELECT id FROM api_key WHERE id IN (?, ?)`, [
          lateAdmin.apiKeyId,
          lateStore.publishableKeyId,
        ])
        expect(keys).toEqual([])
        const regions = await rawQuery(dbConnection, `SELECT id FROM region WHERE id = ?`, [
          lateStore.regionId,
        ])
        expect(regions).toEqual([])
        await expectStatus(api.get(`/admin/regions/${lateStore.regionId}`, admin), 404)
        await expectStatus(api.get("/admin/regions", lateAdmin), 401)
        const store400 = await expectStatus(
          api.get("/store/regions", { headers: lateStore.headers }),
          400
        )
        expect(store400.data.message).toMatch(/publishable/i)
      }

      it("(1/2) its data is already gone in the block's FIRST test", expectWiped)
      it("(2/2) and stays gone", expectWiped)
    })

    describe("beforeEach fixtures", () => {
      const seen: string[] = []
      let perTest: StoreContext

      beforeEach(async () => {
        perTest = await createStoreContext(getContainer())
      })

      it.each([1, 2])("are recreated for every test (%i/2)", async () => {
        seen.push(perTest.publishableKeyId)
        await expectStatus(api.get("/store/regions", { headers: perTest.headers }), 200)
        const cart = await createCart(api, perTest)
        expect(cart.sales_channel_id).toBe(perTest.salesChannelId)
        expect(new Set(seen).size).toBe(seen.length)
      })
    })
  },
})
