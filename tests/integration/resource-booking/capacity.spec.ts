process.env.TZ = "America/Los_Angeles"
// Jest hands a spec a copy of process.env, so the line above alone leaves the worker on its
// original zone. The real process (reached through the main context) applies it for real,
// and gets its zone back after this file so later files in the same worker are unaffected.
import { runInThisContext } from "vm"
const realProcess = runInThisContext("process") as NodeJS.Process
const originalTz = realProcess.env.TZ
realProcess.env.TZ = process.env.TZ
afterAll(() => {
  if (originalTz === undefined) {
    delete realProcess.env.TZ
  } else {
    realProcess.env.TZ = originalTz
  }
})

import {
  backdate,
  bookingModuleSuite,
  capacityOf,
  query,
  resourceWithCapacity,
  statusOf,
} from "./harness"
import { corruptAvailable, dbState, expectRefused, UNKNOWN_RESOURCE } from "./state"

/**
 * setCapacity, getAvailability and auditCapacity against real Postgres, with the worker
 * running in America/Los_Angeles: calendar dates must come back as the same `YYYY-MM-DD`
 * strings they went in as (a local-midnight Date would shift them to the previous day).
 */

const D1 = "2027-03-13"
const D2 = "2027-03-14" // US daylight saving starts
const D3 = "2027-03-15"

const ID_MESSAGE = (field: string, got: string) => `${field} must be a Medusa id (prefix_ULID), got ${got}`

