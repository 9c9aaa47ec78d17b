/**
 * The soak of `npm run stress`: a random mix of every request that moves capacity, from
 * `concurrency` virtual clients at once, on 2 resources × 10 dates of the soak's own with
 * small capacities (so refusals and lock waits are common), until `durationSeconds` have
 * passed. Holds book 1 to 7 dates (one date, from/to or check_in/check_out); the second
 * resource has one turnaround day, so its holds occupy one date more than they book. While
 * the load runs, the capacity invariant is read every SNAPSHOT_MS on a connection of its
 * own: every commit must leave every date every live hold occupies counted (a range expired,
 * released or confirmed on some of its dates and not others would show there). Then one
 * final cleanup, the invariant over the whole database, each soak hold's span against what
 * was asked, and the deadlocks Postgres counted on the database meanwhile.
 *
 * Contract: `runSoak` needs a running Medusa server at `baseUrl` (its cleanup job scheduled),
 * `db` a connected pg Client on that server's database (used by nothing else while the soak
 * runs), `databaseUrl` that database's URL (for the snapshot connection), `admin` the headers of a secret API key, `storefront` { channelId, store, regionId }
 * as createStorefront returns it (its region pays with pp_system_default). It creates what
 * it books (resources, a product, a shipping option) and never deletes them. It prints
 * nothing; progress and the summary go to `log`. It resolves with the result below whatever
 * the answers were; it rejects only when the set-up before the load fails.
 *
 * Each client loops: create a hold (on a cart of its own, a new cart every few holds),
 * release (a CONFIRMED one through the admin route, as the store refuses it), extend or
 * confirm one of its holds, run the cleanup, set a resource's capacity (20–40) over some of
 * the dates, take a cart through checkout to completion (half of them a one-date line and its
 * hold, half a range through POST /store/resource-booking/carts/:id/bookings), cancel an
 * order the soak placed. Meanwhile some ACTIVE holds are made overdue every second (the
 * cleanup and the lazy reclaim then have work); that moves expires_at, no units.
 *
 * Every HTTP answer is counted under its operation: 2xx ok; 400/404 with a refusal the
 * operation can meet by design (insufficient capacity, a hold limit, a hold already
 * expired or released, capacity below what is held, completion without a live hold) →
 * refused; 409 → conflict409; any other 4xx → other4xx; 5xx → server5xx (the first bodies
 * kept). Operations beside the verbs: `cart` (POST /store/carts), `book` (a range and its
 * line through the cart bookings route) and `checkout` (the line, address, shipping method
 * and payment session of a cart to complete).
 */
const fs = require("fs")
const { Client } = require("pg")
const { client, expectStatus } = require("../lib/http")
const { createCart } = require("../lib/store-setup")
const { capacityInvariant } = require("../lib/capacity-invariant")
const { createResource, LOCK_KEY_1_2 } = require("../check-cluster/seed")
const { addDays } = require("../lib/calendar")

const RESOURCES = 2
/** Dates on sale: room for the longest booking (7 dates) plus a turnaround day, and a few starts. */
const DATES = 10
/** The booking rules of resource n (n from 1): the second turns each booking around for a day. */
const RULES = [{}, { turnaround_days: 1 }]
/** Booked dates per hold: one date with ONE_DATE_SHARE, else 2 to MAX_DAYS. */
const ONE_DATE_SHARE = 0.4
const MAX_DAYS = 7
/** How often the invariant is read while the load runs. */
const SNAPSHOT_MS = 2000
/** Units per resource and date at the start; setCapacity moves max within [MIN_MAX, MAX_MAX]. */
const CAPACITY = 30
const MIN_MAX = 20
const MAX_MAX = 40
/** Relative weights of the operations a client picks. */
const WEIGHTS = { create: 40, release: 20, extend: 8, confirm: 8, cleanup: 2, setCapacity: 4, complete: 3, cancel: 2 }
/** A client's cart takes this many holds (at random, inclusive) before the client moves to a new one. */
const HOLDS_PER_CART = [3, 8]
/** Holds a client remembers for release, extend and confirm. */
const REMEMBERED_HOLDS = 40
/** Time travel: every TRAVEL_MS, up to TRAVEL_HOLDS ACTIVE holds of one key become overdue. */
const TRAVEL_MS = 1000
const TRAVEL_HOLDS = 4
/** Bodies kept per kind of unexpected answer. */
const KEEP = 5
/** Longest a backend may keep a deadlock count unflushed to pg_stat_database (PGSTAT_IDLE_INTERVAL 10 s, plus margin). */
const STATS_FLUSH_MS = 11_000
const OPERATIONS = ["create", "release", "extend", "confirm", "cleanup", "setCapacity", "complete", "cancel", "cart", "book", "checkout"]

