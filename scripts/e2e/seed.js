/**
 * What the browser test looks at, seeded over the real APIs of the running app (the way
 * scripts/check-plugin/scenario.js does): a secret admin key, a store channel with a
 * publishable key and a region, one resource with 5 units on each of four dates, and five
 * holds on five carts:
 *
 *   date  hold  units  state
 *   D1    H1    2      ACTIVE                        (stays; "Set capacity" makes D1 full with it)
 *   D2    H2    1      ACTIVE                        (released from the holds table)
 *   D2    H3    2      ACTIVE, overdue (SQL)         (expired by "Run cleanup now")
 *   D3    H4    2      ACTIVE, overdue (SQL)         (expired by "Run cleanup now")
 *   D3    H5    1      CONFIRMED (admin confirm)
 *
 * so the overview starts at 4 active, 2 overdue, 1 confirmed and 8 of 20 units taken (40%).
 * The dates are 2–5 days out, all in one calendar month.
 *
 * A second resource, "E2E Lakeside cabin", starts with the default booking rules and no
 * capacity (so it leaves the overview's figures alone): browser.js sets its rules through the
 * resource form, then gives it capacity and books a range on it (D1 → D3, turnaround D4).
 *
 * A third resource, "E2E Harbour ferry", is sold by departure (booking_unit "departure") and
 * starts without capacity, booked by the variant of a product "E2E Harbour ferry ticket"
 * (50 EUR, in the store channel, no inventory): browser.js gives it a weekly schedule through
 * "Set capacity" and books one departure of it through the cart route with that variant.
 */
const { client, expectStatus } = require("../lib/http")
const { createCart, createStorefront, secretKeyHeaders } = require("../lib/store-setup")
const { addDays } = require("../lib/calendar")

const RESOURCE_NAME = "E2E Kayak tour"
const UNITS_PER_DATE = 5
const CABIN_NAME = "E2E Lakeside cabin"
const CABIN_DESCRIPTION = "Booked by the night, one day to clean"
const FERRY_NAME = "E2E Harbour ferry"
const FERRY_DESCRIPTION = "Sold by departure"
/** The booking rules of a resource created without any (the module's defaults). */
const DEFAULT_RULES = { timezone: null, min_days: 1, max_days: null, turnaround_days: 0, cutoff_minutes: 0, horizon_days: null }

/** Four consecutive dates from today + 2, moved to the next month's 1st if they would straddle two months. */
function bookingDates(today) {
  let first = addDays(today, 2)
  if (addDays(first, 3).slice(0, 7) !== first.slice(0, 7)) {
    first = `${addDays(`${first.slice(0, 7)}-01`, 31).slice(0, 7)}-01`
  }
  return [0, 1, 2, 3].map((n) => addDays(first, n))
}

