/**
 * What a store owner sees after `npm install medusa-resource-booking`, `plugins: [...]` and
 * `npx medusa db:migrate`, checked over HTTP against the running consumer app (plus the
 * consumer's database for what HTTP does not show). Each step is a named check; a failed
 * check stops the scenario (later steps depend on it).
 */
const { DateTime } = require("luxon")
const { client, expectStatus } = require("../lib/http")
const { createCart, createStorefront, secretKeyHeaders } = require("../lib/store-setup")

const LINK_TABLE = "resource_booking_resource_product_product_variant"

/** A booking date `days` out (two weeks by default) in UTC, the resources' time zone here, as YYYY-MM-DD. */
function bookingDate(days = 14) {
  return DateTime.utc().plus({ days }).toISODate()
}

async function runScenario({ baseUrl, db, admin, options, logText, check }) {
  const api = client(baseUrl)
  const date = bookingDate()
  const ctx = {}

  await check("the module's link table exists after the consumer's db:migrate", async () => {
    const { rows } = await db.query("SELECT to_regclass($1) AS name", [LINK_TABLE])
    if (!rows[0].name) throw new Error(`table ${LINK_TABLE} not found`)
    return LINK_TABLE
  })

  await check("a secret API key (Medusa admin login, then POST /admin/api-keys)", async () => {
    const secret = await secretKeyHeaders(api, admin, "check-plugin")
    ctx.admin = secret.headers
    return secret.redacted
  })

  await check("GET /admin/resource-booking/health → 200 with the secret key", async () => {
    const health = expectStatus(
      await api.get("/admin/resource-booking/health", { headers: ctx.admin }),
      200,
      "GET /admin/resource-booking/health"
    )
    if (health.status !== "healthy") throw new Error(`status ${health.status}: ${JSON.stringify(health.warnings)}`)
    if (health.cleanup_job.schedule !== options.cleanupInterval) {
      throw new Error(`schedule ${health.cleanup_job.schedule}, expected the option ${options.cleanupInterval}`)
    }
    return `status "${health.status}", schedule "${health.cleanup_job.schedule}" from the cleanupInterval option (not HOLD_CLEANUP_INTERVAL)`
  })

  await check("the scheduled job loaded with the plugin option's schedule", async () => {
    const line = `cleanup-expired-holds: ${options.cleanupInterval}`
    if (!logText().includes(line)) throw new Error(`the app's log has no line "${line}"`)
    return line
  })

  await check("store setup over the admin API: sales channel, publishable key, region, product", async () => {
    Object.assign(ctx, await createStorefront(api, ctx.admin, "Check"))
    const product = expectStatus(
      await api.post(
        "/admin/products",
        {
          title: "Sunset tour",
          status: "published",
          options: [{ title: "Ticket", values: ["Adult"] }],
          variants: [
            { title: "Adult", options: { Ticket: "Adult" }, manage_inventory: false, prices: [{ amount: 50, currency_code: "eur" }] },
          ],
          sales_channels: [{ id: ctx.channelId }],
        },
        { headers: ctx.admin }
      ),
      200,
      "POST /admin/products"
    ).product
    ctx.variantId = product.variants[0].id
    return `region ${ctx.regionId}, variant ${ctx.variantId}`
  })

  await check("a resource with capacity, linked to the variant (row in the link table)", async () => {
    const resource = expectStatus(
      await api.post("/admin/resource-booking/resources", { name: "Sunset tour" }, { headers: ctx.admin }),
      200,
      "POST /admin/resource-booking/resources"
    ).resource
    expectStatus(
      await api.post(`/admin/resource-booking/resources/${resource.id}/capacity`, { from: date, to: date, max_capacity: 5 }, { headers: ctx.admin }),
      200,
      "POST /admin/resource-booking/resources/:id/capacity"
    )
    expectStatus(
      await api.post(`/admin/resource-booking/resources/${resource.id}/variants`, { add: [ctx.variantId] }, { headers: ctx.admin }),
      200,
      "POST /admin/resource-booking/resources/:id/variants"
    )
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM ${LINK_TABLE} WHERE resource_id = $1 AND product_variant_id = $2 AND deleted_at IS NULL`,
      [resource.id, ctx.variantId]
    )
    if (rows[0].n !== 1) throw new Error(`${rows[0].n} link rows for ${resource.id} ↔ ${ctx.variantId}`)
    ctx.resourceId = resource.id
    return `${resource.id}: 5 units on ${date}`
  })

  await check("a storefront cart with the bookable line and a payment session (publishable key)", async () => {
    ctx.cartId = await cartWithBookableLine(api, ctx, 2, date)
    return ctx.cartId
  })

  await check("completing the cart without a hold is refused by the plugin's workflow hook", async () => {
    const response = await api.post(`/store/carts/${ctx.cartId}/complete`, {}, { headers: ctx.store })
    const message = JSON.stringify(response.body)
    if (response.status !== 400 || !message.includes("There is no hold")) {
      throw new Error(`expected 400 "There is no hold…", got ${response.status} ${message}`)
    }
    return `400: ${response.body.message}`
  })

  await check(`POST /store/resource-booking/holds → 201, expires_at ${options.holdTtlMinutes} minutes out (the option; not HOLD_TTL_MINUTES, not the default 30)`, async () => {
    const before = Date.now()
    const hold = expectStatus(
      await api.post(
        "/store/resource-booking/holds",
        { resource_id: ctx.resourceId, date, quantity: 2, cart_id: ctx.cartId },
        { headers: ctx.store }
      ),
      201,
      "POST /store/resource-booking/holds"
    ).hold
    const minutes = (new Date(hold.expires_at).getTime() - before) / 60000
    if (Math.abs(minutes - options.holdTtlMinutes) > 0.5) {
      throw new Error(`expires_at ${hold.expires_at} is ${minutes.toFixed(2)} minutes out`)
    }
    ctx.holdId = hold.id
    return `${hold.id} expires in ${minutes.toFixed(2)} min`
  })

  await check("completing the cart places the order; order.placed confirms the hold (subscriber)", async () => {
    await startPayment(api, ctx)
    const completed = expectStatus(
      await api.post(`/store/carts/${ctx.cartId}/complete`, {}, { headers: ctx.store }),
      200,
      "POST /store/carts/:id/complete"
    )
    if (completed.type !== "order") throw new Error(`completion answered ${JSON.stringify(completed)}`)
    const deadline = Date.now() + 20_000
    let status
    while (Date.now() < deadline) {
      const { holds } = expectStatus(
        await api.get(`/admin/resource-booking/holds?cart_id=${ctx.cartId}`, { headers: ctx.admin }),
        200,
        "GET /admin/resource-booking/holds"
      )
      status = holds.find((h) => h.id === ctx.holdId)?.status
      if (status === "CONFIRMED") return `order ${completed.order.id}, hold CONFIRMED (admin holds list)`
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    throw new Error(`hold still ${status} 20 s after the order`)
  })

  await check("POST /admin/jobs/cleanup-expired-holds runs the job and the run is recorded", async () => {
    const { run } = expectStatus(
      await api.post("/admin/jobs/cleanup-expired-holds", {}, { headers: ctx.admin }),
      200,
      "POST /admin/jobs/cleanup-expired-holds"
    )
    const { rows } = await db.query("SELECT status, trigger FROM hold_cleanup_run WHERE id = $1", [run.id])
    if (!rows.length) throw new Error(`run ${run.id} not in hold_cleanup_run`)
    const health = expectStatus(
      await api.get("/admin/resource-booking/health", { headers: ctx.admin }),
      200,
      "GET /admin/resource-booking/health"
    )
    if (!health.cleanup_job.last_run) throw new Error("health shows no last run")
    return `run ${run.id}: ${rows[0].trigger}, ${rows[0].status}; health last_run ${health.cleanup_job.last_run.status}`
  })

  await runRangeBookingScenario({ api, ctx, check })
  return ctx
}

/**
 * A rental over three dates the way a storefront books it: the date picker's reads, then one
 * call to the cart bookings route (the hold on every date and the line priced for the stay
 * through Medusa's add-to-cart workflow), a rule's refusal, and the order confirming the range.
 */
async function runRangeBookingScenario({ api, ctx, check }) {
  const [from, to] = [bookingDate(20), bookingDate(22)]
  await check("the date picker: availability with the rules, and the start dates of a 3-day booking", async () => {
    expectStatus(
      await api.post(`/admin/resource-booking/resources/${ctx.resourceId}`, { min_days: 2 }, { headers: ctx.admin }),
      200,
      "POST /admin/resource-booking/resources/:id"
    )
    expectStatus(
      await api.post(`/admin/resource-booking/resources/${ctx.resourceId}/capacity`, { from, to, max_capacity: 1 }, { headers: ctx.admin }),
      200,
      "POST /admin/resource-booking/resources/:id/capacity"
    )
    const query = `resource_id=${ctx.resourceId}&from=${from}&to=${to}`
    const { availability, rules } = expectStatus(await api.get(`/store/resource-booking/availability?${query}`, { headers: ctx.store }), 200, "GET availability")
    if (availability.length !== 3 || !availability.every((day) => day.bookable && day.available === 1)) {
      throw new Error(`availability ${JSON.stringify(availability)}`)
    }
    if (rules.min_days !== 2) throw new Error(`rules ${JSON.stringify(rules)}`)
    const { starts } = expectStatus(await api.get(`/store/resource-booking/availability/starts?${query}&days=3`, { headers: ctx.store }), 200, "GET starts")
    if (JSON.stringify(starts) !== JSON.stringify([from])) throw new Error(`starts ${JSON.stringify(starts)}, expected [${from}]`)
    return `${from} → ${to}: 1 unit a date, min_days 2; a 3-day booking starts on ${starts.join(", ")}`
  })

  await check("POST /store/resource-booking/carts/:id/bookings: one hold on every date, the line at 3 × the price", async () => {
    ctx.rangeCartId = (await createCart(api, ctx)).id
    const refused = await api.post(
      `/store/resource-booking/carts/${ctx.rangeCartId}/bookings`,
      { variant_id: ctx.variantId, quantity: 1, date: from },
      { headers: ctx.store }
    )
    if (refused.status !== 400 || !String(refused.body.message).includes("min_days = 2")) {
      throw new Error(`a 1-day booking: expected 400 naming min_days = 2, got ${refused.status} ${JSON.stringify(refused.body)}`)
    }
    const { cart, hold } = expectStatus(
      await api.post(`/store/resource-booking/carts/${ctx.rangeCartId}/bookings`, { variant_id: ctx.variantId, quantity: 1, from, to }, { headers: ctx.store }),
      200,
      "POST /store/resource-booking/carts/:id/bookings"
    )
    const line = cart.items.find((item) => item.metadata?.booking_date === from)
    if (!line || line.unit_price !== 150 || line.metadata.booking_end_date !== to || line.metadata.booking_days !== 3) {
      throw new Error(`line ${JSON.stringify(line && { unit_price: line.unit_price, metadata: line.metadata })}`)
    }
    if (hold.date !== from || hold.end_date !== to) throw new Error(`hold ${JSON.stringify(hold)}`)
    ctx.rangeHoldId = hold.id
    return `1-day booking refused: "${refused.body.message}"; hold ${hold.id} ${hold.date} → ${hold.end_date}, line ${line.unit_price} (3 × 50)`
  })

  await check("completing the range's cart places the order and confirms the hold on all its dates", async () => {
    await startPayment(api, { ...ctx, cartId: ctx.rangeCartId })
    const completed = expectStatus(await api.post(`/store/carts/${ctx.rangeCartId}/complete`, {}, { headers: ctx.store }), 200, "complete")
    if (completed.type !== "order") throw new Error(`completion answered ${JSON.stringify(completed)}`)
    const deadline = Date.now() + 20_000
    let hold
    while (Date.now() < deadline) {
      const { holds } = expectStatus(await api.get(`/admin/resource-booking/holds?cart_id=${ctx.rangeCartId}`, { headers: ctx.admin }), 200, "holds")
      hold = holds.find((h) => h.id === ctx.rangeHoldId)
      if (hold?.status === "CONFIRMED") {
        const { availability } = expectStatus(
          await api.get(`/store/resource-booking/availability?resource_id=${ctx.resourceId}&from=${from}&to=${to}`, { headers: ctx.store }),
          200,
          "GET availability"
        )
        if (!availability.every((day) => day.available === 0)) throw new Error(`after the order: ${JSON.stringify(availability)}`)
        return `order ${completed.order.id} (total ${completed.order.total}), hold CONFIRMED, 0 left on each date`
      }
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    throw new Error(`hold still ${hold?.status} 20 s after the order`)
  })
}

/** A storefront cart with `quantity` of the bookable variant on `date`, ready to complete (payment session). */
async function cartWithBookableLine(api, ctx, quantity, date) {
  const cart = await createCart(api, ctx)
  expectStatus(
    await api.post(
      `/store/carts/${cart.id}/line-items`,
      { variant_id: ctx.variantId, quantity, metadata: { booking_date: date } },
      { headers: ctx.store }
    ),
    200,
    "POST /store/carts/:id/line-items"
  )
  await startPayment(api, { ...ctx, cartId: cart.id })
  return cart.id
}

/** A payment collection and a system-provider session: what completion needs before its hooks run. */
async function startPayment(api, ctx) {
  const collection = expectStatus(
    await api.post("/store/payment-collections", { cart_id: ctx.cartId }, { headers: ctx.store }),
    200,
    "POST /store/payment-collections"
  ).payment_collection
  expectStatus(
    await api.post(`/store/payment-collections/${collection.id}/payment-sessions`, { provider_id: "pp_system_default" }, { headers: ctx.store }),
    200,
    "POST /store/payment-collections/:id/payment-sessions"
  )
}

/**
 * With `registerCartValidateHook: false` and a validate handler of the store's own that calls
 * the plugin's exported `validateCartHolds`: completion without a hold is still refused with
 * the plugin's message, and the store's handler is the one that ran.
 */
async function runOwnValidateHookScenario({ baseUrl, ctx, logText, marker, check }) {
  const api = client(baseUrl)
  await check("registerCartValidateHook: false — the store's own validate handler runs the plugin's check", async () => {
    const cartId = await cartWithBookableLine(api, ctx, 1, bookingDate())
    const response = await api.post(`/store/carts/${cartId}/complete`, {}, { headers: ctx.store })
    const message = JSON.stringify(response.body)
    if (response.status !== 400 || !message.includes("There is no hold")) {
      throw new Error(`expected 400 "There is no hold…", got ${response.status} ${message}`)
    }
    if (!logText().includes(`${marker} ${cartId}`)) throw new Error(`the store's handler did not log "${marker} ${cartId}"`)
    return `400 from the store's handler: ${response.body.message}`
  })
}

module.exports = { runScenario, runOwnValidateHookScenario, LINK_TABLE }