/** Messages of the refusals each operation meets by design (400 or 404). */
const REFUSALS = {
  create: [/^Insufficient capacity for /, /^Hold limit reached: /],
  release: [],
  extend: [/ is (EXPIRED|RELEASED|CONFIRMED) and cannot be extended$/, /^Hold \S+ expired at /, /cannot be extended by \d+ minutes: its maximum lifetime/],
  confirm: [/ is (EXPIRED|RELEASED) and cannot be confirmed$/, /^Hold \S+ expired at /],
  cleanup: [],
  setCapacity: [/^Cannot set max_capacity of resource /],
  // A range line whose hold is gone is also refused as not priced for its stay (the hold was the proof).
  complete: [/^(".*" is not priced for its stay from \S+ to \S+; please book it again \(POST \S+\)\. )?(Your hold for .* expired at |There is no hold for )/],
  cancel: [],
  cart: [],
  // The hold made overdue (time travel) and expired between its creation and the line's.
  book: [/^Insufficient capacity for /, /^Hold limit reached: /, /^Hold \S+ is EXPIRED and cannot be attached to a line$/],
  checkout: [],
}
const LOCK_TIMEOUT = /is busy with another booking operation; retry shortly$/
const CLEANUP_RUNNING = /^Another cleanup run is in progress/

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const randomInt = (min, max) => min + Math.floor(Math.random() * (max - min + 1))
const randomOf = (items) => items[Math.floor(Math.random() * items.length)]
const keep = (list, item) => list.length < KEEP && list.push(item)
const messageOf = (body) => (body && typeof body === "object" ? String(body.message ?? "") : String(body ?? ""))

function emptyResult() {
  const tally = () => ({ ok: 0, refused: 0, conflict409: 0, other4xx: 0, server5xx: 0 })
  return {
    byOperation: Object.fromEntries(OPERATIONS.map((op) => [op, tally()])),
    conflictKinds: { lockTimeout: 0, cleanupInProgress: 0, other: 0 },
    serverErrors: [],
    otherErrors: [],
    transportErrors: { count: 0, first: [] },
    overdueMade: 0,
    overdueSkipped: { count: 0, first: [] },
    spanMismatches: { count: 0, first: [] },
    holdsBySpan: { oneDate: 0, ranges: 0 },
    snapshots: { count: 0, failed: 0, first: [], errors: 0 },
    elapsedMs: Object.fromEntries(OPERATIONS.map((op) => [op, { requests: 0, ms: 0 }])),
  }
}

/** Adds one request's time, from sending to the end of its answer, to `op`'s total. */
function timed(result, op, began) {
  result.elapsedMs[op].requests++
  result.elapsedMs[op].ms += performance.now() - began
}

/** Counts one answer under `op`; returns "ok", "refused", "conflict", "other" or "server". */
function classify(result, op, route, { status, body }) {
  const tally = result.byOperation[op]
  const message = messageOf(body)
  if (status >= 500) {
    tally.server5xx++
    keep(result.serverErrors, { op, route, status, body })
    return "server"
  }
  if (status === 409) {
    tally.conflict409++
    const kind = LOCK_TIMEOUT.test(message) ? "lockTimeout" : CLEANUP_RUNNING.test(message) ? "cleanupInProgress" : "other"
    result.conflictKinds[kind]++
    if (kind === "other") keep(result.otherErrors, { op, route, status, body })
    return "conflict"
  }
  // Completion answers 200 { type: "cart", error } on a payment error: not an order.
  if (status >= 200 && status < 300 && !(op === "complete" && body?.type !== "order")) {
    tally.ok++
    return "ok"
  }
  if ((status === 400 || status === 404) && REFUSALS[op].some((pattern) => pattern.test(message))) {
    tally.refused++
    return "refused"
  }
  tally.other4xx++
  keep(result.otherErrors, { op, route, status, body })
  return "other"
}

