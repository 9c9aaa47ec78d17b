import ResourceBookingModuleService from "../../../src/modules/resource_booking/service"
import { addDays, eachDate } from "../../../src/modules/resource_booking/utils/calendar-date"
import { captureEventBus } from "./event-capture"
import { backdate, bookingModuleSuite, capacityOf, query, statusOf, Suite } from "./harness"
import { dbState, expectRefused } from "./state"

/**
 * Holds over a range of dates: all or nothing on every date (booked and turnaround), one
 * hold moving through every verb on all its dates at once, and the invariant
 * available = max − Σ(ACTIVE + CONFIRMED occupying the date) kept and audited.
 */

const FROM = "2030-03-01"
const TO = "2030-03-10"
const MINUTE = 60_000

async function rental(
  service: ResourceBookingModuleService,
  max: number,
  rules: Record<string, unknown> = {}
): Promise<string> {
  const resource = await service.createResources({ name: "Land Cruiser", ...rules })
  await service.setCapacity({ resource_id: resource.id, from: FROM, to: TO, max_capacity: max })
  return resource.id
}

async function available(suite: Suite, resourceId: string, from: string, to: string): Promise<number[]> {
  const rows = await query(
    suite,
    `SELECT available_capacity FROM resource_capacity WHERE resource_id = ? AND date BETWEEN ?::date AND ?::date ORDER BY date`,
    [resourceId, from, to]
  )
  return rows.map((r) => Number(r.available_capacity))
}

const events = captureEventBus()

