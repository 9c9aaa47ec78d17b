import { backdate, bookingModuleSuite, capacityOf, query, resourceWithCapacity, Suite } from "./harness"
import { reportFigures } from "../../figures"

const D1 = "2031-07-01"
const D2 = "2031-07-02"
const UNITS_CAP = "HOLD_MAX_UNITS_PER_CART_DATE"
const HOLDS_CAP = "HOLD_MAX_LIVE_HOLDS_PER_CART"

async function refusal(promise: Promise<unknown>): Promise<{ type: string; message: string }> {
  try {
    await promise
  } catch (error: any) {
    return { type: error.type, message: error.message }
  }
  throw new Error("expected a refusal")
}

async function liveUnits(suite: Suite, where: string, params: unknown[]) {
  const [row] = await query(
    suite,
    `SELECT count(*)::int AS holds, coalesce(sum(quantity), 0)::int AS units FROM resource_hold
      WHERE status = 'ACTIVE' AND ${where}`,
    params
  )
  return row
}

/** Dates 2031-08-01, 2031-08-02, … (n of them). */
const dates = (n: number) => Array.from({ length: n }, (_, i) => `2031-08-${String(i + 1).padStart(2, "0")}`)

describe("hold caps with their defaults (10 units per cart and date, 20 live holds per cart)", () => {
  bookingModuleSuite((suite) => {
    const { service } = suite

    it("lets a cart hold up to 10 units of one date, refuses the 11th naming the limit, and changes nothing", async () => {
      const resourceId = await resourceWithCapacity(service, [D1, D2], 100)
      await service.createHold({ resource_id: resourceId, date: D1, quantity: 6, cart_id: "cart_a" })
      await service.createHold({ resource_id: resourceId, date: D1, quantity: 4, cart_id: "cart_a" })

      expect(await refusal(service.createHold({ resource_id: resourceId, date: D1, quantity: 1, cart_id: "cart_a" }))).toEqual({
        type: "not_allowed",
        message:
          `Hold limit reached: a cart may hold at most 10 units of one resource and date (${UNITS_CAP} = 10); ` +
          `cart cart_a holds 10 of resource ${resourceId} on ${D1} and asked for 1`,
      })
      expect(await refusal(service.createHold({ resource_id: resourceId, date: D2, quantity: 11, cart_id: "cart_a" }))).toMatchObject({
        type: "not_allowed",
        message: expect.stringContaining(`cart cart_a holds 0 of resource ${resourceId} on ${D2} and asked for 11`),
      })
      expect(await liveUnits(suite, "cart_id = ?", ["cart_a"])).toEqual({ holds: 2, units: 10 })
      expect(await capacityOf(suite, resourceId, D1)).toEqual({ max_capacity: 100, available_capacity: 90 })
      expect(await capacityOf(suite, resourceId, D2)).toEqual({ max_capacity: 100, available_capacity: 100 })
      // Another cart, and another date of the same cart, have caps of their own.
      await service.createHold({ resource_id: resourceId, date: D1, quantity: 10, cart_id: "cart_b" })
      await service.createHold({ resource_id: resourceId, date: D2, quantity: 10, cart_id: "cart_a" })
      expect(await service.auditCapacity()).toEqual([])
    })

    it("refuses a cart's 21st live hold, naming the limit", async () => {
      const resourceId = await resourceWithCapacity(service, dates(21), 5)
      for (const date of dates(20)) {
        await service.createHold({ resource_id: resourceId, date, quantity: 1, cart_id: "cart_many" })
      }
      expect(await refusal(service.createHold({ resource_id: resourceId, date: dates(21)[20], quantity: 1, cart_id: "cart_many" }))).toEqual({
        type: "not_allowed",
        message: `Hold limit reached: a cart may have at most 20 live holds (${HOLDS_CAP} = 20); cart cart_many has 20`,
      })
      expect(await liveUnits(suite, "cart_id = ?", ["cart_many"])).toEqual({ holds: 20, units: 20 })
    })

    it("counts a customer's holds across their open carts", async () => {
      const resourceId = await resourceWithCapacity(service, [D1], 100)
      await service.createHold({ resource_id: resourceId, date: D1, quantity: 7, cart_id: "cart_c1", customer_id: "cus_1" })

      expect(
        await refusal(service.createHold({ resource_id: resourceId, date: D1, quantity: 4, cart_id: "cart_c2", customer_id: "cus_1" }))
      ).toEqual({
        type: "not_allowed",
        message:
          `Hold limit reached: a customer, across their open carts, may hold at most 10 units of one resource and date (${UNITS_CAP} = 10); ` +
          `customer cus_1 holds 7 of resource ${resourceId} on ${D1} and asked for 4`,
      })
      await service.createHold({ resource_id: resourceId, date: D1, quantity: 3, cart_id: "cart_c2", customer_id: "cus_1" })
      // A hold with a customer and no cart is capped too; another customer is not affected.
      expect((await refusal(service.createHold({ resource_id: resourceId, date: D1, quantity: 1, customer_id: "cus_1" }))).message).toContain(
        "customer cus_1 holds 10"
      )
      await service.createHold({ resource_id: resourceId, date: D1, quantity: 10, customer_id: "cus_2" })
      expect(await liveUnits(suite, "customer_id = ?", ["cus_1"])).toEqual({ holds: 2, units: 10 })
    })

    it("does not count overdue, released, expired or confirmed holds: only live ones", async () => {
      const resourceId = await resourceWithCapacity(service, [D1], 100)
      const overdue = await service.createHold({ resource_id: resourceId, date: D1, quantity: 4, cart_id: "cart_d" })
      await backdate(suite, overdue.id, 5)
      const released = await service.createHold({ resource_id: resourceId, date: D1, quantity: 3, cart_id: "cart_d" })
      await service.releaseHold(released.id)
      const confirmed = await service.createHold({ resource_id: resourceId, date: D1, quantity: 3, cart_id: "cart_d" })
      await service.confirmHold(confirmed.id)

      await service.createHold({ resource_id: resourceId, date: D1, quantity: 10, cart_id: "cart_d" })

      expect(await liveUnits(suite, "cart_id = ? AND expires_at > now()", ["cart_d"])).toEqual({ holds: 1, units: 10 })
      expect(await service.auditCapacity()).toEqual([])
    })

    it("leaves holds without cart or customer uncapped", async () => {
      const resourceId = await resourceWithCapacity(service, [D1], 100)
      await service.createHold({ resource_id: resourceId, date: D1, quantity: 50 })
      expect(await capacityOf(suite, resourceId, D1)).toEqual({ max_capacity: 100, available_capacity: 50 })
    })

    it("grants one cart exactly the caps when many holds of it race (across dates and on one date)", async () => {
      const resourceId = await resourceWithCapacity(service, dates(30), 100)
      const outcomes = await Promise.allSettled([
        ...dates(30).map((date) => service.createHold({ resource_id: resourceId, date, quantity: 1, cart_id: "cart_race" })),
        ...Array.from({ length: 15 }, () => service.createHold({ resource_id: resourceId, date: "2031-08-01", quantity: 1, cart_id: "cart_race2" })),
      ])
      const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected").map((o) => String(o.reason?.message))
      reportFigures("caps race: one cart, 30 dates + 15 on one date", { attempts: 45, granted: 45 - refused.length, refusedByCap: refused.filter((m) => m.startsWith("Hold limit reached")).length })
      expect(refused.filter((m) => !m.startsWith("Hold limit reached"))).toEqual([])
      expect(await liveUnits(suite, "cart_id = ?", ["cart_race"])).toEqual({ holds: 20, units: 20 })
      expect(await liveUnits(suite, "cart_id = ?", ["cart_race2"])).toEqual({ holds: 10, units: 10 })
      expect(await service.auditCapacity()).toEqual([])
    })
  })
})