/** One request, counted under `op`: { outcome, status, body }; a request that got no answer is a transport error. */
async function call(ctx, op, route, body, headers) {
  const began = performance.now()
  try {
    const response = await ctx.api.post(route, body, { headers })
    timed(ctx.result, op, began)
    return { ...response, outcome: classify(ctx.result, op, route, response) }
  } catch (error) {
    ctx.result.transportErrors.count++
    keep(ctx.result.transportErrors.first, { op, route, error: String(error?.cause?.message ?? error?.message ?? error) })
    return { outcome: "transport" }
  }
}

/** A new cart with an email (so a guest customer) of its own: the per-customer caps stay per cart. */
async function newCart(ctx) {
  const email = `soak-${process.pid}-${++ctx.carts}@soak.local`
  const began = performance.now()
  try {
    const cart = await createCart(ctx.api, ctx.storefront, email)
    timed(ctx.result, "cart", began)
    ctx.result.byOperation.cart.ok++
    return cart.id
  } catch (error) {
    const match = /expected HTTP 200, got (\d{3}) (.*)$/s.exec(error.message)
    if (!match) {
      ctx.result.transportErrors.count++
      keep(ctx.result.transportErrors.first, { op: "cart", route: "/store/carts", error: error.message })
      return null
    }
    timed(ctx.result, "cart", began)
    let body
    try {
      body = JSON.parse(match[2])
    } catch {
      body = match[2]
    }
    classify(ctx.result, "cart", "/store/carts", { status: Number(match[1]), body })
    return null
  }
}

const STORE_HOLDS = "/store/resource-booking/holds"
const ADMIN_RB = "/admin/resource-booking"

/**
 * A random booking of `days` dates (by default 1 with ONE_DATE_SHARE, else 2 to MAX_DAYS) on a
 * random resource, starting where it and its turnaround fit in the soak's dates. Returns
 * { resourceId, body (the dates in one of the three forms), expected ({ date, end_date, days,
 * occupied_to }) }.
 */
function randomBooking(ctx, days = Math.random() < ONE_DATE_SHARE ? 1 : randomInt(2, MAX_DAYS)) {
  const index = Math.floor(Math.random() * ctx.resourceIds.length)
  const turnaround = RULES[index].turnaround_days ?? 0
  const start = randomInt(0, DATES - days - turnaround)
  const [date, end_date, occupied_to] = [start, start + days - 1, start + days - 1 + turnaround].map((i) => ctx.dates[i])
  const form = days === 1 ? "date" : randomOf(["range", "nights"])
  const body =
    form === "date" ? { date } : form === "range" ? { from: date, to: end_date } : { check_in: date, check_out: addDays(end_date, 1) }
  return { resourceId: ctx.resourceIds[index], body, expected: { date, end_date, days, occupied_to } }
}

/** Counts a granted hold by its span, and any difference between what was asked and what it occupies. */
function checkSpan(ctx, hold, expected) {
  ctx.result.holdsBySpan[expected.days > 1 ? "ranges" : "oneDate"]++
  const got = { date: hold.date, end_date: hold.end_date, days: hold.days, occupied_to: hold.occupied_to }
  if (JSON.stringify(got) !== JSON.stringify(expected)) {
    ctx.result.spanMismatches.count++
    keep(ctx.result.spanMismatches.first, { id: hold.id, expected, got })
  }
}

/** A hold of a random booking and quantity, on the client's current cart (a new one when it is used up). */
async function create(ctx, client) {
  if (!client.cart || client.cart.holds >= client.cart.limit) {
    const id = await newCart(ctx)
    if (!id) return
    client.cart = { id, holds: 0, limit: randomInt(...HOLDS_PER_CART) }
  }
  const booking = randomBooking(ctx)
  const cartId = client.cart.id
  const answer = await call(ctx, "create", STORE_HOLDS, { resource_id: booking.resourceId, ...booking.body, quantity: randomInt(1, 3), cart_id: cartId }, ctx.storefront.store)
  if (answer.outcome === "ok") {
    checkSpan(ctx, answer.body.hold, booking.expected)
    client.cart.holds++
    client.holds.push({ id: answer.body.hold.id, cartId, status: "ACTIVE" })
    if (client.holds.length > REMEMBERED_HOLDS) client.holds.shift()
  } else if (answer.outcome === "refused" && /^Hold limit reached/.test(messageOf(answer.body))) {
    client.cart = null
  }
}