describe("range holds", () => {
  bookingModuleSuite(
    (suite) => {
      beforeEach(() => events.clear())

      it("takes the units on every date from `from` to `to` as one hold", async () => {
        const { service } = suite
        const resourceId = await rental(service, 2)
        const hold = await service.createHold({ resource_id: resourceId, from: "2030-03-02", to: "2030-03-05", quantity: 1 })
        expect(hold).toMatchObject({ date: "2030-03-02", end_date: "2030-03-05", days: 4, occupied_to: "2030-03-05", status: "ACTIVE" })
        expect(await available(suite, resourceId, FROM, "2030-03-06")).toEqual([2, 1, 1, 1, 1, 2])
        expect(await service.auditCapacity({ resource_id: resourceId })).toEqual([])
        expect(events.named("resource_booking.hold.created")[0]).toMatchObject({ date: "2030-03-02", end_date: "2030-03-05" })
      })

      it("keeps `date` alone working as a one-date hold (end_date = date)", async () => {
        const { service } = suite
        const resourceId = await rental(service, 1)
        const hold = await service.createHold({ resource_id: resourceId, date: "2030-03-03", quantity: 1 })
        expect(hold).toMatchObject({ date: "2030-03-03", end_date: "2030-03-03", days: 1, occupied_to: "2030-03-03" })
      })

      it("books nights with check_in and check_out: same-day turnover", async () => {
        const { service } = suite
        const resourceId = await rental(service, 1)
        const first = await service.createHold({ resource_id: resourceId, check_in: "2030-03-01", check_out: "2030-03-04", quantity: 1 })
        expect(first).toMatchObject({ date: "2030-03-01", end_date: "2030-03-03", days: 3 })
        const next = await service.createHold({ resource_id: resourceId, check_in: "2030-03-04", check_out: "2030-03-06", quantity: 1 })
        expect(next).toMatchObject({ date: "2030-03-04", end_date: "2030-03-05", days: 2 })
        expect(await available(suite, resourceId, FROM, "2030-03-06")).toEqual([0, 0, 0, 0, 0, 1])
      })

      it("refuses a range lacking units with one message naming every short date, and changes nothing", async () => {
        const { service } = suite
        const resourceId = await rental(service, 1)
        await service.createHold({ resource_id: resourceId, date: "2030-03-02", quantity: 1 })
        await service.createHold({ resource_id: resourceId, date: "2030-03-03", quantity: 1 })
        const before = await dbState(suite)
        await expectRefused(
          service.createHold({ resource_id: resourceId, from: "2030-03-01", to: "2030-03-04", quantity: 1 }),
          "not_allowed",
          `Insufficient capacity for "Land Cruiser" on 2030-03-02 (0 of 1 available), 2030-03-03 (0 of 1 available)`
        )
        expect(await dbState(suite)).toEqual(before)
      })

      it("refuses a range reaching a date without capacity, naming it, and changes nothing", async () => {
        const { service } = suite
        const resourceId = await rental(service, 3)
        const before = await dbState(suite)
        await expectRefused(
          service.createHold({ resource_id: resourceId, from: "2030-03-09", to: "2030-03-12", quantity: 1 }),
          "not_allowed",
          `Resource ${resourceId} has no capacity on 2030-03-11, 2030-03-12`
        )
        expect(await dbState(suite)).toEqual(before)
      })

      it("refuses malformed booking dates with a 400 naming the fields", async () => {
        const { service } = suite
        const resourceId = await rental(service, 3)
        const base = { resource_id: resourceId, quantity: 1 }
        await expectRefused(service.createHold({ ...base } as never), "invalid_data",
          "The booking's dates are missing: give one of date; from and to; check_in and check_out")
        await expectRefused(service.createHold({ ...base, date: "2030-03-01", from: "2030-03-01", to: "2030-03-02" }), "invalid_data",
          "Give the booking's dates in one form only, got date and from/to (one of: date; from and to; check_in and check_out)")
        await expectRefused(service.createHold({ ...base, from: "2030-03-04", to: "2030-03-02" }), "invalid_data",
          "to (2030-03-02) must not be before from (2030-03-04)")
        await expectRefused(service.createHold({ ...base, check_in: "2030-03-04", check_out: "2030-03-04" }), "invalid_data",
          "check_out (2030-03-04) must be after check_in (2030-03-04): a stay is at least one night")
        await expectRefused(service.createHold({ ...base, from: "2030-03-04" }), "invalid_data",
          "to is required with from")
        await expectRefused(service.createHold({ ...base, check_out: "2030-03-04" }), "invalid_data",
          "check_in is required with check_out")
      })

      it("occupies turnaround dates after the last booked date: not booked, but not free either", async () => {
        const { service } = suite
        const resourceId = await rental(service, 1, { turnaround_days: 2 })
        const hold = await service.createHold({ resource_id: resourceId, from: "2030-03-02", to: "2030-03-03", quantity: 1 })
        expect(hold).toMatchObject({ end_date: "2030-03-03", days: 2, occupied_to: "2030-03-05" })
        expect(await available(suite, resourceId, FROM, "2030-03-06")).toEqual([1, 0, 0, 0, 0, 1])
        await expectRefused(
          service.createHold({ resource_id: resourceId, date: "2030-03-05", quantity: 1 }),
          "not_allowed",
          `Insufficient capacity for "Land Cruiser" on 2030-03-05 (0 of 1 available)`
        )
        // A booking whose own turnaround would reach an occupied date is refused too.
        await expectRefused(
          service.createHold({ resource_id: resourceId, date: "2030-03-01", quantity: 1 }),
          "not_allowed",
          `Insufficient capacity for "Land Cruiser" on 2030-03-02 (turnaround_days = 2, 0 of 1 available), ` +
            `2030-03-03 (turnaround_days = 2, 0 of 1 available)`
        )
        const [day] = await service.getCapacityCalendar({ resource_id: resourceId, from: "2030-03-04", to: "2030-03-04" })
        expect(day).toMatchObject({ held: 1, turnaround: 1, available_capacity: 0 })
        const [holds] = await service.listHolds({ resource_id: resourceId, date: "2030-03-05" })
        expect(holds.map((h) => h.id)).toEqual([hold.id])
        expect(await service.auditCapacity({ resource_id: resourceId })).toEqual([])
      })

      it("releases every date at once, one capacity.released per date", async () => {
        const { service } = suite
        const resourceId = await rental(service, 1, { turnaround_days: 1 })
        const hold = await service.createHold({ resource_id: resourceId, from: "2030-03-02", to: "2030-03-04", quantity: 1 })
        events.clear()
        const released = await service.releaseHold(hold.id)
        expect(released.status).toBe("RELEASED")
        expect(await available(suite, resourceId, "2030-03-02", "2030-03-05")).toEqual([1, 1, 1, 1])
        expect(events.named("resource_booking.capacity.released").map((e) => e.date)).toEqual(
          eachDate("2030-03-02", "2030-03-05")
        )
        expect(events.named("resource_booking.hold.released")[0]).toMatchObject({ date: "2030-03-02", end_date: "2030-03-04" })
      })

      it("confirms and extends a range as one hold; the cleanup expires all its dates at once", async () => {
        const { service } = suite
        const resourceId = await rental(service, 2)
        const confirmed = await service.createHold({ resource_id: resourceId, from: "2030-03-01", to: "2030-03-03", quantity: 1 })
        expect((await service.confirmHold(confirmed.id)).status).toBe("CONFIRMED")
        const lapsing = await service.createHold({ resource_id: resourceId, from: "2030-03-02", to: "2030-03-05", quantity: 1 })
        const extended = await service.extendHold(lapsing.id, 10)
        expect(extended.expires_at.getTime()).toBeGreaterThan(Date.now() + 9 * MINUTE)
        await backdate(suite, lapsing.id, 5)
        events.clear()
        const result = await service.cleanupExpiredHolds()
        expect(result).toMatchObject({ expiredCount: 1, totalCapacityRestored: 4 })
        expect(await statusOf(suite, lapsing.id)).toBe("EXPIRED")
        expect(await available(suite, resourceId, FROM, "2030-03-05")).toEqual([1, 1, 1, 2, 2])
        expect(events.named("resource_booking.capacity.released").map((e) => e.date).sort()).toEqual(
          eachDate("2030-03-02", "2030-03-05")
        )
        expect(await service.auditCapacity({ resource_id: resourceId })).toEqual([])
      })

      it("reclaims an overdue range reaching past the dates asked for (its other dates restored too)", async () => {
        const { service } = suite
        const resourceId = await rental(service, 1)
        const stale = await service.createHold({ resource_id: resourceId, from: "2030-03-03", to: "2030-03-08", quantity: 1 })
        await backdate(suite, stale.id, 5)
        const fresh = await service.createHold({ resource_id: resourceId, from: "2030-03-01", to: "2030-03-04", quantity: 1 })
        expect(fresh.status).toBe("ACTIVE")
        expect(await statusOf(suite, stale.id)).toBe("EXPIRED")
        expect(await available(suite, resourceId, FROM, "2030-03-08")).toEqual([0, 0, 0, 0, 1, 1, 1, 1])
        expect(await service.auditCapacity({ resource_id: resourceId })).toEqual([])
      })

      it("audits drift on a date a range occupies", async () => {
        const { service } = suite
        const resourceId = await rental(service, 3)
        await service.createHold({ resource_id: resourceId, from: "2030-03-02", to: "2030-03-04", quantity: 2 })
        await query(suite, `UPDATE resource_capacity SET available_capacity = 3 WHERE resource_id = ? AND date = '2030-03-03'`, [resourceId])
        expect(await service.auditCapacity({ resource_id: resourceId })).toEqual([
          { resource_id: resourceId, date: "2030-03-03", start_time: null, max_capacity: 3, held: 2, expected_available: 1, actual_available: 3 },
        ])
        const report = await service.reconcileCapacity({ resource_id: resourceId, fix: true })
        expect(report.rows.map((r: any) => [r.date, r.held, r.fixed])).toEqual([["2030-03-03", 2, true]])
        expect(await service.auditCapacity({ resource_id: resourceId })).toEqual([])
      })

      it("refuses to lower max_capacity below what a range holds on any of its dates", async () => {
        const { service } = suite
        const resourceId = await rental(service, 2)
        await service.createHold({ resource_id: resourceId, from: "2030-03-02", to: "2030-03-04", quantity: 2 })
        await expectRefused(
          service.setCapacity({ resource_id: resourceId, from: "2030-03-04", to: "2030-03-06", max_capacity: 1 }),
          "not_allowed",
          `Cannot set max_capacity of resource ${resourceId} to 1: 2030-03-04 has 2 units held`
        )
      })

      it("checks out a multi-date line against holds covering every booked date", async () => {
        const { service } = suite
        const resourceId = await rental(service, 2)
        const cart = "cart_01RANGE"
        const hold = await service.createHold({ resource_id: resourceId, from: "2030-03-02", to: "2030-03-04", quantity: 1, cart_id: cart })
        const line = { resource_id: resourceId, date: "2030-03-02", end_date: "2030-03-05", quantity: 1 }
        const problems = await service.secureCartHolds({ cart_id: cart, requirements: [line], margin_minutes: 10 })
        expect(problems).toEqual([expect.objectContaining({ missing_dates: ["2030-03-05"], reason: "no_hold", held: 0 })])
        const covered = { ...line, end_date: "2030-03-04" }
        expect(await service.secureCartHolds({ cart_id: cart, requirements: [covered], margin_minutes: 10 })).toEqual([])
        const outcome = await service.confirmCartHolds({ cart_id: cart, order_id: "order_01RANGE", requirements: [covered] })
        expect(outcome.confirmed.map((h) => h.id)).toEqual([hold.id])
        const released = await service.releaseOrderHolds({ order_id: "order_01RANGE" })
        expect(released.map((h) => h.id)).toEqual([hold.id])
        expect(await available(suite, resourceId, "2030-03-02", "2030-03-04")).toEqual([2, 2, 2])
      })

      it("lists the start dates of a booking of N days (plus turnaround) for Q units, in one answer", async () => {
        const { service } = suite
        const resourceId = await rental(service, 1, { turnaround_days: 1 })
        await service.createHold({ resource_id: resourceId, date: "2030-03-05", quantity: 1 })
        // That hold occupies 03-05 and its turnaround 03-06. A booking of 2 dates + 1 turnaround needs 3
        // free dates: it starts 03-01 or 03-02 (done by 03-04), or 03-07 or 03-08 (done by TO, 03-10).
        expect(await service.listStartDates({ resource_id: resourceId, from: FROM, to: TO, days: 2, quantity: 1 })).toEqual([
          "2030-03-01", "2030-03-02", "2030-03-07", "2030-03-08",
        ])
        expect(await service.listStartDates({ resource_id: resourceId, from: FROM, to: TO, days: 2, quantity: 2 })).toEqual([])
      })
    },
    {},
    { event_bus: events.bus }
  )
})

