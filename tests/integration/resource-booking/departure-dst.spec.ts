import { DateTime } from "luxon"
import ResourceBookingModuleService from "../../../src/modules/resource_booking/service"
import { bookingModuleSuite } from "./harness"
import { expectRefused } from "./state"

/**
 * A departure's cut-off across a real DST change: Europe/Berlin springs forward on the last
 * Sunday of March (2027-03-28, 02:00 CET → 03:00 CEST), so the night before it is one hour
 * shorter. A 09:00 departure that Sunday leaves at 07:00Z; cutoff_minutes 600 counts ten
 * elapsed hours back, to 21:00Z on Saturday (22:00 CET). Counting back on the wall clock
 * instead (09:00 − 10 h = 23:00 local) would put it at 22:00Z, an hour late. The store's clock
 * is set to instants around it (only Date is faked: timers, the database and its now() run as
 * usual); createHold and availability read it, and the below-minimum report is asked with
 * the same instants in SQL, so both sides of the module are held to the one deadline.
 */

const ZONE = "Europe/Berlin"
const SUNDAY = "2027-03-28"
const SATURDAY = "2027-03-27"

/** An instant given in UTC, as a Date. */
const utc = (iso: string) => DateTime.fromISO(iso, { zone: "utc" }).toJSDate()

/** Runs `fn` with the process's Date (and only Date) at `instant`. */
async function at<T>(instant: Date, fn: () => Promise<T>): Promise<T> {
  jest.useFakeTimers({
    now: instant,
    doNotFake: [
      "hrtime",
      "nextTick",
      "performance",
      "queueMicrotask",
      "requestAnimationFrame",
      "cancelAnimationFrame",
      "requestIdleCallback",
      "cancelIdleCallback",
      "setImmediate",
      "clearImmediate",
      "setInterval",
      "clearInterval",
      "setTimeout",
      "clearTimeout",
    ],
  })
  try {
    return await fn()
  } finally {
    jest.useRealTimers()
  }
}

async function ferry(service: ResourceBookingModuleService, rules: Record<string, unknown>): Promise<string> {
  const resource = await service.createResources({ name: "Lake ferry", booking_unit: "departure", timezone: ZONE, ...rules })
  await service.setCapacity({ resource_id: resource.id, from: SATURDAY, to: SUNDAY, max_capacity: 20, start_times: ["09:00"] })
  return resource.id
}

describe("departure cut-off across Europe/Berlin's spring change", () => {
  bookingModuleSuite((suite) => {
    afterEach(() => jest.useRealTimers())

    it("counts cutoff_minutes back in elapsed time: Sunday 09:00 CEST − 600 min is Saturday 21:00Z", async () => {
      const { service } = suite
      const resourceId = await ferry(service, { cutoff_minutes: 600 })
      const sunday = { resource_id: resourceId, date: SUNDAY, start_time: "09:00", quantity: 1 }

      // 20:59Z Saturday (21:59 CET): one minute before the deadline.
      const hold = await at(utc("2027-03-27T20:59:00"), () => service.createHold(sunday))
      expect(hold.start_time).toBe("09:00")
      const before = await at(utc("2027-03-27T20:59:00"), () => service.getAvailability({ resource_id: resourceId, from: SUNDAY, to: SUNDAY }))
      expect(before[0].departures!.map((d) => [d.start_time, d.bookable, d.available])).toEqual([["09:00", true, 19]])

      // 21:00Z and 21:30Z: past it, though the wall clock would still allow it until 22:00Z.
      for (const instant of ["2027-03-27T21:00:00", "2027-03-27T21:30:00"]) {
        await at(utc(instant), () =>
          expectRefused(
            service.createHold(sunday),
            "not_allowed",
            `"Lake ferry" ${SUNDAY} 09:00 can no longer be booked (cutoff_minutes = 600 before departure, timezone ${ZONE})`
          )
        )
        const after = await at(utc(instant), () => service.getAvailability({ resource_id: resourceId, from: SUNDAY, to: SUNDAY }))
        expect(after[0].departures!.map((d) => [d.start_time, d.bookable, d.available])).toEqual([["09:00", false, 0]])
      }
    })

    it("a departure in the hour the change skips (02:30) leaves at 03:30 CEST, 01:30Z", async () => {
      const { service } = suite
      const resource = await service.createResources({ name: "Night ferry", booking_unit: "departure", timezone: ZONE, cutoff_minutes: 0 })
      await service.setCapacity({ resource_id: resource.id, from: SUNDAY, to: SUNDAY, max_capacity: 5, start_times: ["02:30"] })
      const request = { resource_id: resource.id, date: SUNDAY, start_time: "02:30", quantity: 1 }
      expect((await at(utc("2027-03-28T01:29:00"), () => service.createHold(request))).start_time).toBe("02:30")
      await at(utc("2027-03-28T01:30:00"), () =>
        expectRefused(service.createHold(request), "not_allowed", `"Night ferry" ${SUNDAY} 02:30 has departed (timezone ${ZONE})`)
      )
    })

    it("the below-minimum report uses the same deadline, in SQL", async () => {
      const { service } = suite
      const resourceId = await ferry(service, { cutoff_minutes: 600, min_quantity: 2 })
      expect((await service.flagDeparturesBelowMinimum({ now: utc("2027-03-27T20:59:00") })).filter((f) => f.resource_id === resourceId)).toEqual([
        // Saturday's 09:00 (08:00Z) is long past its cut-off; Sunday's is not yet.
        { resource_id: resourceId, date: SATURDAY, start_time: "09:00", confirmed: 0, minimum: 2 },
      ])
      expect((await service.flagDeparturesBelowMinimum({ now: utc("2027-03-27T21:00:00") })).filter((f) => f.resource_id === resourceId)).toEqual([
        { resource_id: resourceId, date: SUNDAY, start_time: "09:00", confirmed: 0, minimum: 2 },
      ])
    })
  })
})