const forget = (client, hold) => client.holds.splice(client.holds.indexOf(hold), 1)

/** One of the client's ACTIVE (or, with `orConfirmed`, CONFIRMED) holds, or null. */
function heldBy(client, orConfirmed = false) {
  const candidates = client.holds.filter((h) => h.status === "ACTIVE" || (orConfirmed && h.status === "CONFIRMED"))
  return candidates.length ? randomOf(candidates) : null
}

/** Releases one of the client's holds: an ACTIVE one through the store route, a CONFIRMED one (a booking) through the admin route. */
async function release(ctx, client) {
  const hold = heldBy(client, true)
  if (!hold) return create(ctx, client)
  const answer =
    hold.status === "CONFIRMED"
      ? await call(ctx, "release", `${ADMIN_RB}/holds/${hold.id}/release`, undefined, ctx.admin)
      : await call(ctx, "release", `${STORE_HOLDS}/${hold.id}/release`, { cart_id: hold.cartId }, ctx.storefront.store)
  if (answer.outcome === "ok" || answer.outcome === "refused") forget(client, hold)
}

async function extend(ctx, client) {
  const hold = heldBy(client)
  if (!hold) return create(ctx, client)
  const answer = await call(ctx, "extend", `${STORE_HOLDS}/${hold.id}/extend`, { cart_id: hold.cartId }, ctx.storefront.store)
  if (answer.outcome === "refused") forget(client, hold)
}

async function confirm(ctx, client) {
  const hold = heldBy(client)
  if (!hold) return create(ctx, client)
  const answer = await call(ctx, "confirm", `${ADMIN_RB}/holds/${hold.id}/confirm`, undefined, ctx.admin)
  if (answer.outcome === "ok") hold.status = "CONFIRMED"
  else if (answer.outcome === "refused") forget(client, hold)
}

async function cleanup(ctx) {
  await call(ctx, "cleanup", `${ADMIN_RB}/cleanup`, {}, ctx.admin)
}

/** A random resource's max over a random run of the soak's dates. */
async function setCapacity(ctx) {
  const resourceId = randomOf(ctx.resourceIds)
  const first = randomInt(0, DATES - 1)
  const last = randomInt(first, DATES - 1)
  await call(ctx, "setCapacity", `${ADMIN_RB}/resources/${resourceId}/capacity`, {
    from: ctx.dates[first],
    to: ctx.dates[last],
    max_capacity: randomInt(MIN_MAX, MAX_MAX),
  }, ctx.admin)
}

/**
 * A storefront checkout: a cart with one booking, then its address, shipping method and
 * payment session, then POST /store/carts/:id/complete. Half the time the booking is one date
 * the classic way (the line with `booking_date`, then its hold; the completion runs whether
 * or not the hold was granted: without one it is refused by design), half a random booking
 * through the cart bookings route (hold and line in one call; nothing to complete if it is
 * refused). Stops at the first checkout step that is not ok. A placed order joins the orders
 * `cancel` draws from.
 */