async function seed({ baseUrl, db, admin, check }) {
  const api = client(baseUrl)
  const s = {
    baseUrl,
    api,
    resourceName: RESOURCE_NAME,
    cabinName: CABIN_NAME,
    cabinDescription: CABIN_DESCRIPTION,
    ferryName: FERRY_NAME,
    ferryDescription: FERRY_DESCRIPTION,
    defaultRules: DEFAULT_RULES,
    db,
  }
  /** The health report (200, or 503 with the same body when unhealthy). */
  s.health = async () => {
    const response = await api.get("/admin/resource-booking/health", { headers: s.admin })
    if (![200, 503].includes(response.status)) expectStatus(response, 200, "GET /admin/resource-booking/health")
    return response.body
  }
  /** One hold as the admin API lists it (the list has no id filter: by cart). */
  s.hold = async (key) => {
    const { cart_id, id } = s.holds[key]
    const { holds } = expectStatus(
      await api.get(`/admin/resource-booking/holds?cart_id=${cart_id}`, { headers: s.admin }),
      200,
      "GET /admin/resource-booking/holds"
    )
    return holds.find((hold) => hold.id === id)
  }
  const [{ today }] = (await db.query("SELECT to_char(current_date, 'YYYY-MM-DD') AS today")).rows
  s.today = today
  s.dates = bookingDates(today)

  await check("a secret admin API key (POST /auth/user/emailpass, POST /admin/api-keys)", async () => {
    const secret = await secretKeyHeaders(api, admin, "e2e")
    s.admin = secret.headers
    return secret.redacted
  })

  await check("a sales channel, a publishable key linked to it, a region", async () => {
    Object.assign(s, await createStorefront(api, s.admin, "E2E"))
    return `channel ${s.channelId}, region ${s.regionId}`
  })

  await check(`resource "${RESOURCE_NAME}" with ${UNITS_PER_DATE} units on ${s.dates[0]} … ${s.dates[3]}`, async () => {
    const resource = expectStatus(
      await api.post("/admin/resource-booking/resources", { name: RESOURCE_NAME, description: "Seeded by npm run test:e2e" }, { headers: s.admin }),
      200,
      "POST /admin/resource-booking/resources"
    ).resource
    expectStatus(
      await api.post(
        `/admin/resource-booking/resources/${resource.id}/capacity`,
        { from: s.dates[0], to: s.dates[3], max_capacity: UNITS_PER_DATE },
        { headers: s.admin }
      ),
      200,
      "POST /admin/resource-booking/resources/:id/capacity"
    )
    s.resourceId = resource.id
    return resource.id
  })

  await check(`resource "${CABIN_NAME}" with the default booking rules and no capacity`, async () => {
    const resource = expectStatus(
      await api.post("/admin/resource-booking/resources", { name: CABIN_NAME, description: CABIN_DESCRIPTION }, { headers: s.admin }),
      200,
      "POST /admin/resource-booking/resources"
    ).resource
    const rules = Object.fromEntries(Object.keys(DEFAULT_RULES).map((key) => [key, resource[key]]))
    if (JSON.stringify(rules) !== JSON.stringify(DEFAULT_RULES)) {
      throw new Error(`rules ${JSON.stringify(rules)}, expected ${JSON.stringify(DEFAULT_RULES)}`)
    }
    s.cabinId = resource.id
    return `${resource.id}: ${JSON.stringify(rules)}`
  })

  await check(`resource "${FERRY_NAME}" sold by departure (booking_unit "departure"), no capacity`, async () => {
    const resource = expectStatus(
      await api.post(
        "/admin/resource-booking/resources",
        { name: FERRY_NAME, description: FERRY_DESCRIPTION, booking_unit: "departure" },
        { headers: s.admin }
      ),
      200,
      "POST /admin/resource-booking/resources (booking_unit departure)"
    ).resource
    if (resource.booking_unit !== "departure" || resource.min_quantity !== null) {
      throw new Error(`booking_unit ${JSON.stringify(resource.booking_unit)}, min_quantity ${JSON.stringify(resource.min_quantity)}; expected "departure", null`)
    }
    s.ferryId = resource.id
    return `${resource.id}: booking_unit "${resource.booking_unit}", min_quantity ${resource.min_quantity}`
  })

  await check(`product "${FERRY_NAME} ticket" with one variant, linked to "${FERRY_NAME}" (POST /admin/resource-booking/resources/:id/variants)`, async () => {
    const product = expectStatus(
      await api.post(
        "/admin/products",
        {
          title: `${FERRY_NAME} ticket`,
          status: "published",
          options: [{ title: "Ticket", values: ["Adult"] }],
          variants: [
            { title: "Adult", options: { Ticket: "Adult" }, manage_inventory: false, prices: [{ amount: 50, currency_code: "eur" }] },
          ],
          sales_channels: [{ id: s.channelId }],
        },
        { headers: s.admin }
      ),
      200,
      "POST /admin/products"
    ).product
    s.ferryVariantId = product.variants[0].id
    const { resource } = expectStatus(
      await api.post(`/admin/resource-booking/resources/${s.ferryId}/variants`, { add: [s.ferryVariantId] }, { headers: s.admin }),
      200,
      "POST /admin/resource-booking/resources/:id/variants"
    )
    const linked = (resource.product_variants || []).map((variant) => variant.id)
    if (!linked.includes(s.ferryVariantId)) throw new Error(`the resource lists variants ${JSON.stringify(linked)}`)
    return `variant ${s.ferryVariantId} books ${s.ferryId}`
  })

  const plan = [
    { key: "H1", date: s.dates[0], quantity: 2 },
    { key: "H2", date: s.dates[1], quantity: 1 },
    { key: "H3", date: s.dates[1], quantity: 2 },
    { key: "H4", date: s.dates[2], quantity: 2 },
    { key: "H5", date: s.dates[2], quantity: 1 },
  ]
  s.holds = {}
  await check("five holds through POST /store/resource-booking/holds, one cart each", async () => {
    for (const hold of plan) {
      const cart = await createCart(api, s, `${hold.key.toLowerCase()}@e2e.local`)
      const created = expectStatus(
        await api.post(
          "/store/resource-booking/holds",
          { resource_id: s.resourceId, date: hold.date, quantity: hold.quantity, cart_id: cart.id },
          { headers: s.store }
        ),
        201,
        "POST /store/resource-booking/holds"
      ).hold
      s.holds[hold.key] = { ...hold, id: created.id, cart_id: cart.id }
    }
    return plan.map((h) => `${h.key} ${h.quantity}×${h.date}`).join(", ")
  })

  await check("H5 confirmed (POST /admin/resource-booking/holds/:id/confirm)", async () => {
    const { hold } = expectStatus(
      await api.post(`/admin/resource-booking/holds/${s.holds.H5.id}/confirm`, {}, { headers: s.admin }),
      200,
      "POST /admin/resource-booking/holds/:id/confirm"
    )
    if (hold.status !== "CONFIRMED") throw new Error(`status ${hold.status}`)
    return hold.id
  })

  await check("H3 and H4 made overdue (SQL: expires_at 10 minutes ago)", async () => {
    const ids = [s.holds.H3.id, s.holds.H4.id]
    const { rowCount } = await db.query(
      `UPDATE resource_hold SET expires_at = now() - interval '10 minutes', created_at = now() - interval '40 minutes'
        WHERE id = ANY($1) AND status = 'ACTIVE'`,
      [ids]
    )
    if (rowCount !== 2) throw new Error(`${rowCount} rows updated, expected 2`)
    return ids.join(", ")
  })

  s.expected = { active: 4, overdue: 2, confirmed: 1, utilization: 40, status: "degraded" }
  await check("GET /admin/resource-booking/health agrees with the seed (4 active, 2 overdue, 1 confirmed, 40%)", async () => {
    const health = await s.health()
    const seen = {
      active: health.holds.active,
      overdue: health.cleanup_job.overdue_holds,
      confirmed: health.holds.confirmed,
      utilization: health.capacity.utilization_percent,
      status: health.status,
    }
    if (JSON.stringify(seen) !== JSON.stringify(s.expected)) {
      throw new Error(`health ${JSON.stringify(seen)}, expected ${JSON.stringify(s.expected)}; warnings ${JSON.stringify(health.warnings)}`)
    }
    return `status "${health.status}": ${(health.warnings || []).join("; ")}`
  })
  return s
}

module.exports = { seed, addDays, bookingDates }
