import ResourceBookingModuleService from "../../../src/modules/resource_booking/service"
import { contendForUnits } from "./contention"
import { bookingModuleSuite, query } from "./harness"
import { reportFigures } from "../../figures"

/**
 * The last seat of a departure raced by 50 checkouts: exactly one gets it, and the other
 * departure of the date is untouched. Its control, the same harness without the lock (plain
 * read-then-write), must oversell or lose updates, or the race proves nothing.
 */

const DATE = "2030-06-03"
const ATTEMPTS = 50

async function tourWithLastSeat(service: ResourceBookingModuleService): Promise<string> {
  const resource = await service.createResources({ name: "Sunset 4WD tour", booking_unit: "departure" })
  await service.setCapacity({ resource_id: resource.id, from: DATE, to: DATE, max_capacity: 12, start_times: ["08:00", "15:30"] })
  // 11 of 12 seats of 08:00 sold: one left.
  await service.createHold({ resource_id: resource.id, date: DATE, start_time: "08:00", quantity: 11 })
  return resource.id
}

describe("the last seat of a departure raced by 50 carts", () => {
  bookingModuleSuite((suite) => {
    it("goes to exactly one; the other departure of the date keeps all its seats", async () => {
      const { service } = suite
      const resourceId = await tourWithLastSeat(service)
      const outcome = await contendForUnits(suite, service, resourceId, DATE, ATTEMPTS, "08:00")
      reportFigures("module departure last-seat race", { attempts: ATTEMPTS, granted: outcome.succeeded, refused: outcome.refusals.length, other: outcome.otherErrors.length })
      expect(outcome.otherErrors).toEqual([])
      expect(outcome.succeeded).toBe(1)
      expect(outcome.refusals).toHaveLength(ATTEMPTS - 1)
      expect(outcome.refusals[0]).toBe(`Insufficient capacity for "Sunset 4WD tour" on ${DATE} 08:00 (0 of 1 available)`)
      expect(outcome.heldUnits).toBe(12)
      expect(outcome.available).toBe(0)
      expect(outcome.drift).toBe(0)
      const [afternoon] = await query(
        suite,
        `SELECT available_capacity FROM resource_capacity WHERE resource_id = ? AND start_time = '15:30'`,
        [resourceId]
      )
      expect(afternoon.available_capacity).toBe(12)
    })
  })
})

describe("control: the same race without the lock (plain read-then-write)", () => {
  bookingModuleSuite(
    (suite) => {
      it("oversells the departure or loses updates", async () => {
        const { service } = suite
        const resourceId = await tourWithLastSeat(service)
        const outcome = await contendForUnits(suite, service, resourceId, DATE, ATTEMPTS, "08:00")
        reportFigures("control: departure last-seat race without the lock", { attempts: ATTEMPTS, granted: outcome.succeeded, heldUnits: outcome.heldUnits, drift: outcome.drift })
        const oversold = outcome.heldUnits > 12
        const lostUpdates = outcome.drift > 0
        expect({ oversold, lostUpdates }).not.toEqual({ oversold: false, lostUpdates: false })
      })
    },
    { unsafe_skip_locking: true }
  )
})