async function complete(ctx) {
  const cartId = await newCart(ctx)
  if (!cartId) return
  const quantity = randomInt(1, 3)
  const cart = `/store/carts/${cartId}`
  const ranged = Math.random() < 0.5
  const booking = randomBooking(ctx, ranged ? undefined : 1)
  const { resourceId, expected } = booking
  const lineSteps = ranged
    ? [
        async () => {
          const route = `/store/resource-booking/carts/${cartId}/bookings`
          const answer = await call(ctx, "book", route, { variant_id: ctx.shop.variantOf[resourceId], quantity, ...booking.body }, ctx.storefront.store)
          if (answer.outcome === "ok") checkSpan(ctx, answer.body.hold, expected)
          return answer
        },
      ]
    : [
        () => call(ctx, "checkout", `${cart}/line-items`, { variant_id: ctx.shop.variantOf[resourceId], quantity, metadata: { booking_date: expected.date } }, ctx.storefront.store),
        // The hold's refusal does not stop the checkout: completion must then refuse the cart.
        async () => {
          const answer = await call(ctx, "create", STORE_HOLDS, { resource_id: resourceId, date: expected.date, quantity, cart_id: cartId }, ctx.storefront.store)
          if (answer.outcome === "ok") checkSpan(ctx, answer.body.hold, expected)
          return { outcome: "ok" }
        },
      ]
  const steps = [
    ...lineSteps,
    () => call(ctx, "checkout", cart, { shipping_address: ctx.shop.address, billing_address: ctx.shop.address }, ctx.storefront.store),
    () => call(ctx, "checkout", `${cart}/shipping-methods`, { option_id: ctx.shop.shippingOptionId }, ctx.storefront.store),
  ]
  for (const step of steps) {
    if ((await step()).outcome !== "ok") return
  }
  const collection = await call(ctx, "checkout", "/store/payment-collections", { cart_id: cartId }, ctx.storefront.store)
  if (collection.outcome !== "ok") return
  const session = await call(ctx, "checkout", `/store/payment-collections/${collection.body.payment_collection.id}/payment-sessions`, { provider_id: "pp_system_default" }, ctx.storefront.store)
  if (session.outcome !== "ok") return
  const answer = await call(ctx, "complete", `${cart}/complete`, {}, ctx.storefront.store)
  if (answer.outcome === "ok") ctx.orders.push(answer.body.order.id)
}

/** Cancels an order the soak placed (order.canceled releases its holds); creates a hold when there is none. */
async function cancel(ctx, client) {
  if (!ctx.orders.length) return create(ctx, client)
  const orderId = ctx.orders.splice(Math.floor(Math.random() * ctx.orders.length), 1)[0]
  await call(ctx, "cancel", `/admin/orders/${orderId}/cancel`, {}, ctx.admin)
}

const ACTIONS = { create, release, extend, confirm, cleanup, setCapacity, complete, cancel }

function pickOperation() {
  const total = Object.values(WEIGHTS).reduce((sum, w) => sum + w, 0)
  let roll = Math.random() * total
  for (const [op, weight] of Object.entries(WEIGHTS)) {
    if ((roll -= weight) < 0) return op
  }
  return "create"
}

async function virtualClient(ctx) {
  const client = { cart: null, holds: [] }
  while (Date.now() < ctx.deadline) {
    await ACTIONS[pickOperation()](ctx, client)
  }
}

/**
 * Until the deadline, every TRAVEL_MS: up to TRAVEL_HOLDS random ACTIVE, not yet overdue
 * holds starting on one random soak key (one-date holds and ranges) get expires_at = now() −
 * 1 s. Under that key's advisory lock: every booking write takes the locks of all the dates
 * a hold occupies, its first among them, before touching it, so this never waits on a hold
 * row a booking transaction holds; a busy key (lock_timeout) is skipped and counted.
 */
async function timeTravel(ctx) {
  while (Date.now() < ctx.deadline) {
    await sleep(TRAVEL_MS)
    const key = randomOf(ctx.keys)
    try {
      await ctx.db.query("BEGIN")
      await ctx.db.query("SET LOCAL lock_timeout = '2s'")
      await ctx.db.query(`SELECT ${LOCK_KEY_1_2}`, [key.resource_id, key.date])
      const { rowCount } = await ctx.db.query(
        `UPDATE resource_hold SET expires_at = now() - interval '1 second'
          WHERE id IN (SELECT id FROM resource_hold
                        WHERE resource_id = $1 AND date = $2::date AND status = 'ACTIVE' AND expires_at > now() AND deleted_at IS NULL
                        ORDER BY random() LIMIT $3)`,
        [key.resource_id, key.date, TRAVEL_HOLDS]
      )
      await ctx.db.query("COMMIT")
      ctx.result.overdueMade += rowCount
    } catch (error) {
      await ctx.db.query("ROLLBACK").catch(() => {})
      ctx.result.overdueSkipped.count++
      keep(ctx.result.overdueSkipped.first, error.message)
    }
  }
}

