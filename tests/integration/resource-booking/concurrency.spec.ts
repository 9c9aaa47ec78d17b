import {
  backdate,
  bookingModuleSuite,
  capacityLockName,
  capacityOf,
  query,
  resourceWithCapacity,
  whileLocked,
} from "./harness"
import { contendForUnits } from "./contention"
import { reportFigures } from "../../figures"

const DATE = "2027-05-01"
const CAPACITY = 50
const ATTEMPTS = 200

describe("concurrent createHold under the resource+date lock", () => {
  bookingModuleSuite((suite) => {
    it(`lets exactly ${CAPACITY} of ${ATTEMPTS} concurrent one-unit holds through`, async () => {
      const { service } = suite
      const resourceId = await resourceWithCapacity(service, [DATE], CAPACITY)

      const outcome = await contendForUnits(suite, service, resourceId, DATE, ATTEMPTS)
      reportFigures("module createHold race", { capacity: CAPACITY, attempts: ATTEMPTS, granted: outcome.succeeded, refused: outcome.refusals.length, other: outcome.otherErrors.length, drift: outcome.drift })

      expect(outcome.otherErrors).toEqual([])
      expect(outcome.succeeded).toBe(CAPACITY)
      expect(outcome.refusals).toHaveLength(ATTEMPTS - CAPACITY)
      expect(outcome.refusals[0]).toBe(
        `Insufficient capacity for "Sunset tour" on ${DATE} (0 of 1 available)`
      )
      expect(outcome.activeHolds).toBe(CAPACITY)
      expect(outcome.available).toBe(0)
      expect(outcome.drift).toBe(0)
    })

    it("keeps the invariant through a storm of mixed verbs on shared keys", async () => {
      const { service } = suite
      const dates = ["2027-05-01", "2027-05-02"]
      const resourceId = await resourceWithCapacity(service, dates, 40)
      const seeded = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          service.createHold({ resource_id: resourceId, date: dates[i % 2], quantity: 1 })
        )
      )
      for (const hold of seeded.slice(0, 10)) {
        await backdate(suite, hold.id, 5)
      }
      const operations: Promise<unknown>[] = []
      for (let i = 0; i < 60; i++) {
        const date = dates[i % 2]
        operations.push(service.createHold({ resource_id: resourceId, date, quantity: 1 + (i % 3) }))
        if (i < seeded.length) {
          const hold = seeded[i]
          operations.push(i % 3 === 0 ? service.releaseHold(hold.id) : service.confirmHold(hold.id))
        }
        if (i % 15 === 0) {
          operations.push(service.cleanupExpiredHolds())
          operations.push(
            service.setCapacity({ resource_id: resourceId, from: dates[0], to: dates[1], max_capacity: 40 + i })
          )
        }
      }
      const results = await Promise.allSettled(operations)
      const unexpected = results
        .filter((r): r is PromiseRejectedResult => r.status === "rejected")
        .map((r) => String(r.reason?.message))
        .filter((m) => !/^(Insufficient capacity|Hold \S+ expired at|Hold \S+ is EXPIRED and cannot be confirmed|Cannot set max_capacity)/.test(m))

      expect(unexpected).toEqual([])
      expect(await service.auditCapacity()).toEqual([])
      for (const date of dates) {
        const capacity = await capacityOf(suite, resourceId, date)
        expect(capacity.available_capacity).toBeGreaterThanOrEqual(0)
      }
    })
  })
})

describe("control: the same harness without the lock (plain read-then-write)", () => {
  bookingModuleSuite(
    (suite) => {
      it("oversells or breaks the invariant, proving the harness creates real contention", async () => {
        const { service } = suite
        const resourceId = await resourceWithCapacity(service, [DATE], CAPACITY)

        const outcome = await contendForUnits(suite, service, resourceId, DATE, ATTEMPTS)
        reportFigures("control: createHold race without the lock", { capacity: CAPACITY, attempts: ATTEMPTS, granted: outcome.succeeded, heldUnits: outcome.heldUnits, drift: outcome.drift })

        const oversold = outcome.heldUnits > CAPACITY
        const lostUpdates = outcome.drift > 0
        // If neither happens, the calls never overlapped and the locked test above proves nothing.
        expect({ oversold, lostUpdates }).not.toEqual({ oversold: false, lostUpdates: false })
        const [{ count }] = await query(suite, `SELECT count(*)::int AS count FROM resource_hold`)
        expect(count).toBe(outcome.succeeded)
      })
    },
    { unsafe_skip_locking: true }
  )
})

describe("a bounded wait: the lock timeout becomes a retryable CONFLICT", () => {
  bookingModuleSuite(
    (suite) => {
      it("refuses createHold with 409-type CONFLICT while another transaction holds the date, changing nothing", async () => {
        const { service } = suite
        const resourceId = await resourceWithCapacity(service, [DATE], 5)
        await whileLocked(suite, capacityLockName(resourceId, DATE), async () => {
          await expect(
            service.createHold({ resource_id: resourceId, date: DATE, quantity: 1 })
          ).rejects.toMatchObject({
            type: "conflict",
            message: `Resource ${resourceId} on ${DATE} is busy with another booking operation; retry shortly`,
          })
          expect(await query(suite, `SELECT id FROM resource_hold`)).toEqual([])
          expect(await capacityOf(suite, resourceId, DATE)).toEqual({ max_capacity: 5, available_capacity: 5 })
        })
        const retried = await service.createHold({ resource_id: resourceId, date: DATE, quantity: 1 })
        expect(retried.status).toBe("ACTIVE")
        expect(await service.auditCapacity()).toEqual([])
      })
    },
    { lock_timeout_ms: 200 }
  )
})
