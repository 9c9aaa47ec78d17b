/**
 * The store the load runs against, set up over the admin and store APIs as a store owner
 * would: a secret admin key, a storefront (sales channel, publishable key, region), one
 * "hot" resource with capacity on one date (scenario A), SPREAD_RESOURCES resources with
 * capacity on SPREAD_DATES dates each (scenario B: 300 resource+dates; scenario C: 7-date
 * ranges within those dates, RANGE_STARTS per resource), DEPARTURE_RESOURCES departure resources
 * (booking_unit "departure") with DEPARTURE_TIMES on each of DEPARTURE_DATES dates, set as a
 * weekly schedule in one capacity call each (scenario D: 300 departures, as many keys as B),
 * one "burst" resource with capacity
 * on BURST_DATES dates (the lock hold bursts), and `apiCarts` carts through POST /store/carts.
 * Every capacity is far above what a run can take, so no measured request is refused for
 * lack of units.
 */
const { expectStatus } = require("../../lib/http")
const { createCart, createStorefront, secretKeyHeaders } = require("../../lib/store-setup")
const { addDays } = require("../../lib/calendar")

const SPREAD_RESOURCES = 30
const SPREAD_DATES = 10
/** Units per date: the module's largest max_capacity for the hot date, a tenth of it per spread date. */
const HOT_CAPACITY = 1_000_000
const SPREAD_CAPACITY = 100_000
/** Dates per range hold of scenario C and of the seven-date bursts. */
const RANGE_DAYS = 7
/** Start dates of C's ranges on each spread resource (the first 4 of its 10 dates: each range fits). */
const RANGE_STARTS = SPREAD_DATES - RANGE_DAYS + 1
const DEPARTURE_RESOURCES = 15
const DEPARTURE_DATES = 5
const DEPARTURE_TIMES = ["08:00", "10:30", "13:00", "15:30"]
const BURST_DATES = 10
/** Concurrent POST /store/carts while seeding carts. */
const CART_CONCURRENCY = 8

/** A resource with `maxCapacity` on every date from `from` to `to`; with `startTimes`, a departure resource with those departures on each. */
async function createResource(api, admin, name, from, to, maxCapacity, startTimes) {
  const departures = startTimes ? { booking_unit: "departure" } : {}
  const { resource } = expectStatus(
    await api.post("/admin/resource-booking/resources", { name, description: "Seeded by the HTTP benchmark", ...departures }, { headers: admin }),
    200,
    "POST /admin/resource-booking/resources"
  )
  const schedule = startTimes ? { start_times: startTimes } : {}
  expectStatus(
    await api.post(`/admin/resource-booking/resources/${resource.id}/capacity`, { from, to, max_capacity: maxCapacity, ...schedule }, { headers: admin }),
    200,
    "POST /admin/resource-booking/resources/:id/capacity"
  )
  return resource.id
}

/** Runs `task(i)` for i in [0, count) with `concurrency` at a time; resolves with the results in order. */
async function inParallel(count, concurrency, task) {
  const results = new Array(count)
  let next = 0
  const worker = async () => {
    while (next < count) {
      const i = next++
      results[i] = await task(i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
  return results
}

/**
 * Seeds the store. `today` is the database's current_date (YYYY-MM-DD); the booked dates
 * lie 30 to 40 days after it. Returns the admin headers, the storefront, the keys of each
 * scenario ({ resource_id, date, end_date? , start_time? }) and the ids of the carts created.
 */
async function seedStore({ api, admin, today, apiCarts }) {
  const secret = await secretKeyHeaders(api, admin, "http-bench")
  const storefront = await createStorefront(api, secret.headers, "Bench")
  const hotDate = addDays(today, 30)
  const hotResource = await createResource(api, secret.headers, "Bench hot tour", hotDate, hotDate, HOT_CAPACITY)
  const spreadKeys = []
  const spreadResources = []
  const firstSpread = addDays(today, 31)
  const lastSpread = addDays(today, 30 + SPREAD_DATES)
  for (let r = 1; r <= SPREAD_RESOURCES; r++) {
    const id = await createResource(api, secret.headers, `Bench spread tour ${r}`, firstSpread, lastSpread, SPREAD_CAPACITY)
    spreadResources.push(id)
    for (let d = 1; d <= SPREAD_DATES; d++) spreadKeys.push({ resource_id: id, date: addDays(today, 30 + d) })
  }
  // The resource changes fastest, so that requests in flight together rarely share a date.
  const rangeKeys = []
  for (let start = 0; start < RANGE_STARTS; start++) {
    for (const id of spreadResources) {
      rangeKeys.push({ resource_id: id, date: addDays(firstSpread, start), end_date: addDays(firstSpread, start + RANGE_DAYS - 1) })
    }
  }
  // As B's keys: the resource changes slowest, then the date, then the departure.
  const departureKeys = []
  for (let r = 1; r <= DEPARTURE_RESOURCES; r++) {
    const id = await createResource(api, secret.headers, `Bench departure tour ${r}`, firstSpread, addDays(firstSpread, DEPARTURE_DATES - 1), SPREAD_CAPACITY, DEPARTURE_TIMES)
    for (let d = 0; d < DEPARTURE_DATES; d++) {
      for (const start_time of DEPARTURE_TIMES) departureKeys.push({ resource_id: id, date: addDays(firstSpread, d), start_time })
    }
  }
  const burstFirst = addDays(today, 30)
  const burstResource = await createResource(api, secret.headers, "Bench burst tour", burstFirst, addDays(burstFirst, BURST_DATES - 1), HOT_CAPACITY)
  const burstKeys = {
    one: { resource_id: burstResource, date: burstFirst },
    seven: { resource_id: burstResource, date: addDays(burstFirst, 1), end_date: addDays(burstFirst, RANGE_DAYS) },
  }
  const started = Date.now()
  const carts = await inParallel(apiCarts, CART_CONCURRENCY, (i) => createCart(api, storefront, `bench-${i}@bench.local`))
  return {
    admin: secret.headers,
    storefront,
    hotKeys: [{ resource_id: hotResource, date: hotDate }],
    spreadKeys,
    rangeKeys,
    departureKeys,
    burstKeys,
    cartIds: carts.map((cart) => cart.id),
    cartsPerSecond: apiCarts / ((Date.now() - started) / 1000),
  }
}

module.exports = { seedStore, addDays, HOT_CAPACITY, SPREAD_CAPACITY, RANGE_DAYS }