/**
 * Until the deadline, every SNAPSHOT_MS: the capacity invariant on a connection of its own
 * (`databaseUrl`; skipped without one), while the load runs. A statement reads one snapshot,
 * so each reading sees only whole commits: any that left a date of a live hold miscounted
 * (a range half expired, half released) is a failed reading, its first rows kept. A reading
 * that errors is counted apart (it proves nothing either way).
 */
async function snapshots(ctx, databaseUrl) {
  if (!databaseUrl) return
  const reader = new Client({ connectionString: databaseUrl })
  await reader.connect()
  const tally = ctx.result.snapshots
  try {
    while (Date.now() < ctx.deadline) {
      await sleep(SNAPSHOT_MS)
      try {
        const invariant = await capacityInvariant(reader)
        tally.count++
        if (!invariant.ok) {
          tally.failed++
          keep(tally.first, invariant.detail)
        }
      } catch (error) {
        tally.errors++
        keep(tally.first, `error: ${error.message}`)
      }
    }
  } finally {
    await reader.end()
  }
}

/**
 * The soak's holds in the database, by status and shape: { [status]: { holds, ranges (several
 * booked dates), turnaround (occupying dates after the last booked one) } }, and `wrongSpan`:
 * holds whose occupied_to is not end_date + their resource's turnaround_days.
 */
async function soakSpans(db, resourceIds) {
  const { rows } = await db.query(
    `SELECT h.status, count(*)::int AS holds, count(*) FILTER (WHERE h.end_date > h.date)::int AS ranges,
            count(*) FILTER (WHERE h.occupied_to > h.end_date)::int AS turnaround,
            count(*) FILTER (WHERE h.occupied_to <> h.end_date + r.turnaround_days)::int AS wrong_span
       FROM resource_hold h JOIN resource r ON r.id = h.resource_id
      WHERE h.resource_id = ANY($1) AND h.deleted_at IS NULL GROUP BY h.status ORDER BY h.status`,
    [resourceIds]
  )
  const byStatus = Object.fromEntries(rows.map(({ status, wrong_span: _, ...shape }) => [status, shape]))
  return { byStatus, wrongSpan: rows.reduce((n, row) => n + row.wrong_span, 0) }
}

/** Admin GET/POST that must answer `expected`; returns the body. */
async function must(api, method, route, body, headers, expected = 200) {
  const response = method === "GET" ? await api.get(route, { headers }) : await api.post(route, body, { headers })
  return expectStatus(response, expected, `${method} ${route}`)
}

/**
 * What a storefront checkout needs, over the admin API: a stock location in the region's
 * country (manual fulfillment, the storefront's channel) with a shipping service zone, a flat
 * shipping option, and a published product whose variant n books resource n (inventory not
 * managed). Returns { variantOf: resource id → variant id, shippingOptionId, address }.
 */