describe("capacity", () => {
  bookingModuleSuite((suite) => {
    const { service } = suite

    it("runs in America/Los_Angeles for real", () => {
      expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe("America/Los_Angeles")
      expect(new Date(2026, 0, 1).getTimezoneOffset()).toBe(480)
    })

    describe("setCapacity", () => {
      it("creates one row per date of the range with available = max, across month end and DST", async () => {
        const resource = await service.createResources({ name: "Kayak" })

        const rows = await service.setCapacity({
          resource_id: resource.id,
          from: "2027-03-05",
          to: "2027-03-15",
          max_capacity: 4,
        })

        const dates = [
          "2027-03-05", "2027-03-06", "2027-03-07", "2027-03-08", "2027-03-09", "2027-03-10",
          "2027-03-11", "2027-03-12", D1, D2, D3,
        ]
        expect(rows).toEqual(
          dates.map((date) => ({
            id: expect.stringMatching(/^rcap_/),
            resource_id: resource.id,
            date,
            start_time: null,
            max_capacity: 4,
            available_capacity: 4,
          }))
        )
        const stored = await query(
          suite,
          `SELECT to_char(date, 'YYYY-MM-DD') AS date, max_capacity, available_capacity
             FROM resource_capacity ORDER BY date`
        )
        expect(stored).toEqual(dates.map((date) => ({ date, max_capacity: 4, available_capacity: 4 })))
        expect(await service.auditCapacity()).toEqual([])
      })

      it("raising max moves available up by the same delta and creates missing dates at max", async () => {
        const resourceId = await resourceWithCapacity(service, [D1, D2], 5)
        await service.createHold({ resource_id: resourceId, date: D1, quantity: 2 })
        const confirmed = await service.createHold({ resource_id: resourceId, date: D2, quantity: 1 })
        await service.confirmHold(confirmed.id)

        const rows = await service.setCapacity({ resource_id: resourceId, from: D1, to: D3, max_capacity: 8 })

        expect(rows.map(({ date, max_capacity, available_capacity }) => ({ date, max_capacity, available_capacity }))).toEqual([
          { date: D1, max_capacity: 8, available_capacity: 6 },
          { date: D2, max_capacity: 8, available_capacity: 7 },
          { date: D3, max_capacity: 8, available_capacity: 8 },
        ])
        expect(await query(suite, `SELECT count(*)::int AS n FROM resource_capacity`)).toEqual([{ n: 3 }])
        expect(await service.auditCapacity()).toEqual([])
      })

      it("lowering max moves available down by the same delta, down to exactly what is held", async () => {
        const resourceId = await resourceWithCapacity(service, [D1, D2], 5)
        await service.createHold({ resource_id: resourceId, date: D1, quantity: 2 })
        const confirmed = await service.createHold({ resource_id: resourceId, date: D1, quantity: 1 })
        await service.confirmHold(confirmed.id)

        await service.setCapacity({ resource_id: resourceId, from: D1, to: D2, max_capacity: 4 })
        expect(await capacityOf(suite, resourceId, D1)).toEqual({ max_capacity: 4, available_capacity: 1 })
        expect(await capacityOf(suite, resourceId, D2)).toEqual({ max_capacity: 4, available_capacity: 4 })

        await service.setCapacity({ resource_id: resourceId, from: D1, to: D2, max_capacity: 3 })
        expect(await capacityOf(suite, resourceId, D1)).toEqual({ max_capacity: 3, available_capacity: 0 })
        expect(await capacityOf(suite, resourceId, D2)).toEqual({ max_capacity: 3, available_capacity: 3 })
        expect(await service.auditCapacity()).toEqual([])
      })

      it("allows max 0 on a free date; holds are then refused", async () => {
        const resourceId = await resourceWithCapacity(service, [D1], 5)

        await service.setCapacity({ resource_id: resourceId, from: D1, to: D1, max_capacity: 0 })

        expect(await capacityOf(suite, resourceId, D1)).toEqual({ max_capacity: 0, available_capacity: 0 })
        await expectRefused(
          service.createHold({ resource_id: resourceId, date: D1, quantity: 1 }),
          "not_allowed",
          `Insufficient capacity for "Sunset tour" on ${D1} (0 of 1 available)`
        )
        expect(await service.auditCapacity()).toEqual([])
      })

      it("refuses to lower below what ACTIVE+CONFIRMED holds occupy, naming each date and amount, changing nothing", async () => {
        const resourceId = await resourceWithCapacity(service, [D1, D2, D3], 5)
        await service.createHold({ resource_id: resourceId, date: D1, quantity: 2 })
        const confirmed = await service.createHold({ resource_id: resourceId, date: D3, quantity: 3 })
        await service.confirmHold(confirmed.id)
        const released = await service.createHold({ resource_id: resourceId, date: D2, quantity: 4 })
        await service.releaseHold(released.id)
        const before = await dbState(suite)

        await expectRefused(
          service.setCapacity({ resource_id: resourceId, from: D1, to: D3, max_capacity: 1 }),
          "not_allowed",
          `Cannot set max_capacity of resource ${resourceId} to 1: ${D1} has 2 units held; ${D3} has 3 units held`
        )

        expect(await dbState(suite)).toEqual(before)
        expect(await service.auditCapacity()).toEqual([])
      })

      it("a refused call creates none of the range's missing dates either", async () => {
        const resourceId = await resourceWithCapacity(service, [D1], 5)
        await service.createHold({ resource_id: resourceId, date: D1, quantity: 3 })
        const before = await dbState(suite)

        await expectRefused(
          service.setCapacity({ resource_id: resourceId, from: D1, to: D3, max_capacity: 2 }),
          "not_allowed",
          `Cannot set max_capacity of resource ${resourceId} to 2: ${D1} has 3 units held`
        )

        expect(await dbState(suite)).toEqual(before)
        expect(await service.auditCapacity()).toEqual([])
      })

      it("reclaims overdue ACTIVE holds before checking a lowered max", async () => {
        const resourceId = await resourceWithCapacity(service, [D1], 5)
        const overdue = await service.createHold({ resource_id: resourceId, date: D1, quantity: 3 })
        await backdate(suite, overdue.id, 5)
        const confirmed = await service.createHold({ resource_id: resourceId, date: D1, quantity: 1 })
        await service.confirmHold(confirmed.id)

        await service.setCapacity({ resource_id: resourceId, from: D1, to: D1, max_capacity: 2 })

        expect(await statusOf(suite, overdue.id)).toBe("EXPIRED")
        expect(await statusOf(suite, confirmed.id)).toBe("CONFIRMED")
        expect(await capacityOf(suite, resourceId, D1)).toEqual({ max_capacity: 2, available_capacity: 1 })
        expect(await service.auditCapacity()).toEqual([])
      })

      it("a lowering refused even after the reclaim changes nothing, the overdue hold included", async () => {
        const resourceId = await resourceWithCapacity(service, [D1], 5)
        const overdue = await service.createHold({ resource_id: resourceId, date: D1, quantity: 3 })
        await backdate(suite, overdue.id, 5)
        const confirmed = await service.createHold({ resource_id: resourceId, date: D1, quantity: 2 })
        await service.confirmHold(confirmed.id)
        const before = await dbState(suite)

        await expectRefused(
          service.setCapacity({ resource_id: resourceId, from: D1, to: D1, max_capacity: 1 }),
          "not_allowed",
          `Cannot set max_capacity of resource ${resourceId} to 1: ${D1} has 2 units held`
        )

        expect(await dbState(suite)).toEqual(before)
        expect(await statusOf(suite, overdue.id)).toBe("ACTIVE")
        expect(await service.auditCapacity()).toEqual([])
      })

      it("accepts a 366-day range and refuses 367 days, bad dates, reversed ranges, bad max and bad ids", async () => {
        const resourceId = await resourceWithCapacity(service, [D1], 5)
        const rows = await service.setCapacity({
          resource_id: resourceId,
          from: "2028-01-01",
          to: "2028-12-31", // leap year: 366 days
          max_capacity: 1,
        })
        expect(rows).toHaveLength(366)
        expect(rows[59].date).toBe("2028-02-29")
        expect(rows[365].date).toBe("2028-12-31")
        const before = await dbState(suite)
        const valid = { resource_id: resourceId, from: D1, to: D3, max_capacity: 3 }
        const cases: [Record<string, unknown>, "invalid_data" | "not_found", string][] = [
          [{ from: "2026-01-01", to: "2027-01-02" }, "invalid_data", "The range from 2026-01-01 to 2027-01-02 spans more than 366 days"],
          [{ from: "2026-02-30" }, "invalid_data", `from must be a calendar date YYYY-MM-DD, got "2026-02-30"`],
          [{ to: "2026-2-1" }, "invalid_data", `to must be a calendar date YYYY-MM-DD, got "2026-2-1"`],
          [{ to: undefined }, "invalid_data", "to must be a calendar date YYYY-MM-DD, got undefined"],
          [{ from: D3, to: D1 }, "invalid_data", `to (${D1}) must not be before from (${D3})`],
          [{ max_capacity: -1 }, "invalid_data", "max_capacity must be a whole number from 0 to 1000000, got -1"],
          [{ max_capacity: 1.5 }, "invalid_data", "max_capacity must be a whole number from 0 to 1000000, got 1.5"],
          [{ max_capacity: "2" }, "invalid_data", `max_capacity must be a whole number from 0 to 1000000, got "2"`],
          [{ max_capacity: 1_000_001 }, "invalid_data", "max_capacity must be a whole number from 0 to 1000000, got 1000001"],
          [{ resource_id: "x" }, "invalid_data", ID_MESSAGE("resource_id", `"x"`)],
          [{ resource_id: "res_\u0000" }, "invalid_data", ID_MESSAGE("resource_id", `"res_\\u0000"`)],
          [{ resource_id: UNKNOWN_RESOURCE }, "not_found", `Resource with id: ${UNKNOWN_RESOURCE} was not found`],
        ]

        for (const [override, type, message] of cases) {
          await expectRefused(service.setCapacity({ ...valid, ...override } as any), type, message)
        }

        expect(await dbState(suite)).toEqual(before)
        expect(await service.auditCapacity()).toEqual([])
      })
    })

    describe("getAvailability", () => {
      it("lists every date: capacity, reclaimable overdue ACTIVE units, and non-bookable gaps, reading only", async () => {
        const resourceId = await resourceWithCapacity(service, [D1, D2], 6)
        const overdue = await service.createHold({ resource_id: resourceId, date: D1, quantity: 2 })
        await backdate(suite, overdue.id, 5)
        await service.createHold({ resource_id: resourceId, date: D1, quantity: 1 })
        const overdueConfirmed = await service.createHold({ resource_id: resourceId, date: D1, quantity: 1 })
        await service.confirmHold(overdueConfirmed.id)
        await backdate(suite, overdueConfirmed.id, 5)
        const overdueReleased = await service.createHold({ resource_id: resourceId, date: D2, quantity: 3 })
        await service.releaseHold(overdueReleased.id)
        await backdate(suite, overdueReleased.id, 5)
        const before = await dbState(suite)

        const availability = await service.getAvailability({ resource_id: resourceId, from: "2027-03-12", to: D3 })

        expect(availability).toEqual([
          { date: "2027-03-12", bookable: false, max_capacity: 0, available_capacity: 0, reclaimable: 0, effective_available: 0 },
          { date: D1, bookable: true, max_capacity: 6, available_capacity: 2, reclaimable: 2, effective_available: 4 },
          { date: D2, bookable: true, max_capacity: 6, available_capacity: 6, reclaimable: 0, effective_available: 6 },
          { date: D3, bookable: false, max_capacity: 0, available_capacity: 0, reclaimable: 0, effective_available: 0 },
        ])
        expect(await dbState(suite)).toEqual(before)
        expect(await statusOf(suite, overdue.id)).toBe("ACTIVE")
        expect(await service.auditCapacity()).toEqual([])
      })

      it("what it calls effective_available is what createHold then sells", async () => {
        const resourceId = await resourceWithCapacity(service, [D1], 3)
        const overdue = await service.createHold({ resource_id: resourceId, date: D1, quantity: 3 })
        await backdate(suite, overdue.id, 5)
        const [{ effective_available }] = await service.getAvailability({ resource_id: resourceId, from: D1, to: D1 })
        expect(effective_available).toBe(3)

        await service.createHold({ resource_id: resourceId, date: D1, quantity: effective_available })

        expect(await service.getAvailability({ resource_id: resourceId, from: D1, to: D1 })).toEqual([
          { date: D1, bookable: true, max_capacity: 3, available_capacity: 0, reclaimable: 0, effective_available: 0 },
        ])
        expect(await service.auditCapacity()).toEqual([])
      })

      it("refuses bad ranges, bad ids and unknown resources", async () => {
        const resourceId = await resourceWithCapacity(service, [D1], 3)
        const cases: [Record<string, unknown>, "invalid_data" | "not_found", string][] = [
          [{ from: "2026-02-29" }, "invalid_data", `from must be a calendar date YYYY-MM-DD, got "2026-02-29"`],
          [{ to: "2026-3-9" }, "invalid_data", `to must be a calendar date YYYY-MM-DD, got "2026-3-9"`],
          [{ from: D3, to: D2 }, "invalid_data", `to (${D2}) must not be before from (${D3})`],
          [{ from: "2026-01-01", to: "2027-01-02" }, "invalid_data", "The range from 2026-01-01 to 2027-01-02 spans more than 366 days"],
          [{ resource_id: "x" }, "invalid_data", ID_MESSAGE("resource_id", `"x"`)],
          [{ resource_id: UNKNOWN_RESOURCE }, "not_found", `Resource with id: ${UNKNOWN_RESOURCE} was not found`],
        ]

        for (const [override, type, message] of cases) {
          await expectRefused(
            service.getAvailability({ resource_id: resourceId, from: D1, to: D3, ...override } as any),
            type,
            message
          )
        }
        expect(await service.auditCapacity()).toEqual([])
      })
    })

    describe("auditCapacity", () => {
      it("finds nothing after a mix of every verb", async () => {
        const resourceId = await resourceWithCapacity(service, [D1, D2, D3], 5)
        const a = await service.createHold({ resource_id: resourceId, date: D1, quantity: 2 })
        const b = await service.createHold({ resource_id: resourceId, date: D2, quantity: 5 })
        await service.confirmHold(a.id)
        await backdate(suite, b.id, 5)
        await service.createHold({ resource_id: resourceId, date: D2, quantity: 4 })
        await service.extendHold((await service.createHold({ resource_id: resourceId, date: D3, quantity: 1 })).id, 60)
        await service.setCapacity({ resource_id: resourceId, from: D1, to: D3, max_capacity: 7 })
        await service.releaseHold(a.id)

        expect(await service.auditCapacity()).toEqual([])
        expect(await service.auditCapacity({ resource_id: resourceId, from: D1, to: D3 })).toEqual([])
      })

      it("reports a hand-corrupted available_capacity with expected and actual, honouring its filters", async () => {
        const resourceId = await resourceWithCapacity(service, [D1, D2, D3], 5)
        const otherResource = await resourceWithCapacity(service, [D2], 5)
        await service.createHold({ resource_id: resourceId, date: D2, quantity: 2 })
        await corruptAvailable(suite, resourceId, D2, 5)

        const drift = [
          { resource_id: resourceId, date: D2, start_time: null, max_capacity: 5, held: 2, expected_available: 3, actual_available: 5 },
        ]
        expect(await service.auditCapacity()).toEqual(drift)
        expect(await service.auditCapacity({ resource_id: resourceId })).toEqual(drift)
        expect(await service.auditCapacity({ from: D2, to: D2 })).toEqual(drift)
        expect(await service.auditCapacity({ from: D1 })).toEqual(drift)
        expect(await service.auditCapacity({ to: D2 })).toEqual(drift)
        expect(await service.auditCapacity({ resource_id: otherResource })).toEqual([])
        expect(await service.auditCapacity({ from: D3 })).toEqual([])
        expect(await service.auditCapacity({ to: D1 })).toEqual([])
      })

      it("reports a hold whose status was changed by hand without moving units", async () => {
        const resourceId = await resourceWithCapacity(service, [D1], 4)
        const confirmed = await service.createHold({ resource_id: resourceId, date: D1, quantity: 3 })
        await service.confirmHold(confirmed.id)
        await query(suite, `UPDATE resource_hold SET status = 'RELEASED' WHERE id = ?`, [confirmed.id])

        expect(await service.auditCapacity()).toEqual([
          { resource_id: resourceId, date: D1, start_time: null, max_capacity: 4, held: 0, expected_available: 4, actual_available: 1 },
        ])
      })

      it("refuses bad filters", async () => {
        await expectRefused(service.auditCapacity({ resource_id: "x" }), "invalid_data", ID_MESSAGE("resource_id", `"x"`))
        await expectRefused(
          service.auditCapacity({ from: "2026-02-30" }),
          "invalid_data",
          `from must be a calendar date YYYY-MM-DD, got "2026-02-30"`
        )
        await expectRefused(service.auditCapacity({ to: "2026-3-1" }), "invalid_data", `to must be a calendar date YYYY-MM-DD, got "2026-3-1"`)
        expect(await service.auditCapacity()).toEqual([])
      })
    })

    describe("dates as YYYY-MM-DD strings under America/Los_Angeles", () => {
      // US daylight saving starts on D2 and ends on 2027-11-07.
      const dates = ["2027-01-01", D2, "2027-11-07", "2027-12-31"]

      it("from every verb and from the generated list/retrieve methods", async () => {
        const resource = await service.createResources({ name: "Boat" })
        const set = await service.setCapacity({ resource_id: resource.id, from: "2027-01-01", to: "2027-12-31", max_capacity: 3 })
        expect(set.filter((row) => dates.includes(row.date)).map((row) => row.date)).toEqual(dates)
        const holds = []
        for (const date of dates) {
          holds.push(await service.createHold({ resource_id: resource.id, date, quantity: 1 }))
        }
        expect(holds.map((h) => h.date)).toEqual(dates)
        expect((await service.confirmHold(holds[0].id)).date).toBe(dates[0])
        expect((await service.extendHold(holds[1].id, 5)).date).toBe(dates[1])
        expect((await service.releaseHold(holds[2].id)).date).toBe(dates[2])

        const listedHolds = await service.listResourceHolds({ resource_id: resource.id }, { order: { date: "ASC" } })
        expect(listedHolds.map((h) => h.date)).toEqual(dates)
        const listedCapacities = await service.listResourceCapacities({ resource_id: resource.id, date: dates } as any, {
          order: { date: "ASC" },
        })
        expect(listedCapacities.map((c) => c.date)).toEqual(dates)
        expect(listedCapacities.map((c) => typeof c.date)).toEqual(dates.map(() => "string"))
        for (const h of holds) {
          expect((await service.retrieveResourceHold(h.id)).date).toBe(h.date)
        }
        const capacity = await service.retrieveResourceCapacity(listedCapacities[0].id)
        expect(capacity.date).toBe("2027-01-01")
        const [byDate] = await service.listResourceCapacities({ resource_id: resource.id, date: D2 } as any)
        expect(byDate).toMatchObject({ date: D2, max_capacity: 3, available_capacity: 2 })

        const availability = await service.getAvailability({ resource_id: resource.id, from: "2026-12-31", to: "2027-01-02" })
        expect(availability.map((a) => [a.date, a.bookable])).toEqual([
          ["2026-12-31", false],
          ["2027-01-01", true],
          ["2027-01-02", true],
        ])
        await corruptAvailable(suite, resource.id, "2027-12-31", 3)
        expect((await service.auditCapacity()).map((d) => d.date)).toEqual(["2027-12-31"])
        await corruptAvailable(suite, resource.id, "2027-12-31", 2)
        expect(await service.auditCapacity()).toEqual([])
      })
    })
  })
})