describe("control: the same race without the locks (unsafe_skip_locking) breaks the caps", () => {
  bookingModuleSuite(
    (suite) => {
      it("grants one cart more live holds than the cap, proving the race harness creates contention", async () => {
        const { service } = suite
        const resourceId = await resourceWithCapacity(service, dates(30), 100)
        await Promise.allSettled(
          dates(30).map((date) => service.createHold({ resource_id: resourceId, date, quantity: 1, cart_id: "cart_race" }))
        )
        const { holds } = await liveUnits(suite, "cart_id = ?", ["cart_race"])
        reportFigures("control: caps race without the locks", { attempts: 30, cap: 20, liveHolds: holds })
        // If this is 20, the calls never overlapped and the locked test proves nothing.
        expect(holds).toBeGreaterThan(20)
      })
    },
    { unsafe_skip_locking: true }
  )
})

describe("hold caps set by options (0 turns one off)", () => {
  bookingModuleSuite(
    (suite) => {
      it("applies HOLD_MAX_UNITS_PER_CART_DATE = 3 and no live-hold cap", async () => {
        const { service } = suite
        const resourceId = await resourceWithCapacity(service, dates(25), 10)
        expect((await refusal(service.createHold({ resource_id: resourceId, date: dates(1)[0], quantity: 4, cart_id: "cart_e" }))).message).toContain(
          `(${UNITS_CAP} = 3)`
        )
        for (const date of dates(25)) {
          await service.createHold({ resource_id: resourceId, date, quantity: 3, cart_id: "cart_e" })
        }
        expect(await liveUnits(suite, "cart_id = ?", ["cart_e"])).toEqual({ holds: 25, units: 75 })
      })
    },
    { holdMaxUnitsPerCartDate: 3, holdMaxLiveHoldsPerCart: 0 }
  )
})