async function createShop(api, admin, storefront, resourceIds, tag) {
  const { region } = await must(api, "GET", `/admin/regions/${storefront.regionId}?fields=*countries`, undefined, admin)
  const country = region.countries[0].iso_2
  const address = { first_name: "Soak", last_name: "Shopper", address_1: "Teststrasse 1", city: "Berlin", postal_code: "10115", country_code: country }
  const { stock_location: location } = await must(api, "POST", "/admin/stock-locations", { name: `Soak warehouse ${tag}`, address: { address_1: address.address_1, city: address.city, country_code: country } }, admin)
  await must(api, "POST", `/admin/stock-locations/${location.id}/fulfillment-providers`, { add: ["manual_manual"] }, admin)
  await must(api, "POST", `/admin/stock-locations/${location.id}/sales-channels`, { add: [storefront.channelId] }, admin)
  const withSet = await must(api, "POST", `/admin/stock-locations/${location.id}/fulfillment-sets?fields=*fulfillment_sets`, { name: `Soak shipping ${tag}`, type: "shipping" }, admin)
  const fulfillmentSet = withSet.stock_location.fulfillment_sets[0]
  const withZone = await must(api, "POST", `/admin/fulfillment-sets/${fulfillmentSet.id}/service-zones`, { name: `Soak zone ${tag}`, geo_zones: [{ type: "country", country_code: country }] }, admin)
  const zone = withZone.fulfillment_set.service_zones[0]
  const { shipping_profiles: profiles } = await must(api, "GET", "/admin/shipping-profiles?type=default", undefined, admin)
  const profileId = profiles[0]?.id ?? (await must(api, "POST", "/admin/shipping-profiles", { name: "Default Shipping Profile", type: "default" }, admin)).shipping_profile.id
  const { shipping_option: option } = await must(api, "POST", "/admin/shipping-options", {
    name: `Soak shipping ${tag}`,
    price_type: "flat",
    provider_id: "manual_manual",
    service_zone_id: zone.id,
    shipping_profile_id: profileId,
    type: { label: "Standard", description: "Soak shipping", code: "standard" },
    prices: [{ currency_code: region.currency_code, amount: 10 }, { region_id: region.id, amount: 10 }],
    rules: [{ attribute: "enabled_in_store", operator: "eq", value: "true" }, { attribute: "is_return", operator: "eq", value: "false" }],
  }, admin)
  const titles = resourceIds.map((_, i) => `Tour ${i + 1}`)
  const { product } = await must(api, "POST", "/admin/products", {
    title: `Soak tours ${tag}`,
    status: "published",
    shipping_profile_id: profileId,
    sales_channels: [{ id: storefront.channelId }],
    options: [{ title: "Tour", values: titles }],
    variants: titles.map((title) => ({ title, options: { Tour: title }, manage_inventory: false, prices: [{ currency_code: region.currency_code, amount: 50 }] })),
  }, admin)
  const variantOf = {}
  for (const [i, resourceId] of resourceIds.entries()) {
    const variant = product.variants.find((v) => v.title === titles[i])
    await must(api, "POST", `${ADMIN_RB}/resources/${resourceId}/variants`, { add: [variant.id] }, admin)
    variantOf[resourceId] = variant.id
  }
  return { variantOf, shippingOptionId: option.id, address }
}

/** POST cleanup until a run is not refused as in progress (at most ~30 s); the last answer. */
async function finalCleanup(api, admin) {
  for (let attempt = 0; attempt < 60; attempt++) {
    const response = await api.post(`${ADMIN_RB}/cleanup`, {}, { headers: admin })
    if (response.status !== 409) return response
    await sleep(500)
  }
  return { status: 409, body: "still refused after 60 attempts" }
}

async function databaseDeadlocks(db) {
  await db.query("SELECT pg_stat_clear_snapshot()")
  const { rows } = await db.query("SELECT deadlocks::bigint AS n FROM pg_stat_database WHERE datname = current_database()")
  return Number(rows[0].n)
}

function logDeadlockLines(logFile, fromByte) {
  const text = fs.readFileSync(logFile).subarray(fromByte).toString("utf8")
  return text.split("\n").filter((line) => /40P01|deadlock detected/i.test(line))
}

/**
 * Runs the soak; see the header. `logFile` (optional): the server's log, scanned from its
 * size at the start for 40P01 / "deadlock detected". Resolves with { seconds (the load,
 * in-flight requests included), operations (answered requests), opsPerSecond, byOperation,
 * conflictRate (409s / operations), conflictKinds, meanMs (per operation), serverErrors,
 * otherErrors, transportErrors, deadlocks (pg_stat_database, after − before), deadlockLogLines
 * (null without logFile), drift: { ok, detail }, snapshots: { count, failed, errors, first }
 * (the readings while the load ran), spans (soakSpans), holdsBySpan ({ oneDate, ranges }
 * granted), spanMismatches ({ count, first }: granted holds whose dates differ from the
 * request's), overdueMade, overdueSkipped, finalCleanup }.
 */
