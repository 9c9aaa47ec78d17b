/**
 * Bookings that span dates over real HTTP: the store hold routes with `from`/`to` and
 * `check_in`/`check_out` (all or nothing over every booked and turnaround date), the
 * resource's rules (min/max days, cut-off in its time zone, horizon, dates before today,
 * turnaround), the date picker's reads (availability with `rules`, availability/starts) and
 * the admin's resource rules and calendar.
 *
 * Real app, real routes, no mocks. Every refusal is checked for its status, its type and
 * message, and for leaving the module's tables exactly as they were; every scenario that
 * moves units ends with a clean auditCapacity().
 *
 * "Today" is the date in the resource's time zone when the test runs (luxon, an oracle
 * independent of the module's code): dates relative to it are computed, never written down.
 */
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { DateTime } from "luxon"
import { RESOURCE_BOOKING_MODULE } from "../../src/modules/resource_booking"
import ResourceBookingModuleService from "../../src/modules/resource_booking/service"
import { addDays, eachDate } from "../../src/modules/resource_booking/utils/calendar-date"
import { quietCleanupSchedule } from "./quiet-schedule"
import { AdminAuth, ApiClient, KnexLike, StoreContext, createAdminAuth, createCart, createStoreContext, expectStatus, rawQuery, whileDateLocked } from "./fixtures"

// The cron must not fire mid-test: tests call the cleanup themselves.
process.env.HOLD_CLEANUP_INTERVAL = quietCleanupSchedule()
// The lock-timeout scenario waits this long for a date's lock (default 3000 ms).
process.env.HOLD_LOCK_TIMEOUT_MS = "300"
// The store's default time zone, for resources that name none: not UTC, so a rule computed
// in the server's zone instead of the resource's would show.
const STORE_TIMEZONE = "Pacific/Kiritimati"
process.env.HOLD_TIMEZONE = STORE_TIMEZONE

const STORE = "/store/resource-booking"
const ADMIN = "/admin/resource-booking"
/** Far-future dates, clear of every rule about today. */
const D = (day: number) => `2031-08-${String(day).padStart(2, "0")}`
const UNKNOWN_RESOURCE = "res_01JUNKNOWNRESOURCE0000000"

/** Today in `timezone`, as the calendar there reads it now. */
const todayIn = (timezone: string) => DateTime.now().setZone(timezone).toISODate()!

type Db = KnexLike & { transaction: <T>(work: (trx: KnexLike) => Promise<T>) => Promise<T> }
type Answer = { status: number; data: any }