describe("booking rules", () => {
  bookingModuleSuite((suite) => {
    /** Today in `timezone`, as the rules read it. */
    const todayIn = (timezone: string) =>
      new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date())

    async function resourceFromToday(rules: Record<string, unknown>, days = 20): Promise<{ id: string; today: string }> {
      const { service } = suite
      const timezone = (rules.timezone as string) ?? "UTC"
      const today = todayIn(timezone)
      const resource = await service.createResources({ name: "Land Cruiser", ...rules })
      await service.setCapacity({ resource_id: resource.id, from: addDays(today, -3), to: addDays(today, days), max_capacity: 5 })
      return { id: resource.id, today }
    }

    it("refuses dates before today in the resource's timezone, naming it", async () => {
      const { service } = suite
      const { id, today } = await resourceFromToday({ timezone: "Pacific/Auckland" })
      const yesterday = addDays(today, -1)
      const before = await dbState(suite)
      await expectRefused(
        service.createHold({ resource_id: id, date: yesterday, quantity: 1 }),
        "not_allowed",
        `${yesterday} can no longer be booked: it is before today (${today}, timezone Pacific/Auckland)`
      )
      expect(await dbState(suite)).toEqual(before)
      expect((await service.createHold({ resource_id: id, date: today, quantity: 1 })).date).toBe(today)
    })

    it("stops selling a first date cutoff_minutes before it ends", async () => {
      const { service } = suite
      // A cut-off of a full day plus a minute has always passed for today and never for the day after tomorrow.
      const { id, today } = await resourceFromToday({ cutoff_minutes: 24 * 60 + 1, timezone: "Europe/Berlin" })
      await expectRefused(
        service.createHold({ resource_id: id, date: today, quantity: 1 }),
        "not_allowed",
        `${today} can no longer be booked (cutoff_minutes = 1441, timezone Europe/Berlin)`
      )
      expect((await service.createHold({ resource_id: id, date: addDays(today, 2), quantity: 1 })).status).toBe("ACTIVE")
      const rules = await service.getBookingRules(id)
      expect(rules).toMatchObject({ timezone: "Europe/Berlin", today, cutoff_minutes: 1441 })
      expect([addDays(today, 1), addDays(today, 2)]).toContain(rules.earliest_start)
      const days = await service.getAvailability({ resource_id: id, from: addDays(today, -1), to: addDays(today, 2) })
      expect(days.map((d) => d.bookable)).toEqual([false, false, rules.earliest_start === addDays(today, 1), true])
    })

    it("bounds the booked dates by min_days and max_days, naming the rule", async () => {
      const { service } = suite
      const { id, today } = await resourceFromToday({ min_days: 2, max_days: 4 })
      await expectRefused(
        service.createHold({ resource_id: id, date: addDays(today, 1), quantity: 1 }),
        "not_allowed",
        `"Land Cruiser" is booked for at least 2 days (min_days = 2); asked for 1`
      )
      await expectRefused(
        service.createHold({ resource_id: id, from: addDays(today, 1), to: addDays(today, 5), quantity: 1 }),
        "not_allowed",
        `"Land Cruiser" is booked for at most 4 days (max_days = 4); asked for 5`
      )
      await expectRefused(
        service.listStartDates({ resource_id: id, from: today, to: addDays(today, 5), days: 1, quantity: 1 }),
        "not_allowed",
        `"Land Cruiser" is booked for at least 2 days (min_days = 2); asked for 1`
      )
      expect((await service.createHold({ resource_id: id, check_in: addDays(today, 1), check_out: addDays(today, 3), quantity: 1 })).days).toBe(2)
    })

    it("refuses a first date past horizon_days, naming it", async () => {
      const { service } = suite
      const { id, today } = await resourceFromToday({ horizon_days: 3 })
      await expectRefused(
        service.createHold({ resource_id: id, date: addDays(today, 4), quantity: 1 }),
        "not_allowed",
        `${addDays(today, 4)} is too far ahead: "Land Cruiser" can be booked up to 3 days ahead, starting ${addDays(today, 3)} at the latest (horizon_days = 3, timezone UTC)`
      )
      expect((await service.createHold({ resource_id: id, date: addDays(today, 3), quantity: 1 })).status).toBe("ACTIVE")
      const starts = await service.listStartDates({ resource_id: id, from: addDays(today, -2), to: addDays(today, 10), days: 1, quantity: 1 })
      expect(starts).toEqual(eachDate(today, addDays(today, 3)))
    })

    it("validates the rules on create and update, naming the field", async () => {
      const { service } = suite
      await expectRefused(service.createResources({ name: "X", timezone: "Mars/Olympus" } as never), "invalid_data",
        'timezone must be an IANA time zone name such as "Europe/Berlin" or "UTC", got "Mars/Olympus"')
      await expectRefused(service.createResources({ name: "X", min_days: 0 } as never), "invalid_data",
        "min_days must be a whole number from 1 to 366, got 0")
      const resource = await service.createResources({ name: "X", min_days: 3 } as never)
      await expectRefused(service.updateResources({ id: resource.id, max_days: 2 } as never), "invalid_data",
        "max_days (2) must not be below min_days (3)")
      await expectRefused(service.updateResources({ id: resource.id, cutoff_minutes: -1 } as never), "invalid_data",
        "cutoff_minutes must be a whole number from 0 to 527040, got -1")
      const updated = await service.updateResources({ id: resource.id, max_days: 7, turnaround_days: 1, timezone: "America/New_York" } as never)
      expect(updated).toMatchObject({ min_days: 3, max_days: 7, turnaround_days: 1, timezone: "America/New_York" })
    })
  })
})