async function runSoak({ baseUrl, db, databaseUrl, admin, storefront, durationSeconds, concurrency, log = () => {}, logFile }) {
  const api = client(baseUrl)
  const tag = `${process.pid}-${Date.now().toString(36)}`
  const { rows } = await db.query(
    `SELECT to_char(current_date + 60 + g, 'YYYY-MM-DD') AS date FROM generate_series(0, $1::int - 1) g ORDER BY g`,
    [DATES]
  )
  const dates = rows.map((row) => row.date)
  const resourceIds = []
  for (let i = 1; i <= RESOURCES; i++) resourceIds.push(await createResource(api, admin, `Soak resource ${i} ${tag}`, dates, CAPACITY, RULES[i - 1]))
  const shop = await createShop(api, admin, storefront, resourceIds, tag)
  const keys = resourceIds.flatMap((resource_id) => dates.map((date) => ({ resource_id, date })))
  log(
    `soak: ${concurrency} clients for ${durationSeconds} s on ${keys.length} keys (capacity ${CAPACITY}, set between ${MIN_MAX} and ${MAX_MAX}); ` +
      `bookings of 1–${MAX_DAYS} dates, turnaround ${RULES.map((r) => r.turnaround_days ?? 0).join(" and ")} days`
  )

  const logStart = logFile ? fs.statSync(logFile).size : 0
  const deadlocksBefore = await databaseDeadlocks(db)
  const result = emptyResult()
  const started = Date.now()
  const ctx = { api, db, admin, storefront, keys, dates, resourceIds, shop, result, orders: [], carts: 0, deadline: started + durationSeconds * 1000 }
  const total = () => Object.values(result.byOperation).reduce((sum, t) => sum + t.ok + t.refused + t.conflict409 + t.other4xx + t.server5xx, 0)
  const sum = (field) => Object.values(result.byOperation).reduce((n, t) => n + t[field], 0)
  const progress = setInterval(() => {
    const elapsed = (Date.now() - started) / 1000
    log(`  ${elapsed.toFixed(0)} s: ${total()} requests (${(total() / elapsed).toFixed(1)}/s), 409 ${sum("conflict409")}, 5xx ${sum("server5xx")}, other 4xx ${sum("other4xx")}`)
  }, 10_000)
  try {
    await Promise.all([...Array.from({ length: concurrency }, () => virtualClient(ctx)), timeTravel(ctx), snapshots(ctx, databaseUrl)])
  } finally {
    clearInterval(progress)
  }
  const seconds = (Date.now() - started) / 1000
  const ended = Date.now()

  const final = await finalCleanup(api, admin)
  await sleep(Math.max(0, STATS_FLUSH_MS - (Date.now() - ended)))
  const drift = await capacityInvariant(db)
  const spans = await soakSpans(db, resourceIds)
  const deadlocks = (await databaseDeadlocks(db)) - deadlocksBefore
  const operations = total()
  const soak = {
    seconds: Number(seconds.toFixed(1)),
    operations,
    opsPerSecond: Number((operations / seconds).toFixed(1)),
    byOperation: result.byOperation,
    conflictRate: operations ? Number((sum("conflict409") / operations).toFixed(4)) : 0,
    conflictKinds: result.conflictKinds,
    meanMs: Object.fromEntries(Object.entries(result.elapsedMs).map(([op, t]) => [op, t.requests ? Math.round(t.ms / t.requests) : null])),
    serverErrors: result.serverErrors,
    otherErrors: result.otherErrors,
    transportErrors: result.transportErrors,
    deadlocks,
    deadlockLogLines: logFile ? logDeadlockLines(logFile, logStart) : null,
    drift,
    snapshots: result.snapshots,
    spans,
    holdsBySpan: result.holdsBySpan,
    spanMismatches: result.spanMismatches,
    overdueMade: result.overdueMade,
    overdueSkipped: result.overdueSkipped,
    finalCleanup: { status: final.status, expired_count: final.body?.result?.expired_count, failed_count: final.body?.result?.failed_count },
  }
  log(
    `soak: ${operations} requests in ${soak.seconds} s (${soak.opsPerSecond}/s); 409 rate ${(soak.conflictRate * 100).toFixed(2)}% ` +
      `${JSON.stringify(soak.conflictKinds)}; 5xx ${sum("server5xx")}; other 4xx ${sum("other4xx")}; deadlocks ${deadlocks}; ` +
      `holds granted ${result.holdsBySpan.oneDate} one-date + ${result.holdsBySpan.ranges} ranges, by status ${JSON.stringify(spans.byStatus)}; ` +
      `${result.snapshots.count} invariant readings under load (${result.snapshots.failed} failed); ${drift.detail}`
  )
  return soak
}

module.exports = { runSoak }