medusaIntegrationTestRunner({
  inApp: true,
  dbName: `${process.env.DB_TEMP_NAME}_http_range_bookings`,
  env: {},
  testSuite: ({ api: runnerApi, getContainer, dbConnection }) => {
    const api = runnerApi as ApiClient
    const db = dbConnection as Db
    let admin: AdminAuth
    let store: StoreContext

    // Top level: survives into every test (see fixtures.ts).
    beforeAll(async () => {
      admin = await createAdminAuth(getContainer())
      store = await createStoreContext(getContainer())
    })

    afterEach(async () => {
      expect(await service().auditCapacity()).toEqual([])
    })

    // ------------------------------------------------------------------ helpers

    const service = () => getContainer().resolve<ResourceBookingModuleService>(RESOURCE_BOOKING_MODULE)
    const storeHeaders = () => ({ headers: store.headers })

    const postHold = (body: unknown) => expectStatus(api.post(`${STORE}/holds`, body, storeHeaders()))
    const release = (holdId: string, cartId: string) =>
      expectStatus(api.post(`${STORE}/holds/${holdId}/release`, { cart_id: cartId }, storeHeaders()))
    const extend = (holdId: string, cartId: string) =>
      expectStatus(api.post(`${STORE}/holds/${holdId}/extend`, { cart_id: cartId }, storeHeaders()))
    const listCartHolds = (cartId: string) => expectStatus(api.get(`${STORE}/holds?cart_id=${cartId}`, storeHeaders()))
    const availability = (query: string) => expectStatus(api.get(`${STORE}/availability?${query}`, storeHeaders()))
    const starts = (query: string) => expectStatus(api.get(`${STORE}/availability/starts?${query}`, storeHeaders()))
    const adminGet = (url: string) => expectStatus(api.get(url, admin))
    const adminPost = (url: string, body?: unknown) => expectStatus(api.post(url, body, admin))

    type Rules = Partial<{
      timezone: string | null
      min_days: number
      max_days: number | null
      turnaround_days: number
      cutoff_minutes: number
      horizon_days: number | null
    }>

    /** A resource with the given rules and `max` units on every date of [from, to]. */
    async function resourceWith(
      max: number,
      from: string,
      to: string,
      rules: Rules = {},
      name = `Land Cruiser ${Math.random().toString(36).slice(2, 8)}`
    ): Promise<{ id: string; name: string }> {
      const resource = await service().createResources({ name, ...rules })
      await service().setCapacity({ resource_id: resource.id, from, to, max_capacity: max })
      return { id: resource.id, name }
    }

    /** Units available per date in the stored counters; null for a date without a row. */
    async function availableOn(resourceId: string, from: string, to: string): Promise<(number | null)[]> {
      const rows = await rawQuery(
        db,
        `SELECT to_char(d::date, 'YYYY-MM-DD') AS date, c.available_capacity
           FROM generate_series(?::date, ?::date, interval '1 day') AS d
           LEFT JOIN resource_capacity c ON c.resource_id = ? AND c.date = d::date AND c.deleted_at IS NULL
          ORDER BY 1`,
        [from, to, resourceId]
      )
      return rows.map((r) => (r.available_capacity === null ? null : Number(r.available_capacity)))
    }

    /** Every row of the module's tables: compared before and after a refused request. */
    async function snapshot() {
      return {
        resources: await rawQuery(db, `SELECT * FROM resource ORDER BY id`),
        capacity: await rawQuery(db, `SELECT * FROM resource_capacity ORDER BY id`),
        holds: await rawQuery(db, `SELECT * FROM resource_hold ORDER BY id`),
      }
    }

    /** The store hold route answered 201: its hold. */
    async function holdOver(body: Record<string, unknown>) {
      const response = await postHold(body)
      if (response.status !== 201) {
        throw new Error(`Expected HTTP 201, got ${response.status}: ${JSON.stringify(response.data)}`)
      }
      return response.data.hold
    }

    type Refusal = { name: string; request: () => Promise<Answer>; status: number; type?: string; message: string | RegExp }

    /**
     * Sends every request, then asserts all of them at once (one report lists every wrong
     * answer) and that none changed any row of the module's tables.
     */
    async function expectRefusals(cases: Refusal[]) {
      const before = await snapshot()
      const failures: string[] = []
      for (const c of cases) {
        const response = await c.request()
        const message = String(response.data?.message ?? "")
        const ok =
          response.status === c.status &&
          (c.type === undefined || response.data?.type === c.type) &&
          (typeof c.message === "string" ? message === c.message : c.message.test(message))
        if (!ok) {
          failures.push(`${c.name}: expected ${c.status} ${c.type ?? ""} ${c.message}, got ${response.status} ${JSON.stringify(response.data)}`)
        }
      }
      expect(failures).toEqual([])
      expect(await snapshot()).toEqual(before)
    }

    /** A refusal of the hold route for `body`, a 400 of type not_allowed (the module's refusals). */
    const refusedHold = (name: string, body: Record<string, unknown>, message: string): Refusal => ({
      name,
      request: () => postHold(body),
      status: 400,
      type: "not_allowed",
      message,
    })

    /** The capacity refusal; a short date the turnaround occupies carries its rule (e.g. "turnaround_days = 2"). */
    const insufficient = (name: string, shortDates: ([string, number] | [string, number, string])[], quantity: number) =>
      `Insufficient capacity for ${JSON.stringify(name)} on ` +
      shortDates
        .map(([date, available, rule]) => `${date} (${rule ? `${rule}, ` : ""}${available} of ${quantity} available)`)
        .join(", ")

    const whileLocked = <T>(resourceId: string, date: string, work: () => Promise<T>) =>
      whileDateLocked(db, resourceId, date, work)

    // ------------------------------------------------------------------ ranges

    describe("POST /store/resource-booking/holds over a range", () => {
      it("from/to: one hold (201) with date, end_date, days and occupied_to, taking the units on every date and no other", async () => {
        const r = await resourceWith(3, D(1), D(10))
        const cart = await createCart(api, store)
        const hold = await holdOver({ resource_id: r.id, from: D(3), to: D(6), quantity: 2, cart_id: cart.id })
        expect(hold).toEqual({
          id: expect.stringMatching(/^rhold_/),
          resource_id: r.id,
          date: D(3),
          end_date: D(6),
          days: 4,
          occupied_to: D(6),
          start_time: null,
          quantity: 2,
          status: "ACTIVE",
          expires_at: expect.any(String),
          cart_id: cart.id,
          created_at: expect.any(String),
        })
        expect(await availableOn(r.id, D(1), D(8))).toEqual([3, 3, 1, 1, 1, 1, 3, 3])
        const [row] = await rawQuery(
          db,
          `SELECT count(*)::int AS n, min(to_char(date, 'YYYY-MM-DD')) AS date, min(to_char(end_date, 'YYYY-MM-DD')) AS end_date,
                  min(to_char(occupied_to, 'YYYY-MM-DD')) AS occupied_to FROM resource_hold`
        )
        expect(row).toEqual({ n: 1, date: D(3), end_date: D(6), occupied_to: D(6) })
        // The store's list and availability read the same hold.
        expect((await listCartHolds(cart.id)).data.holds).toEqual([hold])
        const read = await availability(`resource_id=${r.id}&from=${D(2)}&to=${D(7)}`)
        expect(read.data.availability.map((d: any) => d.available)).toEqual([3, 1, 1, 1, 1, 3])

        // Released, every date gets its units back.
        const released = await release(hold.id, cart.id)
        expect(released.status).toBe(200)
        expect(released.data.hold).toEqual({ ...hold, status: "RELEASED" })
        expect(await availableOn(r.id, D(1), D(8))).toEqual([3, 3, 3, 3, 3, 3, 3, 3])
      })

      it("check_in/check_out: nights, check-out exclusive — the check-out date stays free", async () => {
        const r = await resourceWith(1, D(1), D(10))
        const cart = await createCart(api, store)
        const hold = await holdOver({ resource_id: r.id, check_in: D(1), check_out: D(4), quantity: 1, cart_id: cart.id })
        expect(hold).toMatchObject({ date: D(1), end_date: D(3), days: 3, occupied_to: D(3), quantity: 1 })
        expect(await availableOn(r.id, D(1), D(5))).toEqual([0, 0, 0, 1, 1])
        // `date` alone is still a one-date booking.
        const single = await holdOver({ resource_id: r.id, date: D(5), quantity: 1, cart_id: cart.id })
        expect(single).toMatchObject({ date: D(5), end_date: D(5), days: 1, occupied_to: D(5) })
        // A range of one date (from = to) is the same.
        const one = await holdOver({ resource_id: r.id, from: D(6), to: D(6), quantity: 1, cart_id: cart.id })
        expect(one).toMatchObject({ date: D(6), end_date: D(6), days: 1, occupied_to: D(6) })
        expect(await availableOn(r.id, D(1), D(7))).toEqual([0, 0, 0, 1, 0, 0, 1])
      })

      it("same-day turnover: the next guest checks in on the previous guest's check-out date", async () => {
        const r = await resourceWith(1, D(1), D(10), {}, "Harbour room")
        const [first, next, late] = await Promise.all([1, 2, 3].map(() => createCart(api, store)))
        await holdOver({ resource_id: r.id, check_in: D(1), check_out: D(4), quantity: 1, cart_id: first.id })
        const turnover = await holdOver({ resource_id: r.id, check_in: D(4), check_out: D(6), quantity: 1, cart_id: next.id })
        expect(turnover).toMatchObject({ date: D(4), end_date: D(5), days: 2, occupied_to: D(5) })
        expect(await availableOn(r.id, D(1), D(6))).toEqual([0, 0, 0, 0, 0, 1])
        // A stay overlapping both is refused, naming each night it lacks.
        await expectRefusals([
          refusedHold(
            "overlapping stay",
            { resource_id: r.id, check_in: D(3), check_out: D(7), quantity: 1, cart_id: late.id },
            insufficient("Harbour room", [[D(3), 0], [D(4), 0], [D(5), 0]], 1)
          ),
        ])
      })

      it("turnaround days: occupied after the last booked date, not counted in days, and they block the next booking", async () => {
        const r = await resourceWith(1, D(1), D(10), { turnaround_days: 2 }, "Camper")
        const [first, next] = await Promise.all([1, 2].map(() => createCart(api, store)))
        const hold = await holdOver({ resource_id: r.id, from: D(2), to: D(4), quantity: 1, cart_id: first.id })
        expect(hold).toMatchObject({ date: D(2), end_date: D(4), days: 3, occupied_to: D(6) })
        expect(await availableOn(r.id, D(1), D(8))).toEqual([1, 0, 0, 0, 0, 0, 1, 1])
        // With turnaround, a check-out date is not free the same day: the next stay names it.
        await expectRefusals([
          refusedHold(
            "starts in the turnaround",
            { resource_id: r.id, check_in: D(5), check_out: D(7), quantity: 1, cart_id: next.id },
            insufficient("Camper", [[D(5), 0], [D(6), 0]], 1)
          ),
          // A booking ending the day before still needs its own turnaround dates free.
          refusedHold(
            "its turnaround runs into the hold",
            { resource_id: r.id, date: D(1), quantity: 1, cart_id: next.id },
            insufficient("Camper", [[D(2), 0, "turnaround_days = 2"], [D(3), 0, "turnaround_days = 2"]], 1)
          ),
        ])
        const after = await holdOver({ resource_id: r.id, from: D(7), to: D(7), quantity: 1, cart_id: next.id })
        expect(after).toMatchObject({ date: D(7), end_date: D(7), days: 1, occupied_to: D(9) })
        expect(await availableOn(r.id, D(1), D(10))).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 1])
        // Released, every occupied date (turnaround included) gets its units back.
        expect((await release(hold.id, first.id)).status).toBe(200)
        expect(await availableOn(r.id, D(1), D(10))).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 0, 1])
      })

      it("a refusal names every short date with what it has, and takes nothing on any date", async () => {
        const r = await resourceWith(2, D(1), D(7), {}, "Land Cruiser")
        const [other, mine] = await Promise.all([1, 2].map(() => createCart(api, store)))
        await holdOver({ resource_id: r.id, date: D(2), quantity: 2, cart_id: other.id })
        await holdOver({ resource_id: r.id, date: D(4), quantity: 1, cart_id: other.id })
        await holdOver({ resource_id: r.id, date: D(6), quantity: 2, cart_id: other.id })
        const before = await availableOn(r.id, D(1), D(7))
        expect(before).toEqual([2, 0, 2, 1, 2, 0, 2])

        await expectRefusals([
          refusedHold(
            "two units over three short dates",
            { resource_id: r.id, from: D(1), to: D(7), quantity: 2, cart_id: mine.id },
            insufficient("Land Cruiser", [[D(2), 0], [D(4), 1], [D(6), 0]], 2)
          ),
          refusedHold(
            "one unit over two short dates (nights)",
            { resource_id: r.id, check_in: D(1), check_out: D(8), quantity: 1, cart_id: mine.id },
            insufficient("Land Cruiser", [[D(2), 0], [D(6), 0]], 1)
          ),
          refusedHold(
            "a date of the range without a capacity row",
            { resource_id: r.id, from: D(7), to: D(9), quantity: 1, cart_id: mine.id },
            `Resource ${r.id} has no capacity on ${D(8)}, ${D(9)}`
          ),
        ])
        expect(await availableOn(r.id, D(1), D(7))).toEqual(before)
        // The dates between the short ones are still bookable on their own.
        await holdOver({ resource_id: r.id, from: D(3), to: D(3), quantity: 2, cart_id: mine.id })
      })

      it("refuses a malformed range with 400 naming the fields, changing nothing", async () => {
        const r = await resourceWith(2, D(1), D(10))
        const cart = await createCart(api, store)
        const base = { resource_id: r.id, quantity: 1, cart_id: cart.id }
        const bad = (name: string, dates: Record<string, unknown>, message: string | RegExp): Refusal => ({
          name,
          request: () => postHold({ ...base, ...dates }),
          status: 400,
          message,
        })
        await expectRefusals([
          bad("date and from/to", { date: D(1), from: D(1), to: D(2) }, /^Give the booking's dates in one form only, got date and from\/to/),
          bad("from/to and check_in/check_out", { from: D(1), to: D(2), check_in: D(1), check_out: D(2) }, /one form only, got from\/to and check_in\/check_out/),
          bad("from without to", { from: D(1) }, "to is required with from"),
          bad("to without from", { to: D(2) }, "from is required with to"),
          bad("check_in without check_out", { check_in: D(1) }, "check_out is required with check_in"),
          bad("check_out without check_in", { check_out: D(2) }, "check_in is required with check_out"),
          bad("to before from", { from: D(3), to: D(2) }, `to (${D(2)}) must not be before from (${D(3)})`),
          bad("check_out on check_in", { check_in: D(3), check_out: D(3) }, `check_out (${D(3)}) must be after check_in (${D(3)}): a stay is at least one night`),
          bad("check_out before check_in", { check_in: D(3), check_out: D(2) }, /^check_out \(2031-08-02\) must be after check_in/),
          bad("367 dates", { from: "2031-01-01", to: "2032-01-02" }, "A booking spans at most 366 dates; 2031-01-01 to 2032-01-02 is 367"),
          bad("from not a date", { from: "2031-02-30", to: D(2) }, /from must be a real calendar date/),
          bad("check_out not a date", { check_in: D(1), check_out: "tomorrow" }, /check_out must be a real calendar date/),
          bad("no dates at all", {}, "The booking's dates are missing: give one of date; from and to; check_in and check_out"),
        ])
      })

      it("extend, lazy reclaim and the cleanup act on every date of a range hold at once", async () => {
        const r = await resourceWith(1, D(1), D(6), { turnaround_days: 1 })
        const [a, b, c] = await Promise.all([1, 2, 3].map(() => createCart(api, store)))
        const stale = await holdOver({ resource_id: r.id, from: D(1), to: D(3), quantity: 1, cart_id: a.id })
        const extended = await extend(stale.id, a.id)
        expect(extended.status).toBe(200)
        expect(extended.data.hold).toMatchObject({ id: stale.id, status: "ACTIVE", date: D(1), end_date: D(3), occupied_to: D(4) })
        expect(await availableOn(r.id, D(1), D(6))).toEqual([0, 0, 0, 0, 1, 1])

        // Overdue, the hold is reclaimed by a booking that needs only its last dates: the whole
        // hold expires, every date it occupied gets its unit back.
        await rawQuery(db, `UPDATE resource_hold SET expires_at = now() - interval '1 minute' WHERE id = ?`, [stale.id])
        const fresh = await holdOver({ resource_id: r.id, date: D(4), quantity: 1, cart_id: b.id })
        expect(fresh).toMatchObject({ date: D(4), occupied_to: D(5) })
        expect((await listCartHolds(a.id)).data.holds).toEqual([expect.objectContaining({ id: stale.id, status: "EXPIRED" })])
        expect(await availableOn(r.id, D(1), D(6))).toEqual([1, 1, 1, 0, 0, 1])

        // The cleanup expires another overdue range the same way.
        const other = await holdOver({ resource_id: r.id, from: D(1), to: D(2), quantity: 1, cart_id: c.id })
        await rawQuery(db, `UPDATE resource_hold SET expires_at = now() - interval '1 minute' WHERE id = ?`, [other.id])
        expect(await service().cleanupExpiredHolds()).toMatchObject({ expiredCount: 1 })
        expect(await availableOn(r.id, D(1), D(6))).toEqual([1, 1, 1, 0, 0, 1])
        const [row] = await rawQuery(db, `SELECT status FROM resource_hold WHERE id = ?`, [other.id])
        expect(row.status).toBe("EXPIRED")
      })

      it("answers 409 'busy, retry' when any date of the range is locked, taking nothing on any date", async () => {
        const r = await resourceWith(2, D(1), D(10))
        const cart = await createCart(api, store)
        const before = await snapshot()
        const blocked = await whileLocked(r.id, D(5), () =>
          postHold({ resource_id: r.id, from: D(3), to: D(6), quantity: 1, cart_id: cart.id })
        )
        expect(blocked.status).toBe(409)
        expect(blocked.data).toEqual({
          type: "conflict",
          code: "invalid_state_error",
          message: `Resource ${r.id} on ${D(3)}..${D(6)} is busy with another booking operation; retry shortly`,
        })
        expect(await snapshot()).toEqual(before)
        // Once the lock is gone the same request goes through.
        await holdOver({ resource_id: r.id, from: D(3), to: D(6), quantity: 1, cart_id: cart.id })
        expect(await availableOn(r.id, D(2), D(7))).toEqual([2, 1, 1, 1, 1, 2])
      })
    })

    // ------------------------------------------------------------------ rules

    describe("the resource's rules over HTTP: each refusal a 400 naming the rule and its value", () => {
      it("min_days and max_days, in every form of dates", async () => {
        const r = await resourceWith(5, D(1), D(20), { min_days: 2, max_days: 4 }, "Kayak week")
        const cart = await createCart(api, store)
        const base = { resource_id: r.id, quantity: 1, cart_id: cart.id }
        await expectRefusals([
          refusedHold("one date", { ...base, date: D(3) }, `"Kayak week" is booked for at least 2 days (min_days = 2); asked for 1`),
          refusedHold("one night", { ...base, check_in: D(3), check_out: D(4) }, `"Kayak week" is booked for at least 2 days (min_days = 2); asked for 1`),
          refusedHold("five dates", { ...base, from: D(3), to: D(7) }, `"Kayak week" is booked for at most 4 days (max_days = 4); asked for 5`),
          refusedHold("five nights", { ...base, check_in: D(3), check_out: D(8) }, `"Kayak week" is booked for at most 4 days (max_days = 4); asked for 5`),
        ])
        await holdOver({ ...base, from: D(3), to: D(4) })
        await holdOver({ ...base, check_in: D(10), check_out: D(14) })
        expect(await availableOn(r.id, D(2), D(5))).toEqual([5, 4, 4, 5])
        expect(await availableOn(r.id, D(9), D(14))).toEqual([5, 4, 4, 4, 4, 5])
      })

      it("dates before today in the resource's time zone are never bookable; today is", async () => {
        // At any instant, today in one of these zones is not today in UTC (they are 25 hours apart).
        for (const timezone of ["Pacific/Kiritimati", "Pacific/Pago_Pago"]) {
          const today = todayIn(timezone)
          const r = await resourceWith(2, addDays(today, -3), addDays(today, 3), { timezone }, `Tour ${timezone}`)
          const cart = await createCart(api, store)
          const base = { resource_id: r.id, quantity: 1, cart_id: cart.id }
          const yesterday = addDays(today, -1)
          const beforeToday = `${yesterday} can no longer be booked: it is before today (${today}, timezone ${timezone})`
          await expectRefusals([
            refusedHold(`${timezone}: yesterday`, { ...base, date: yesterday }, beforeToday),
            refusedHold(`${timezone}: yesterday to tomorrow`, { ...base, from: yesterday, to: addDays(today, 1) }, beforeToday),
            refusedHold(`${timezone}: checking in yesterday`, { ...base, check_in: yesterday, check_out: addDays(today, 2) }, beforeToday),
            refusedHold(
              `${timezone}: three days ago`,
              { ...base, date: addDays(today, -3) },
              `${addDays(today, -3)} can no longer be booked: it is before today (${today}, timezone ${timezone})`
            ),
          ])
          const hold = await holdOver({ ...base, from: today, to: addDays(today, 1) })
          expect(hold).toMatchObject({ date: today, end_date: addDays(today, 1), days: 2 })
        }
      })

      it("a resource without a time zone uses the store's (HOLD_TIMEZONE)", async () => {
        const today = todayIn(STORE_TIMEZONE)
        const r = await resourceWith(2, addDays(today, -1), addDays(today, 1), {}, "Default zone")
        const cart = await createCart(api, store)
        await expectRefusals([
          refusedHold(
            "yesterday in the store's zone",
            { resource_id: r.id, date: addDays(today, -1), quantity: 1, cart_id: cart.id },
            `${addDays(today, -1)} can no longer be booked: it is before today (${today}, timezone ${STORE_TIMEZONE})`
          ),
        ])
        await holdOver({ resource_id: r.id, date: today, quantity: 1, cart_id: cart.id })
      })

      it("cutoff_minutes, read in the resource's time zone: 1440 closes today, 2880 today and tomorrow", async () => {
        const timezone = "Pacific/Auckland"
        const today = todayIn(timezone)
        const cart = await createCart(api, store)
        for (const [cutoff, firstOpen] of [[1440, 1], [2880, 2]] as const) {
          const r = await resourceWith(2, today, addDays(today, 5), { timezone, cutoff_minutes: cutoff }, `Ferry ${cutoff}`)
          const base = { resource_id: r.id, quantity: 1, cart_id: cart.id }
          const closed = eachDate(today, addDays(today, firstOpen - 1))
          await expectRefusals(
            closed.flatMap((date) => [
              refusedHold(`cutoff ${cutoff}: ${date}`, { ...base, date }, `${date} can no longer be booked (cutoff_minutes = ${cutoff}, timezone ${timezone})`),
              refusedHold(
                `cutoff ${cutoff}: a range from ${date}`,
                { ...base, from: date, to: addDays(today, 4) },
                `${date} can no longer be booked (cutoff_minutes = ${cutoff}, timezone ${timezone})`
              ),
            ])
          )
          // The first open date is bookable, also as the start of a range.
          await holdOver({ ...base, from: addDays(today, firstOpen), to: addDays(today, firstOpen + 1) })
        }
        // cutoff 0: bookable all day, today included.
        const open = await resourceWith(2, today, addDays(today, 1), { timezone, cutoff_minutes: 0 }, "Ferry 0")
        await holdOver({ resource_id: open.id, date: today, quantity: 1, cart_id: cart.id })
      })

      it("horizon_days: the first date may be at most that many days after today; later dates of the range may pass it", async () => {
        const timezone = "UTC"
        const today = todayIn(timezone)
        const r = await resourceWith(2, today, addDays(today, 40), { timezone, horizon_days: 30 }, "Glacier hike")
        const cart = await createCart(api, store)
        const base = { resource_id: r.id, quantity: 1, cart_id: cart.id }
        const tooFar = (date: string) =>
          `${date} is too far ahead: "Glacier hike" can be booked up to 30 days ahead, ` +
          `starting ${addDays(today, 30)} at the latest (horizon_days = 30, timezone UTC)`
        await expectRefusals([
          refusedHold("31 days ahead", { ...base, date: addDays(today, 31) }, tooFar(addDays(today, 31))),
          refusedHold("a range starting 35 days ahead", { ...base, from: addDays(today, 35), to: addDays(today, 36) }, tooFar(addDays(today, 35))),
          refusedHold("checking in 31 days ahead", { ...base, check_in: addDays(today, 31), check_out: addDays(today, 33) }, tooFar(addDays(today, 31))),
        ])
        const last = await holdOver({ ...base, from: addDays(today, 30), to: addDays(today, 33) })
        expect(last).toMatchObject({ date: addDays(today, 30), end_date: addDays(today, 33), days: 4 })
      })

      it("a turnaround date without capacity: 400 naming the date and the rule, nothing taken", async () => {
        const r = await resourceWith(2, D(1), D(3), { turnaround_days: 2 }, "Yacht")
        const cart = await createCart(api, store)
        await expectRefusals([
          refusedHold(
            "booked dates have rows, the turnaround's second date has none",
            { resource_id: r.id, from: D(1), to: D(2), quantity: 1, cart_id: cart.id },
            `Resource ${r.id} has no capacity on ${D(4)} (turnaround_days = 2)`
          ),
          refusedHold(
            "both turnaround dates without rows",
            { resource_id: r.id, date: D(3), quantity: 1, cart_id: cart.id },
            `Resource ${r.id} has no capacity on ${D(4)} (turnaround_days = 2), ${D(5)} (turnaround_days = 2)`
          ),
        ])
        // With the turnaround dates on sale, the same booking goes through.
        await service().setCapacity({ resource_id: r.id, from: D(4), to: D(5), max_capacity: 2 })
        const hold = await holdOver({ resource_id: r.id, from: D(1), to: D(2), quantity: 1, cart_id: cart.id })
        expect(hold).toMatchObject({ date: D(1), end_date: D(2), days: 2, occupied_to: D(4) })
      })

      it("a resource's rule change applies to new holds; a hold keeps the dates it occupies", async () => {
        const r = await resourceWith(1, D(1), D(10), { turnaround_days: 1 }, "Van")
        const cart = await createCart(api, store)
        const hold = await holdOver({ resource_id: r.id, from: D(1), to: D(2), quantity: 1, cart_id: cart.id })
        expect(hold.occupied_to).toBe(D(3))
        const updated = await adminPost(`${ADMIN}/resources/${r.id}`, { turnaround_days: 0, min_days: 2 })
        expect(updated.status).toBe(200)
        // The hold still occupies its turnaround date; the invariant (afterEach audit) holds.
        expect((await listCartHolds(cart.id)).data.holds[0]).toMatchObject({ id: hold.id, occupied_to: D(3) })
        expect(await availableOn(r.id, D(1), D(4))).toEqual([0, 0, 0, 1])
        const next = await holdOver({ resource_id: r.id, from: D(4), to: D(5), quantity: 1, cart_id: cart.id })
        expect(next).toMatchObject({ occupied_to: D(5) })
        // Released, the old hold gives back every date it occupied, its turnaround included.
        expect((await release(hold.id, cart.id)).status).toBe(200)
        expect(await availableOn(r.id, D(1), D(6))).toEqual([1, 1, 1, 0, 0, 1])
      })
    })

    // ------------------------------------------------------------------ confirmed holds

    describe("store release and extend of a CONFIRMED hold", () => {
      it("400 naming the status; the booking keeps its units on every date", async () => {
        const r = await resourceWith(2, D(1), D(5), { turnaround_days: 1 })
        const cart = await createCart(api, store)
        const hold = await holdOver({ resource_id: r.id, from: D(1), to: D(3), quantity: 1, cart_id: cart.id })
        const confirmed = await adminPost(`${ADMIN}/holds/${hold.id}/confirm`, {})
        expect(confirmed.status).toBe(200)
        expect(confirmed.data.hold).toMatchObject({ id: hold.id, status: "CONFIRMED" })

        await expectRefusals([
          {
            name: "release",
            request: () => release(hold.id, cart.id),
            status: 400,
            type: "not_allowed",
            message: `Hold ${hold.id} is CONFIRMED and cannot be released from the store (cancel the order, or ask the store)`,
          },
          {
            name: "extend",
            request: () => extend(hold.id, cart.id),
            status: 400,
            type: "not_allowed",
            message: `Hold ${hold.id} is CONFIRMED and cannot be extended from the store (cancel the order, or ask the store)`,
          },
        ])
        expect(await availableOn(r.id, D(1), D(5))).toEqual([1, 1, 1, 1, 2])
        expect((await listCartHolds(cart.id)).data.holds).toEqual([
          expect.objectContaining({ id: hold.id, status: "CONFIRMED", date: D(1), end_date: D(3), occupied_to: D(4) }),
        ])
        // The admin can still release it: every occupied date gets its unit back.
        expect((await adminPost(`${ADMIN}/holds/${hold.id}/release`, {})).status).toBe(200)
        expect(await availableOn(r.id, D(1), D(5))).toEqual([2, 2, 2, 2, 2])
      })
    })

    // ------------------------------------------------------------------ the date picker

    describe("GET /store/resource-booking/availability: rules and per-date bookable", () => {
      it("answers the rules and what they allow now; bookable false before today, past the cut-off and beyond the horizon", async () => {
        const timezone = "Pacific/Auckland"
        const today = todayIn(timezone)
        const rules = { timezone, min_days: 2, max_days: 7, turnaround_days: 1, cutoff_minutes: 1440, horizon_days: 5 }
        const r = await resourceWith(3, addDays(today, -2), addDays(today, 7), rules)
        const before = await snapshot()
        const response = await availability(`resource_id=${r.id}&from=${addDays(today, -3)}&to=${addDays(today, 7)}`)
        expect(response.status).toBe(200)
        expect(response.data.rules).toEqual({
          booking_unit: "date",
          min_quantity: null,
          ...rules,
          today,
          earliest_start: addDays(today, 1),
          latest_start: addDays(today, 5),
        })
        const open = (offset: number) => offset >= 1 && offset <= 5
        expect(response.data.availability).toEqual(
          eachDate(addDays(today, -3), addDays(today, 7)).map((date, i) => {
            const offset = i - 3
            // -3 has no capacity row; -2..0 are before today or past the cut-off; 6, 7 beyond the horizon.
            return { date, bookable: open(offset), available: open(offset) ? 3 : 0 }
          })
        )
        expect(await snapshot()).toEqual(before)
      })

      it("a resource without rules: the defaults and the store's time zone; today bookable, yesterday not", async () => {
        const today = todayIn(STORE_TIMEZONE)
        const r = await resourceWith(4, addDays(today, -1), addDays(today, 1))
        const response = await availability(`resource_id=${r.id}&from=${addDays(today, -1)}&to=${addDays(today, 1)}`)
        expect(response.status).toBe(200)
        expect(response.data).toEqual({
          availability: [
            { date: addDays(today, -1), bookable: false, available: 0 },
            { date: today, bookable: true, available: 4 },
            { date: addDays(today, 1), bookable: true, available: 4 },
          ],
          rules: {
            booking_unit: "date",
            min_quantity: null,
            timezone: STORE_TIMEZONE,
            min_days: 1,
            max_days: null,
            turnaround_days: 0,
            cutoff_minutes: 0,
            horizon_days: null,
            today,
            earliest_start: today,
            latest_start: null,
          },
        })
      })

      it("a range hold shows on every date it occupies, turnaround included", async () => {
        const r = await resourceWith(2, D(1), D(6), { turnaround_days: 1 })
        const cart = await createCart(api, store)
        await holdOver({ resource_id: r.id, check_in: D(2), check_out: D(4), quantity: 2, cart_id: cart.id })
        const response = await availability(`resource_id=${r.id}&from=${D(1)}&to=${D(6)}`)
        expect(response.data.availability.map((d: any) => d.available)).toEqual([2, 0, 0, 0, 2, 2])
      })
    })

    describe("GET /store/resource-booking/availability/starts", () => {
      /** D(1)..D(10) with 2 units; D(5) full, D(8) with one unit left. */
      async function pickerResource(rules: Rules = {}) {
        const r = await resourceWith(2, D(1), D(10), rules, "Picker")
        const cart = await createCart(api, store)
        await holdOver({ resource_id: r.id, date: D(5), quantity: 2, cart_id: cart.id })
        await holdOver({ resource_id: r.id, date: D(8), quantity: 1, cart_id: cart.id })
        return r
      }
      const startsOf = async (query: string) => {
        const response = await starts(query)
        if (response.status !== 200) {
          throw new Error(`Expected HTTP 200, got ${response.status}: ${JSON.stringify(response.data)}`)
        }
        expect(Object.keys(response.data)).toEqual(["starts"])
        return response.data.starts as string[]
      }
      const days = (...list: number[]) => list.map(D)

      it("ascending start dates of a booking of `days` dates for `quantity` units; the window may run past `to`", async () => {
        const r = await pickerResource()
        const q = `resource_id=${r.id}&from=${D(1)}&to=${D(10)}`
        const before = await snapshot()
        expect(await startsOf(`${q}&days=1`)).toEqual(days(1, 2, 3, 4, 6, 7, 8, 9, 10))
        expect(await startsOf(`${q}&days=1&quantity=1`)).toEqual(days(1, 2, 3, 4, 6, 7, 8, 9, 10))
        // D(10) + 1 has no capacity row; D(4) + 1 is full.
        expect(await startsOf(`${q}&days=2`)).toEqual(days(1, 2, 3, 6, 7, 8, 9))
        expect(await startsOf(`${q}&days=2&quantity=2`)).toEqual(days(1, 2, 3, 6, 9))
        expect(await startsOf(`${q}&days=4`)).toEqual(days(1, 6, 7))
        expect(await startsOf(`${q}&days=4&quantity=2`)).toEqual(days(1))
        expect(await startsOf(`${q}&days=5`)).toEqual(days(6))
        expect(await startsOf(`${q}&days=6`)).toEqual([])
        // Only starts inside [from, to]; the booking may end after `to`.
        expect(await startsOf(`resource_id=${r.id}&from=${D(9)}&to=${D(9)}&days=2`)).toEqual(days(9))
        expect(await startsOf(`resource_id=${r.id}&from=${D(10)}&to=${D(10)}&days=2`)).toEqual([])
        expect(await startsOf(`resource_id=${r.id}&from=${D(11)}&to=${D(20)}&days=1`)).toEqual([])
        expect(await snapshot()).toEqual(before)
      })

      it("agrees with the hold route: every start answered can be held, the others are refused", async () => {
        const r = await pickerResource()
        const offered = await startsOf(`resource_id=${r.id}&from=${D(1)}&to=${D(10)}&days=2&quantity=2`)
        const cart = await createCart(api, store)
        const verdicts: string[] = []
        for (const date of eachDate(D(1), D(10))) {
          const before = await snapshot()
          const response = await postHold({ resource_id: r.id, from: date, to: addDays(date, 1), quantity: 2, cart_id: cart.id })
          verdicts.push(`${date} ${response.status}`)
          if (response.status === 201) {
            expect((await release(response.data.hold.id, cart.id)).status).toBe(200)
          } else {
            expect(await snapshot()).toEqual(before)
          }
        }
        expect(verdicts).toEqual(eachDate(D(1), D(10)).map((date) => `${date} ${offered.includes(date) ? 201 : 400}`))
      })

      it("counts the resource's turnaround days after the booked dates", async () => {
        const r = await pickerResource({ turnaround_days: 1 })
        // A 2-day booking occupies 3 dates.
        // A 2-day booking occupies 3 dates; the holds on D(5) and D(8) occupy D(6) and D(9) too.
        expect(await availableOn(r.id, D(1), D(10))).toEqual([2, 2, 2, 2, 0, 0, 2, 1, 1, 2])
        expect(await startsOf(`resource_id=${r.id}&from=${D(1)}&to=${D(10)}&days=2`)).toEqual(days(1, 2, 7, 8))
        expect(await startsOf(`resource_id=${r.id}&from=${D(1)}&to=${D(10)}&days=1&quantity=2`)).toEqual(days(1, 2, 3))
      })

      it("counts overdue holds as free, as a checkout would reclaim them", async () => {
        const r = await pickerResource()
        await rawQuery(db, `UPDATE resource_hold SET expires_at = now() - interval '1 minute' WHERE resource_id = ? AND date = ?::date`, [r.id, D(5)])
        expect(await startsOf(`resource_id=${r.id}&from=${D(3)}&to=${D(6)}&days=2&quantity=2`)).toEqual(days(3, 4, 5, 6))
      })

      it("applies every rule: no start before today or past the cut-off, none beyond the horizon", async () => {
        const timezone = "Pacific/Auckland"
        const today = todayIn(timezone)
        const r = await resourceWith(1, addDays(today, -3), addDays(today, 20), { timezone, cutoff_minutes: 1440, horizon_days: 6 })
        const offsets = (...list: number[]) => list.map((n) => addDays(today, n))
        const q = `resource_id=${r.id}&from=${addDays(today, -3)}&to=${addDays(today, 20)}`
        expect(await startsOf(`${q}&days=1`)).toEqual(offsets(1, 2, 3, 4, 5, 6))
        // A booking that starts within the horizon may run past it.
        expect(await startsOf(`${q}&days=5`)).toEqual(offsets(1, 2, 3, 4, 5, 6))
        const cart = await createCart(api, store)
        await holdOver({ resource_id: r.id, date: addDays(today, 4), quantity: 1, cart_id: cart.id })
        expect(await startsOf(`${q}&days=2`)).toEqual(offsets(1, 2, 5, 6))
        // A resource whose horizon ends before the cut-off allows anything: no starts.
        const closed = await resourceWith(1, today, addDays(today, 5), { timezone, cutoff_minutes: 1440, horizon_days: 0 })
        expect(await startsOf(`resource_id=${closed.id}&from=${today}&to=${addDays(today, 5)}&days=1`)).toEqual([])
      })

      it("refuses a length outside min_days/max_days with 400 naming the rule", async () => {
        const r = await resourceWith(2, D(1), D(10), { min_days: 2, max_days: 3 }, "Bounded")
        const q = `resource_id=${r.id}&from=${D(1)}&to=${D(10)}`
        await expectRefusals([
          { name: "days 1", request: () => starts(`${q}&days=1`), status: 400, type: "not_allowed", message: `"Bounded" is booked for at least 2 days (min_days = 2); asked for 1` },
          { name: "days 4", request: () => starts(`${q}&days=4`), status: 400, type: "not_allowed", message: `"Bounded" is booked for at most 3 days (max_days = 3); asked for 4` },
        ])
        expect(await startsOf(`${q}&days=3`)).toEqual(days(1, 2, 3, 4, 5, 6, 7, 8))
      })

      it("refuses a bad query with 400 naming the field; unknown and inactive resources are 404", async () => {
        const r = await resourceWith(2, D(1), D(10))
        const inactive = await resourceWith(2, D(1), D(10))
        await service().updateResources({ id: inactive.id, is_active: false })
        const ok = `resource_id=${r.id}&from=${D(1)}&to=${D(10)}`
        const bad = (name: string, query: string, message: string | RegExp, status = 400): Refusal => ({
          name,
          request: () => starts(query),
          status,
          message,
        })
        await expectRefusals([
          bad("days missing", ok, "Invalid request: Field 'days' is required"),
          bad("days 0", `${ok}&days=0`, "Invalid request: days must be from 1 to 366"),
          bad("days 367", `${ok}&days=367`, "Invalid request: days must be from 1 to 366"),
          bad("days x", `${ok}&days=x`, "Invalid request: days must be a whole number"),
          bad("days 1.5", `${ok}&days=1.5`, "Invalid request: days must be a whole number"),
          bad("days -1", `${ok}&days=-1`, "Invalid request: days must be a whole number"),
          bad("days twice", `${ok}&days=1&days=2`, /days/),
          bad("quantity 0", `${ok}&days=1&quantity=0`, "Invalid request: quantity must be from 1 to 10000"),
          bad("quantity x", `${ok}&days=1&quantity=x`, "Invalid request: quantity must be a whole number"),
          bad("from not a date", `resource_id=${r.id}&from=2031-02-30&to=${D(10)}&days=1`, /from must be a real calendar date/),
          bad("to missing", `resource_id=${r.id}&from=${D(1)}&days=1`, "Invalid request: Field 'to' is required"),
          bad("from missing", `resource_id=${r.id}&to=${D(1)}&days=1`, "Invalid request: Field 'from' is required"),
          bad("to before from", `resource_id=${r.id}&from=${D(2)}&to=${D(1)}&days=1`, `to (${D(1)}) must not be before from (${D(2)})`),
          bad("367-day range", `resource_id=${r.id}&from=2031-01-01&to=2032-01-02&days=1`, "The range from 2031-01-01 to 2032-01-02 spans more than 366 days"),
          bad("resource_id not an id", `resource_id=nope&from=${D(1)}&to=${D(10)}&days=1`, /resource_id must be a Medusa id/),
          bad("resource_id missing", `from=${D(1)}&to=${D(10)}&days=1`, "Invalid request: Field 'resource_id' is required"),
          bad("unknown field", `${ok}&days=1&limit=5`, /Unrecognized fields: 'limit'/),
          bad("unknown resource", `resource_id=${UNKNOWN_RESOURCE}&from=${D(1)}&to=${D(10)}&days=1`, `Resource with id: ${UNKNOWN_RESOURCE} was not found`, 404),
          bad("inactive resource", `resource_id=${inactive.id}&from=${D(1)}&to=${D(10)}&days=1`, `Resource with id: ${inactive.id} was not found`, 404),
        ])
      })
    })

    // ------------------------------------------------------------------ admin

    describe("admin: resource rules and the calendar", () => {
      const ALL_RULES = {
        timezone: "Europe/Berlin",
        min_days: 2,
        max_days: 14,
        turnaround_days: 1,
        cutoff_minutes: 360,
        horizon_days: 365,
      }
      const DEFAULT_RULES = { timezone: null, min_days: 1, max_days: null, turnaround_days: 0, cutoff_minutes: 0, horizon_days: null }
      // Medusa words a bound's refusal itself, naming the field and the bound.
      const tooSmall = (field: string, min: number) => `Invalid request: Value for field '${field}' too small, expected at least: '${min}'`
      const tooBig = (field: string, max: number) => `Invalid request: Value for field '${field}' too big, expected at most: '${max}'`
      const ruleColumns = async (id: string) =>
        (
          await rawQuery(
            db,
            `SELECT timezone, min_days, max_days, turnaround_days, cutoff_minutes, horizon_days FROM resource WHERE id = ?`,
            [id]
          )
        )[0]

      it("POST /resources takes every rule (200 with the values) and defaults the others; GET returns them", async () => {
        const created = await adminPost(`${ADMIN}/resources`, { name: "Land Cruiser", ...ALL_RULES })
        expect(created.status).toBe(200)
        expect(created.data.resource).toMatchObject({ name: "Land Cruiser", ...ALL_RULES })
        expect(await ruleColumns(created.data.resource.id)).toEqual(ALL_RULES)
        expect((await adminGet(`${ADMIN}/resources/${created.data.resource.id}`)).data.resource).toMatchObject(ALL_RULES)

        const plain = await adminPost(`${ADMIN}/resources`, { name: "Kayak" })
        expect(plain.data.resource).toMatchObject(DEFAULT_RULES)
        const partial = await adminPost(`${ADMIN}/resources`, { name: "Room", turnaround_days: 1, max_days: 1 })
        expect(partial.data.resource).toMatchObject({ ...DEFAULT_RULES, turnaround_days: 1, max_days: 1 })
        const edges = await adminPost(`${ADMIN}/resources`, {
          name: "Edges",
          timezone: "UTC",
          min_days: 366,
          max_days: 366,
          turnaround_days: 90,
          cutoff_minutes: 527_040,
          horizon_days: 0,
        })
        expect(edges.status).toBe(200)
        expect(await ruleColumns(edges.data.resource.id)).toEqual({
          timezone: "UTC",
          min_days: 366,
          max_days: 366,
          turnaround_days: 90,
          cutoff_minutes: 527_040,
          horizon_days: 0,
        })
      })

      it("POST /resources/:id updates rules (null clears the optional ones); other fields stay", async () => {
        const id = (await adminPost(`${ADMIN}/resources`, { name: "Van", ...ALL_RULES })).data.resource.id
        const updated = await adminPost(`${ADMIN}/resources/${id}`, { max_days: null, horizon_days: null, timezone: null, cutoff_minutes: 0 })
        expect(updated.status).toBe(200)
        expect(updated.data.resource).toMatchObject({ name: "Van", min_days: 2, turnaround_days: 1, max_days: null, horizon_days: null, timezone: null, cutoff_minutes: 0 })
        const raised = await adminPost(`${ADMIN}/resources/${id}`, { min_days: 5 })
        expect(raised.status).toBe(200)
        expect(await ruleColumns(id)).toEqual({ timezone: null, min_days: 5, max_days: null, turnaround_days: 1, cutoff_minutes: 0, horizon_days: null })
        // Both bounds in one update may move past the stored ones together.
        const both = await adminPost(`${ADMIN}/resources/${id}`, { min_days: 1, max_days: 3 })
        expect(both.data.resource).toMatchObject({ min_days: 1, max_days: 3 })
      })

      it("POST /resources refuses each bad rule with 400 naming it, and creates nothing", async () => {
        const bad = (name: string, rules: Record<string, unknown>, message: string | RegExp): Refusal => ({
          name,
          request: () => adminPost(`${ADMIN}/resources`, { name: "Bad", ...rules }),
          status: 400,
          message,
        })
        const ianaMessage = 'Invalid request: timezone must be an IANA time zone name such as "Europe/Berlin" or "UTC"'
        await expectRefusals([
          bad("unknown time zone", { timezone: "Mars/Olympus" }, ianaMessage),
          bad("time zone as offset text", { timezone: "+02:00 please" }, ianaMessage),
          bad("empty time zone", { timezone: "" }, ianaMessage),
          bad("time zone a number", { timezone: 2 }, "Invalid request: Expected type: 'string' for field 'timezone', got: '2'"),
          bad("min_days 0", { min_days: 0 }, tooSmall("min_days", 1)),
          bad("min_days 367", { min_days: 367 }, tooBig("min_days", 366)),
          bad("min_days 1.5", { min_days: 1.5 }, "Invalid request: Expected type: 'int' for field 'min_days', got: '1.5'"),
          bad("min_days as text", { min_days: "2" }, "Invalid request: Expected type: 'number' for field 'min_days', got: '2'"),
          bad("min_days null", { min_days: null }, "Invalid request: Expected type: 'number' for field 'min_days', got: 'null'"),
          bad("max_days 0", { max_days: 0 }, tooSmall("max_days", 1)),
          bad("max_days below min_days", { min_days: 3, max_days: 2 }, "max_days (2) must not be below min_days (3)"),
          bad("max_days 367", { max_days: 367 }, tooBig("max_days", 366)),
          bad("negative turnaround", { turnaround_days: -1 }, tooSmall("turnaround_days", 0)),
          bad("turnaround 91", { turnaround_days: 91 }, tooBig("turnaround_days", 90)),
          bad("turnaround null", { turnaround_days: null }, "Invalid request: Expected type: 'number' for field 'turnaround_days', got: 'null'"),
          bad("negative cut-off", { cutoff_minutes: -1 }, tooSmall("cutoff_minutes", 0)),
          bad("cut-off past a year", { cutoff_minutes: 527_041 }, tooBig("cutoff_minutes", 527040)),
          bad("negative horizon", { horizon_days: -1 }, tooSmall("horizon_days", 0)),
          bad("horizon 3661", { horizon_days: 3661 }, tooBig("horizon_days", 3660)),
          bad("horizon as text", { horizon_days: "30" }, "Invalid request: Expected type: 'number' for field 'horizon_days', got: '30'"),
          bad("unknown rule", { buffer_days: 1 }, "Invalid request: Unrecognized fields: 'buffer_days'"),
        ])
        expect(await rawQuery(db, `SELECT id FROM resource`)).toEqual([])
      })

      it("POST /resources/:id refuses each bad rule with 400 naming it, and changes nothing", async () => {
        const id = (await adminPost(`${ADMIN}/resources`, { name: "Bounded", min_days: 3, max_days: 7 })).data.resource.id
        const bad = (name: string, rules: Record<string, unknown>, message: string | RegExp): Refusal => ({
          name,
          request: () => adminPost(`${ADMIN}/resources/${id}`, rules),
          status: 400,
          message,
        })
        await expectRefusals([
          bad("max_days below the stored min_days", { max_days: 2 }, "max_days (2) must not be below min_days (3)"),
          bad("min_days above the stored max_days", { min_days: 10 }, "max_days (7) must not be below min_days (10)"),
          bad("both, crossed", { min_days: 5, max_days: 4 }, "max_days (4) must not be below min_days (5)"),
          bad("unknown time zone", { timezone: "Europe/Atlantis" }, 'Invalid request: timezone must be an IANA time zone name such as "Europe/Berlin" or "UTC"'),
          bad("min_days 0", { min_days: 0 }, tooSmall("min_days", 1)),
          bad("negative turnaround", { turnaround_days: -2 }, tooSmall("turnaround_days", 0)),
          bad("cut-off 1.5", { cutoff_minutes: 1.5 }, "Invalid request: Expected type: 'int' for field 'cutoff_minutes', got: '1.5'"),
          bad("negative horizon", { horizon_days: -1 }, tooSmall("horizon_days", 0)),
          bad("a good rule with a bad one", { turnaround_days: 2, horizon_days: -1 }, tooSmall("horizon_days", 0)),
        ])
        expect(await ruleColumns(id)).toEqual({ timezone: null, min_days: 3, max_days: 7, turnaround_days: 0, cutoff_minutes: 0, horizon_days: null })
      })

      it("GET /resources/:id/calendar counts turnaround units apart (and inside held and confirmed)", async () => {
        const r = await resourceWith(3, D(1), D(5), { turnaround_days: 1 }, "Calendar")
        const cart = await createCart(api, store)
        await holdOver({ resource_id: r.id, from: D(1), to: D(2), quantity: 2, cart_id: cart.id })
        const booked = await holdOver({ resource_id: r.id, date: D(3), quantity: 1, cart_id: cart.id })
        expect((await adminPost(`${ADMIN}/holds/${booked.id}/confirm`, {})).status).toBe(200)
        const before = await snapshot()

        const response = await adminGet(`${ADMIN}/resources/${r.id}/calendar?from=${D(1)}&to=${D(5)}`)
        expect(response.status).toBe(200)
        const pick = (d: any) => ({
          date: d.date,
          available_capacity: d.available_capacity,
          held: d.held,
          confirmed: d.confirmed,
          turnaround: d.turnaround,
          state: d.state,
        })
        expect(response.data.days.map(pick)).toEqual([
          { date: D(1), available_capacity: 1, held: 2, confirmed: 0, turnaround: 0, state: "open" },
          { date: D(2), available_capacity: 1, held: 2, confirmed: 0, turnaround: 0, state: "open" },
          // The range's turnaround date (2 units) and the confirmed booking's first date.
          { date: D(3), available_capacity: 0, held: 2, confirmed: 1, turnaround: 2, state: "full_with_holds" },
          // The confirmed booking's turnaround date.
          { date: D(4), available_capacity: 2, held: 0, confirmed: 1, turnaround: 1, state: "open" },
          { date: D(5), available_capacity: 3, held: 0, confirmed: 0, turnaround: 0, state: "open" },
        ])
        // The admin's holds list filters by an occupied date, turnaround included.
        const onD4 = await adminGet(`${ADMIN}/holds?resource_id=${r.id}&date=${D(4)}`)
        expect(onD4.data.holds.map((h: any) => [h.id, h.date, h.end_date, h.occupied_to])).toEqual([[booked.id, D(3), D(3), D(4)]])
        expect(await snapshot()).toEqual(before)
      })
    })
  },
})
