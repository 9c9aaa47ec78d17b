import ResourceBookingModuleService from "../../../src/modules/resource_booking/service"
import { CleanupResult } from "../../../src/modules/resource_booking/types"
import {
  backdate,
  bookingModuleSuite,
  capacityLockName,
  capacityOf,
  query,
  resourceWithCapacity,
  statusOf,
  Suite,
  whileLocked,
} from "./harness"

/**
 * cleanupExpiredHolds({ now?, batchSize? }) against real Postgres: which holds it expires,
 * how many units it gives back, how it isolates bad data, and that it is safe to run twice
 * and concurrently. Every test starts on a freshly migrated, empty database.
 */

const D1 = "2031-03-01"
const D2 = "2031-03-02"
const D3 = "2031-03-03"
const D4 = "2031-03-04"

const EMPTY_RESULT = {
  expiredCount: 0,
  totalCapacityRestored: 0,
  failedCount: 0,
  failedHoldIds: [],
  failures: [],
  batches: 0,
  durationMs: expect.any(Number),
  eventsEmitted: expect.any(Number),
  eventEmissionMs: expect.any(Number),
}

/** `count` holds of `quantity` on one resource+date, a few at a time (pool of 10). */
async function holdMany(
  service: ResourceBookingModuleService,
  resourceId: string,
  date: string,
  count: number,
  quantity = 1
): Promise<string[]> {
  const ids: string[] = []
  for (let start = 0; start < count; start += 5) {
    const chunk = Array.from({ length: Math.min(5, count - start) }, () =>
      service.createHold({ resource_id: resourceId, date, quantity })
    )
    ids.push(...(await Promise.all(chunk)).map((hold) => hold.id))
  }
  return ids
}

async function hold(
  service: ResourceBookingModuleService,
  resourceId: string,
  date: string,
  quantity: number
): Promise<string> {
  return (await service.createHold({ resource_id: resourceId, date, quantity })).id
}

/** backdate() for many holds in one statement. */
async function backdateMany(suite: Suite, ids: string[], minutes: number): Promise<void> {
  await query(
    suite,
    `UPDATE resource_hold SET expires_at = now() - make_interval(mins => ?),
            created_at = now() - make_interval(mins => ?)
      WHERE id = ANY (array[?]::text[])`,
    [minutes, minutes + 30, ids]
  )
}

/** Number of holds per status, e.g. { ACTIVE: 2, EXPIRED: 3 }. */
async function statusCounts(suite: Suite): Promise<Record<string, number>> {
  const rows = await query<{ status: string; n: string }>(
    suite,
    `SELECT status, count(*) AS n FROM resource_hold GROUP BY status`
  )
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))
}

async function availableOf(suite: Suite, resourceId: string, date: string): Promise<number> {
  return (await capacityOf(suite, resourceId, date)).available_capacity
}

/** Every hold and capacity row, every column: to prove a run changed nothing. */
async function snapshot(suite: Suite) {
  return {
    holds: await query(suite, `SELECT * FROM resource_hold ORDER BY id`),
    capacity: await query(suite, `SELECT * FROM resource_capacity ORDER BY id`),
  }
}

bookingModuleSuite((suite) => {
  const service = () => suite.service

  describe("cleanupExpiredHolds: basic cleanup", () => {
    it("expires ACTIVE holds past their TTL and leaves holds within it ACTIVE", async () => {
      const resourceId = await resourceWithCapacity(service(), [D1], 10)
      const overdueA = await hold(service(), resourceId, D1, 2)
      const overdueB = await hold(service(), resourceId, D1, 3)
      const fresh = await hold(service(), resourceId, D1, 4)
      await backdate(suite, overdueA, 1)
      await backdate(suite, overdueB, 45)
      expect(await availableOf(suite, resourceId, D1)).toBe(1)

      const result = await service().cleanupExpiredHolds()

      expect(result).toEqual({
        expiredCount: 2,
        totalCapacityRestored: 5,
        failedCount: 0,
        failedHoldIds: [],
        failures: [],
        batches: 1,
        durationMs: expect.any(Number),
        eventsEmitted: expect.any(Number),
        eventEmissionMs: expect.any(Number),
      })
      expect(await statusOf(suite, overdueA)).toBe("EXPIRED")
      expect(await statusOf(suite, overdueB)).toBe("EXPIRED")
      expect(await statusOf(suite, fresh)).toBe("ACTIVE")
      expect(await capacityOf(suite, resourceId, D1)).toEqual({ max_capacity: 10, available_capacity: 6 })
      const [expired] = await query(
        suite,
        `SELECT count(*)::int AS n FROM resource_hold WHERE status = 'EXPIRED' AND expired_at IS NOT NULL`
      )
      expect(expired.n).toBe(2)
      expect(await service().auditCapacity()).toEqual([])
    })

    it("skips holds that are already EXPIRED: their units are not restored a second time", async () => {
      const resourceId = await resourceWithCapacity(service(), [D1], 10)
      const alreadyExpired = await hold(service(), resourceId, D1, 3)
      const overdue = await hold(service(), resourceId, D1, 2)
      await backdate(suite, alreadyExpired, 5)
      // A verb meeting an overdue hold expires it (and restores its units) before refusing.
      await expect(service().confirmHold(alreadyExpired)).rejects.toThrow(/expired/)
      expect(await statusOf(suite, alreadyExpired)).toBe("EXPIRED")
      expect(await availableOf(suite, resourceId, D1)).toBe(8)
      await backdate(suite, overdue, 5)

      const result = await service().cleanupExpiredHolds()

      expect(result).toMatchObject({ expiredCount: 1, totalCapacityRestored: 2, failedCount: 0 })
      expect(await statusOf(suite, alreadyExpired)).toBe("EXPIRED")
      expect(await statusOf(suite, overdue)).toBe("EXPIRED")
      expect(await capacityOf(suite, resourceId, D1)).toEqual({ max_capacity: 10, available_capacity: 10 })
      expect(await service().auditCapacity()).toEqual([])
    })

    it("skips CONFIRMED holds even when their expires_at is in the past", async () => {
      const resourceId = await resourceWithCapacity(service(), [D1], 10)
      const confirmed = await hold(service(), resourceId, D1, 4)
      await service().confirmHold(confirmed)
      await backdate(suite, confirmed, 120)

      const result = await service().cleanupExpiredHolds()

      expect(result).toEqual(EMPTY_RESULT)
      expect(await statusOf(suite, confirmed)).toBe("CONFIRMED")
      expect(await capacityOf(suite, resourceId, D1)).toEqual({ max_capacity: 10, available_capacity: 6 })
      expect(await service().auditCapacity()).toEqual([])
    })

    it("never touches RELEASED holds", async () => {
      const resourceId = await resourceWithCapacity(service(), [D1], 10)
      const released = await hold(service(), resourceId, D1, 4)
      await service().releaseHold(released)
      await backdate(suite, released, 120)
      const before = await query(suite, `SELECT * FROM resource_hold WHERE id = ?`, [released])

      const result = await service().cleanupExpiredHolds()

      expect(result).toEqual(EMPTY_RESULT)
      expect(await query(suite, `SELECT * FROM resource_hold WHERE id = ?`, [released])).toEqual(before)
      expect(before[0].status).toBe("RELEASED")
      expect(before[0].expired_at).toBeNull()
      expect(await capacityOf(suite, resourceId, D1)).toEqual({ max_capacity: 10, available_capacity: 10 })
      expect(await service().auditCapacity()).toEqual([])
    })

    it("expires overdue holds of a resource that was deactivated meanwhile", async () => {
      const resourceId = await resourceWithCapacity(service(), [D1], 10)
      const overdue = await hold(service(), resourceId, D1, 6)
      await backdate(suite, overdue, 5)
      await service().updateResources({ id: resourceId, is_active: false })

      const result = await service().cleanupExpiredHolds()

      expect(result).toMatchObject({ expiredCount: 1, totalCapacityRestored: 6, failedCount: 0 })
      expect(await statusOf(suite, overdue)).toBe("EXPIRED")
      expect(await capacityOf(suite, resourceId, D1)).toEqual({ max_capacity: 10, available_capacity: 10 })
      expect(await service().auditCapacity()).toEqual([])
    })

    it("handles all four states on one date in one run", async () => {
      const resourceId = await resourceWithCapacity(service(), [D1], 20)
      const overdue = await hold(service(), resourceId, D1, 5)
      const fresh = await hold(service(), resourceId, D1, 1)
      const confirmed = await hold(service(), resourceId, D1, 2)
      const released = await hold(service(), resourceId, D1, 3)
      await service().confirmHold(confirmed)
      await service().releaseHold(released)
      await backdateMany(suite, [overdue, confirmed, released], 60)
      expect(await availableOf(suite, resourceId, D1)).toBe(12)

      const result = await service().cleanupExpiredHolds()

      expect(result).toMatchObject({ expiredCount: 1, totalCapacityRestored: 5, failedCount: 0 })
      expect(await statusOf(suite, overdue)).toBe("EXPIRED")
      expect(await statusOf(suite, fresh)).toBe("ACTIVE")
      expect(await statusOf(suite, confirmed)).toBe("CONFIRMED")
      expect(await statusOf(suite, released)).toBe("RELEASED")
      expect(await capacityOf(suite, resourceId, D1)).toEqual({ max_capacity: 20, available_capacity: 17 })
      expect(await service().auditCapacity()).toEqual([])
    })
  })

  describe("cleanupExpiredHolds: batch", () => {
    it("expires 50 overdue holds on one date and restores all 50 units", async () => {
      const resourceId = await resourceWithCapacity(service(), [D1], 50)
      const ids = await holdMany(service(), resourceId, D1, 50)
      await backdateMany(suite, ids, 10)
      expect(await availableOf(suite, resourceId, D1)).toBe(0)

      const result = await service().cleanupExpiredHolds()

      expect(result).toEqual({
        expiredCount: 50,
        totalCapacityRestored: 50,
        failedCount: 0,
        failedHoldIds: [],
        failures: [],
        batches: 1,
        durationMs: expect.any(Number),
        eventsEmitted: expect.any(Number),
        eventEmissionMs: expect.any(Number),
      })
      expect(await statusCounts(suite)).toEqual({ EXPIRED: 50 })
      expect(await capacityOf(suite, resourceId, D1)).toEqual({ max_capacity: 50, available_capacity: 50 })
      expect(await service().auditCapacity()).toEqual([])
    })

    it("expires 50 overdue holds with batchSize: 1", async () => {
      const resourceId = await resourceWithCapacity(service(), [D1], 100)
      const ids = await holdMany(service(), resourceId, D1, 50, 2)
      await backdateMany(suite, ids, 10)
      expect(await availableOf(suite, resourceId, D1)).toBe(0)

      const result = await service().cleanupExpiredHolds({ batchSize: 1 })

      // One key: one batch, however small the batch size.
      expect(result).toMatchObject({ expiredCount: 50, totalCapacityRestored: 100, failedCount: 0, batches: 1 })
      expect(await statusCounts(suite)).toEqual({ EXPIRED: 50 })
      expect(await capacityOf(suite, resourceId, D1)).toEqual({ max_capacity: 100, available_capacity: 100 })
      expect(await service().auditCapacity()).toEqual([])
    })

    describe("3 resources x 4 dates (12 keys)", () => {
      /** Per key: two overdue holds (1 and 2 units) and one fresh hold (3 units); max 10. */
      async function arrange() {
        const dates = [D1, D2, D3, D4]
        const resources: string[] = []
        const overdue: string[] = []
        const fresh: string[] = []
        for (let r = 0; r < 3; r++) {
          const resourceId = await resourceWithCapacity(service(), dates, 10)
          resources.push(resourceId)
          for (const date of dates) {
            overdue.push(await hold(service(), resourceId, date, 1))
            overdue.push(await hold(service(), resourceId, date, 2))
            fresh.push(await hold(service(), resourceId, date, 3))
          }
        }
        await backdateMany(suite, overdue, 15)
        return { resources, dates, overdue, fresh }
      }

      async function expectCleaned(arranged: Awaited<ReturnType<typeof arrange>>) {
        expect(await statusCounts(suite)).toEqual({ EXPIRED: 24, ACTIVE: 12 })
        for (const id of arranged.fresh) {
          expect(await statusOf(suite, id)).toBe("ACTIVE")
        }
        for (const resourceId of arranged.resources) {
          for (const date of arranged.dates) {
            expect(await capacityOf(suite, resourceId, date)).toEqual({ max_capacity: 10, available_capacity: 7 })
          }
        }
        expect(await service().auditCapacity()).toEqual([])
      }

      it.each([
        { batchSize: undefined, batches: 1, concurrency: undefined },
        { batchSize: 1, batches: 12, concurrency: undefined },
        { batchSize: 5, batches: 3, concurrency: undefined },
        { batchSize: 12, batches: 1, concurrency: undefined },
        { batchSize: 1, batches: 12, concurrency: 1 },
        { batchSize: 1, batches: 12, concurrency: 5 },
        { batchSize: 5, batches: 3, concurrency: 16 },
      ])("batchSize $batchSize, concurrency $concurrency: 24 holds expired in $batches batch(es)", async ({ batchSize, batches, concurrency }) => {
        const arranged = await arrange()
        for (const resourceId of arranged.resources) {
          for (const date of arranged.dates) {
            expect(await availableOf(suite, resourceId, date)).toBe(4)
          }
        }

        const result = await service().cleanupExpiredHolds({
          ...(batchSize === undefined ? {} : { batchSize }),
          ...(concurrency === undefined ? {} : { concurrency }),
        })

        expect(result).toEqual({
          expiredCount: 24,
          totalCapacityRestored: 36,
          failedCount: 0,
          failedHoldIds: [],
          failures: [],
          batches,
          durationMs: expect.any(Number),
          eventsEmitted: expect.any(Number),
          eventEmissionMs: expect.any(Number),
        })
        await expectCleaned(arranged)
      })
    })
  })

  describe("cleanupExpiredHolds: error handling", () => {
    it("returns an all-zero result on an empty database", async () => {
      const result = await service().cleanupExpiredHolds()

      expect(result).toEqual(EMPTY_RESULT)
      expect(result.expiredCount).toBe(0)
      expect(result.totalCapacityRestored).toBe(0)
      expect(result.failedCount).toBe(0)
      expect(result.failedHoldIds).toEqual([])
      expect(await service().auditCapacity()).toEqual([])
    })

    it("returns an all-zero result when resources have capacity but no holds", async () => {
      await resourceWithCapacity(service(), [D1, D2], 5)

      expect(await service().cleanupExpiredHolds({ batchSize: 1 })).toEqual(EMPTY_RESULT)
      expect(await service().auditCapacity()).toEqual([])
    })

    it("rejects an invalid now or batchSize and touches nothing", async () => {
      const resourceId = await resourceWithCapacity(service(), [D1], 5)
      const overdue = await hold(service(), resourceId, D1, 2)
      await backdate(suite, overdue, 5)

      await expect(service().cleanupExpiredHolds({ now: new Date("nope") })).rejects.toThrow(
        /now must be a valid Date/
      )
      await expect(service().cleanupExpiredHolds({ batchSize: 0 })).rejects.toThrow(/batchSize/)
      await expect(service().cleanupExpiredHolds({ batchSize: 1.5 })).rejects.toThrow(/batchSize/)
      await expect(service().cleanupExpiredHolds({ concurrency: 17 })).rejects.toThrow(
        "concurrency must be a whole number from 1 to 16, got 17"
      )

      expect(await statusOf(suite, overdue)).toBe("ACTIVE")
      expect(await availableOf(suite, resourceId, D1)).toBe(3)
    })

    it("continues past a hold whose restore would break the capacity CHECK, and retries it next run", async () => {
      const resourceId = await resourceWithCapacity(service(), [D1, D2, D3], 10)
      const goodD1 = await hold(service(), resourceId, D1, 3)
      const bad = await hold(service(), resourceId, D2, 2)
      const goodD3 = await hold(service(), resourceId, D3, 4)
      await backdateMany(suite, [goodD1, bad, goodD3], 5)
      // Corruption by hand: D2 claims all 10 units free although a 2-unit hold occupies some.
      await query(
        suite,
        `UPDATE resource_capacity SET available_capacity = max_capacity WHERE resource_id = ? AND date = ?::date`,
        [resourceId, D2]
      )
      const d2Drift = {
        resource_id: resourceId,
        date: D2,
        start_time: null,
        max_capacity: 10,
        held: 2,
        expected_available: 8,
        actual_available: 10,
      }
      expect(await service().auditCapacity()).toEqual([d2Drift])

      const first = await service().cleanupExpiredHolds()

      expect(first).toEqual({
        expiredCount: 2,
        totalCapacityRestored: 7,
        failedCount: 1,
        failedHoldIds: [bad],
        failures: [
          {
            hold_id: bad,
            resource_id: resourceId,
            date: D2,
            reason: expect.stringContaining("resource_capacity_available_capacity_check"),
          },
        ],
        // The 3-key batch rolled back; D1 and D3 then committed alone.
        batches: 2,
        durationMs: expect.any(Number),
        eventsEmitted: expect.any(Number),
        eventEmissionMs: expect.any(Number),
      })
      expect(await statusOf(suite, bad)).toBe("ACTIVE")
      expect(await statusOf(suite, goodD1)).toBe("EXPIRED")
      expect(await statusOf(suite, goodD3)).toBe("EXPIRED")
      expect(await capacityOf(suite, resourceId, D1)).toEqual({ max_capacity: 10, available_capacity: 10 })
      expect(await capacityOf(suite, resourceId, D2)).toEqual({ max_capacity: 10, available_capacity: 10 })
      expect(await capacityOf(suite, resourceId, D3)).toEqual({ max_capacity: 10, available_capacity: 10 })
      // Only the corrupted date drifts; the good dates were restored exactly.
      expect(await service().auditCapacity()).toEqual([d2Drift])

      // Next run: the bad hold is retried (and fails again); the good ones are not restored twice.
      const second = await service().cleanupExpiredHolds()

      expect(second).toEqual({
        expiredCount: 0,
        totalCapacityRestored: 0,
        failedCount: 1,
        failedHoldIds: [bad],
        failures: [expect.objectContaining({ hold_id: bad, resource_id: resourceId, date: D2 })],
        batches: 0,
        durationMs: expect.any(Number),
        eventsEmitted: expect.any(Number),
        eventEmissionMs: expect.any(Number),
      })
      expect(await statusOf(suite, bad)).toBe("ACTIVE")
      expect(await capacityOf(suite, resourceId, D1)).toEqual({ max_capacity: 10, available_capacity: 10 })
      expect(await capacityOf(suite, resourceId, D3)).toEqual({ max_capacity: 10, available_capacity: 10 })
      expect(await service().auditCapacity()).toEqual([d2Drift])

      // Once the data is repaired, the next run expires it.
      await query(
        suite,
        `UPDATE resource_capacity SET available_capacity = 8 WHERE resource_id = ? AND date = ?::date`,
        [resourceId, D2]
      )
      const third = await service().cleanupExpiredHolds()

      expect(third).toMatchObject({ expiredCount: 1, totalCapacityRestored: 2, failedCount: 0, failedHoldIds: [] })
      expect(await statusOf(suite, bad)).toBe("EXPIRED")
      expect(await capacityOf(suite, resourceId, D2)).toEqual({ max_capacity: 10, available_capacity: 10 })
      expect(await service().auditCapacity()).toEqual([])
    })

    it("isolates the bad hold within one date: the hold that fits is expired, the one that does not stays ACTIVE", async () => {
      const resourceId = await resourceWithCapacity(service(), [D1], 10)
      const small = await hold(service(), resourceId, D1, 1)
      const large = await hold(service(), resourceId, D1, 3)
      await backdateMany(suite, [small, large], 5)
      // Corruption: 9 free although 4 units are held; only 1 more unit fits under max.
      await query(
        suite,
        `UPDATE resource_capacity SET available_capacity = 9 WHERE resource_id = ? AND date = ?::date`,
        [resourceId, D1]
      )

      const result = await service().cleanupExpiredHolds()

      expect(result).toEqual({
        expiredCount: 1,
        totalCapacityRestored: 1,
        failedCount: 1,
        failedHoldIds: [large],
        failures: [
          {
            hold_id: large,
            resource_id: resourceId,
            date: D1,
            reason: expect.stringContaining("resource_capacity_available_capacity_check"),
          },
        ],
        batches: 1,
        durationMs: expect.any(Number),
        eventsEmitted: expect.any(Number),
        eventEmissionMs: expect.any(Number),
      })
      expect(await statusOf(suite, small)).toBe("EXPIRED")
      expect(await statusOf(suite, large)).toBe("ACTIVE")
      expect(await capacityOf(suite, resourceId, D1)).toEqual({ max_capacity: 10, available_capacity: 10 })
      // Deliberately corrupted: the large hold's 3 units are still unaccounted for.
      expect(await service().auditCapacity()).toEqual([
        {
          resource_id: resourceId,
          date: D1,
          start_time: null,
          max_capacity: 10,
          held: 3,
          expected_available: 7,
          actual_available: 10,
        },
      ])
    })

    it("continues past holds whose capacity row was deleted, and retries them next run", async () => {
      const resourceA = await resourceWithCapacity(service(), [D1, D2], 10)
      const resourceB = await resourceWithCapacity(service(), [D1], 10)
      const goodA1 = await hold(service(), resourceA, D1, 1)
      const orphanX = await hold(service(), resourceA, D2, 2)
      const orphanY = await hold(service(), resourceA, D2, 3)
      const goodB1 = await hold(service(), resourceB, D1, 5)
      await backdateMany(suite, [goodA1, orphanX, orphanY, goodB1], 5)
      await query(suite, `DELETE FROM resource_capacity WHERE resource_id = ? AND date = ?::date`, [
        resourceA,
        D2,
      ])
      const orphans = [orphanX, orphanY].sort()

      const first = await service().cleanupExpiredHolds()

      expect(first).toEqual({
        expiredCount: 2,
        totalCapacityRestored: 6,
        failedCount: 2,
        failedHoldIds: orphans,
        failures: orphans.map((hold_id) => ({
          hold_id,
          resource_id: resourceA,
          date: D2,
          reason: `no capacity row for resource ${resourceA} on ${D2}`,
        })),
        batches: 2,
        durationMs: expect.any(Number),
        eventsEmitted: expect.any(Number),
        eventEmissionMs: expect.any(Number),
      })
      expect(await statusOf(suite, orphanX)).toBe("ACTIVE")
      expect(await statusOf(suite, orphanY)).toBe("ACTIVE")
      expect(await statusOf(suite, goodA1)).toBe("EXPIRED")
      expect(await statusOf(suite, goodB1)).toBe("EXPIRED")
      expect(await capacityOf(suite, resourceA, D1)).toEqual({ max_capacity: 10, available_capacity: 10 })
      expect(await capacityOf(suite, resourceB, D1)).toEqual({ max_capacity: 10, available_capacity: 10 })
      expect(await capacityOf(suite, resourceA, D2)).toBeUndefined()
      // The audit only looks at capacity rows; every remaining row is exact.
      expect(await service().auditCapacity()).toEqual([])

      const second = await service().cleanupExpiredHolds({ batchSize: 1 })

      expect(second).toEqual({
        expiredCount: 0,
        totalCapacityRestored: 0,
        failedCount: 2,
        failedHoldIds: orphans,
        failures: orphans.map((hold_id) => expect.objectContaining({ hold_id, date: D2 })),
        batches: 0,
        durationMs: expect.any(Number),
        eventsEmitted: expect.any(Number),
        eventEmissionMs: expect.any(Number),
      })
      expect(await statusCounts(suite)).toEqual({ ACTIVE: 2, EXPIRED: 2 })
      expect(await capacityOf(suite, resourceA, D1)).toEqual({ max_capacity: 10, available_capacity: 10 })
      expect(await capacityOf(suite, resourceB, D1)).toEqual({ max_capacity: 10, available_capacity: 10 })
      expect(await service().auditCapacity()).toEqual([])
    })
    it("with batches in flight at once, a lock timeout fails the run; the other batches commit", async () => {
      const resourceId = await resourceWithCapacity(service(), [D1, D2, D3], 10)
      const ids = [await hold(service(), resourceId, D1, 1), await hold(service(), resourceId, D2, 2), await hold(service(), resourceId, D3, 3)]
      await backdateMany(suite, ids, 5)

      await whileLocked(suite, capacityLockName(resourceId, D2), async () => {
        await expect(service().cleanupExpiredHolds({ batchSize: 1, concurrency: 2 })).rejects.toMatchObject({
          type: "conflict",
        })
      })

      expect(await statusOf(suite, ids[1])).toBe("ACTIVE")
      expect(await statusCounts(suite)).toEqual({ ACTIVE: 1, EXPIRED: 2 })
      expect(await service().auditCapacity()).toEqual([])
      expect(await service().cleanupExpiredHolds()).toMatchObject({ expiredCount: 1, failedCount: 0 })
      expect(await service().auditCapacity()).toEqual([])
    })

    it("stops on a lock timeout (not a data error), keeping the batches committed before it", async () => {
      const resourceId = await resourceWithCapacity(service(), [D1, D2, D3], 10)
      const byDate: Record<string, string> = {
        [D1]: await hold(service(), resourceId, D1, 1),
        [D2]: await hold(service(), resourceId, D2, 2),
        [D3]: await hold(service(), resourceId, D3, 3),
      }
      await backdateMany(suite, Object.values(byDate), 5)
      // The order cleanup takes keys in (ascending lock key); block the middle one.
      const ordered = (
        await query<{ date: string }>(
          suite,
          `SELECT to_char(date, 'YYYY-MM-DD') AS date FROM resource_capacity WHERE resource_id = ?
            ORDER BY hashtextextended('resource_booking:capacity:' || resource_id || ':' || to_char(date, 'YYYY-MM-DD'), 0)`,
          [resourceId]
        )
      ).map((r) => r.date)
      const [before, blocked, after] = ordered

      await whileLocked(suite, capacityLockName(resourceId, blocked), async () => {
        await expect(service().cleanupExpiredHolds({ batchSize: 1, concurrency: 1 })).rejects.toMatchObject({
          type: "conflict",
          message: expect.stringContaining("busy"),
        })
      })

      expect(await statusOf(suite, byDate[before])).toBe("EXPIRED")
      expect(await statusOf(suite, byDate[blocked])).toBe("ACTIVE")
      // One batch at a time: the run stopped before the batch after the blocked one.
      expect(await statusOf(suite, byDate[after])).toBe("ACTIVE")
      expect(await service().auditCapacity()).toEqual([])

      // The next run picks up where this one stopped.
      expect(await service().cleanupExpiredHolds({ batchSize: 1 })).toMatchObject({
        expiredCount: 2,
        failedCount: 0,
      })
      expect(await statusCounts(suite)).toEqual({ EXPIRED: 3 })
      for (const date of [D1, D2, D3]) {
        expect(await capacityOf(suite, resourceId, date)).toEqual({ max_capacity: 10, available_capacity: 10 })
      }
      expect(await service().auditCapacity()).toEqual([])
    })
  })

  describe("cleanupExpiredHolds: capacity restoration", () => {
    it("restores each date by exactly the units of its expired holds", async () => {
      const resourceA = await resourceWithCapacity(service(), [D1, D2, D3], 20)
      const resourceB = await resourceWithCapacity(service(), [D1], 20)
      const a1 = [
        await hold(service(), resourceA, D1, 3),
        await hold(service(), resourceA, D1, 2),
        await hold(service(), resourceA, D1, 5),
      ]
      const a1Fresh = await hold(service(), resourceA, D1, 4)
      const a2 = await hold(service(), resourceA, D2, 7)
      const a2Confirmed = await hold(service(), resourceA, D2, 1)
      await service().confirmHold(a2Confirmed)
      const b1 = [await hold(service(), resourceB, D1, 10), await hold(service(), resourceB, D1, 6)]
      await backdateMany(suite, [...a1, a2, a2Confirmed, ...b1], 30)

      expect(await availableOf(suite, resourceA, D1)).toBe(6)
      expect(await availableOf(suite, resourceA, D2)).toBe(12)
      expect(await availableOf(suite, resourceA, D3)).toBe(20)
      expect(await availableOf(suite, resourceB, D1)).toBe(4)

      const result = await service().cleanupExpiredHolds()

      expect(result).toMatchObject({
        expiredCount: 6,
        totalCapacityRestored: 10 + 7 + 16,
        failedCount: 0,
        failedHoldIds: [],
      })
      expect(await capacityOf(suite, resourceA, D1)).toEqual({ max_capacity: 20, available_capacity: 16 })
      expect(await capacityOf(suite, resourceA, D2)).toEqual({ max_capacity: 20, available_capacity: 19 })
      expect(await capacityOf(suite, resourceA, D3)).toEqual({ max_capacity: 20, available_capacity: 20 })
      expect(await capacityOf(suite, resourceB, D1)).toEqual({ max_capacity: 20, available_capacity: 20 })
      expect(await statusOf(suite, a1Fresh)).toBe("ACTIVE")
      expect(await statusOf(suite, a2Confirmed)).toBe("CONFIRMED")
      expect(await service().auditCapacity()).toEqual([])
    })

    it("gives restored units back to new holds", async () => {
      const resourceId = await resourceWithCapacity(service(), [D1], 5)
      const overdue = await hold(service(), resourceId, D1, 5)
      await backdate(suite, overdue, 1)

      expect(await service().cleanupExpiredHolds()).toMatchObject({ expiredCount: 1, totalCapacityRestored: 5 })
      const next = await service().createHold({ resource_id: resourceId, date: D1, quantity: 5 })

      expect(next.status).toBe("ACTIVE")
      expect(await capacityOf(suite, resourceId, D1)).toEqual({ max_capacity: 5, available_capacity: 0 })
      expect(await service().auditCapacity()).toEqual([])
    })
  })

  describe("cleanupExpiredHolds: idempotency", () => {
    it("a second run expires nothing and changes nothing", async () => {
      const resourceA = await resourceWithCapacity(service(), [D1, D2], 10)
      const resourceB = await resourceWithCapacity(service(), [D1], 10)
      const overdue = [
        await hold(service(), resourceA, D1, 2),
        await hold(service(), resourceA, D2, 3),
        await hold(service(), resourceB, D1, 4),
      ]
      const fresh = await hold(service(), resourceA, D1, 1)
      await backdateMany(suite, overdue, 10)

      const first = await service().cleanupExpiredHolds()
      expect(first).toMatchObject({ expiredCount: 3, totalCapacityRestored: 9, failedCount: 0 })
      const afterFirst = await snapshot(suite)

      const second = await service().cleanupExpiredHolds()
      const third = await service().cleanupExpiredHolds({ batchSize: 1 })

      expect(second).toEqual(EMPTY_RESULT)
      expect(third).toEqual(EMPTY_RESULT)
      expect(await snapshot(suite)).toEqual(afterFirst)
      expect(await statusOf(suite, fresh)).toBe("ACTIVE")
      expect(await capacityOf(suite, resourceA, D1)).toEqual({ max_capacity: 10, available_capacity: 9 })
      expect(await capacityOf(suite, resourceA, D2)).toEqual({ max_capacity: 10, available_capacity: 10 })
      expect(await capacityOf(suite, resourceB, D1)).toEqual({ max_capacity: 10, available_capacity: 10 })
      expect(await service().auditCapacity()).toEqual([])
    })
  })

  describe("cleanupExpiredHolds: concurrency", () => {
    /** 200 overdue one-unit holds: 2 resources x 2 dates, 50 per date, max 60. */
    async function arrange200() {
      const keys: { resourceId: string; date: string }[] = []
      const ids: string[] = []
      for (let r = 0; r < 2; r++) {
        const resourceId = await resourceWithCapacity(service(), [D1, D2], 60)
        for (const date of [D1, D2]) {
          keys.push({ resourceId, date })
          ids.push(...(await holdMany(service(), resourceId, date, 50)))
        }
      }
      await backdateMany(suite, ids, 10)
      for (const key of keys) {
        expect(await availableOf(suite, key.resourceId, key.date)).toBe(10)
      }
      return { keys, ids }
    }

    async function expectEachExpiredOnce(arranged: Awaited<ReturnType<typeof arrange200>>) {
      expect(await statusCounts(suite)).toEqual({ EXPIRED: 200 })
      const [stamped] = await query(
        suite,
        `SELECT count(*)::int AS n FROM resource_hold WHERE status = 'EXPIRED' AND expired_at IS NOT NULL
            AND id = ANY (array[?]::text[])`,
        [arranged.ids]
      )
      expect(stamped.n).toBe(200)
      for (const key of arranged.keys) {
        expect(await capacityOf(suite, key.resourceId, key.date)).toEqual({
          max_capacity: 60,
          available_capacity: 60,
        })
      }
      expect(await service().auditCapacity()).toEqual([])
    }

    it.each([{ batchSize: undefined }, { batchSize: 1 }])(
      "two concurrent runs (batchSize $batchSize) expire each of 200 holds exactly once",
      async ({ batchSize }) => {
        const arranged = await arrange200()
        const input = batchSize === undefined ? {} : { batchSize }

        const [a, b] = await Promise.all([
          service().cleanupExpiredHolds(input),
          service().cleanupExpiredHolds(input),
        ])

        expect(a.expiredCount + b.expiredCount).toBe(200)
        expect(a.totalCapacityRestored + b.totalCapacityRestored).toBe(200)
        expect([a.failedCount, b.failedCount]).toEqual([0, 0])
        expect([...a.failedHoldIds, ...b.failedHoldIds]).toEqual([])
        await expectEachExpiredOnce(arranged)
      }
    )

    it("three concurrent runs with different cutoffs still expire each hold exactly once", async () => {
      const arranged = await arrange200()

      const results = await Promise.all([
        service().cleanupExpiredHolds(),
        service().cleanupExpiredHolds({ batchSize: 1 }),
        service().cleanupExpiredHolds({ now: new Date(Date.now() + 60_000), batchSize: 2 }),
      ])

      expect(results.reduce((sum, r) => sum + r.expiredCount, 0)).toBe(200)
      expect(results.reduce((sum, r) => sum + r.totalCapacityRestored, 0)).toBe(200)
      expect(results.map((r) => r.failedCount)).toEqual([0, 0, 0])
      await expectEachExpiredOnce(arranged)
    })
    it("racing releaseHold and confirmHold on the same overdue holds, each hold gives its units back once", async () => {
      const resourceId = await resourceWithCapacity(service(), [D1, D2], 40)
      const onD1 = await holdMany(service(), resourceId, D1, 40)
      const onD2 = await holdMany(service(), resourceId, D2, 40)
      await backdateMany(suite, [...onD1, ...onD2], 10)
      const toRelease = [...onD1.slice(0, 20), ...onD2.slice(0, 20)]
      const toConfirm = [...onD1.slice(20), ...onD2.slice(20)]

      const settled = await Promise.allSettled([
        service().cleanupExpiredHolds({ batchSize: 1 }),
        ...toRelease.map((id) => service().releaseHold(id)),
        ...toConfirm.map((id) => service().confirmHold(id)),
      ])

      const [cleanup, ...verbs] = settled
      expect(cleanup.status).toBe("fulfilled")
      const result = (cleanup as PromiseFulfilledResult<CleanupResult>).value
      const releases = verbs.slice(0, toRelease.length)
      const confirms = verbs.slice(toRelease.length)
      // releaseHold is idempotent on an EXPIRED hold; confirmHold never confirms an overdue hold.
      expect(releases.every((r) => r.status === "fulfilled")).toBe(true)
      expect(confirms.every((r) => r.status === "rejected")).toBe(true)
      const reasons = confirms.map((r) => String((r as PromiseRejectedResult).reason?.message))
      const expiredByConfirm = reasons.filter((m) => / expired at /.test(m)).length
      const expiredByCleanupFirst = reasons.filter((m) => /is EXPIRED and cannot be confirmed/.test(m)).length
      expect(expiredByConfirm + expiredByCleanupFirst).toBe(toConfirm.length)

      const counts = await statusCounts(suite)
      expect(counts.ACTIVE ?? 0).toBe(0)
      expect(counts.CONFIRMED ?? 0).toBe(0)
      expect((counts.RELEASED ?? 0) + (counts.EXPIRED ?? 0)).toBe(80)
      // Every EXPIRED hold was expired by exactly one of cleanup and confirmHold.
      expect(result.expiredCount).toBe((counts.EXPIRED ?? 0) - expiredByConfirm)
      expect(result.totalCapacityRestored).toBe(result.expiredCount)
      expect(result.failedCount).toBe(0)
      expect(await capacityOf(suite, resourceId, D1)).toEqual({ max_capacity: 40, available_capacity: 40 })
      expect(await capacityOf(suite, resourceId, D2)).toEqual({ max_capacity: 40, available_capacity: 40 })
      expect(await service().auditCapacity()).toEqual([])
    })
  })

  describe("cleanupExpiredHolds: now argument", () => {
    it("expires holds that are not yet overdue by the database clock when now is past their TTL", async () => {
      const resourceA = await resourceWithCapacity(service(), [D1], 10)
      const resourceB = await resourceWithCapacity(service(), [D2], 10)
      const ids = [
        await hold(service(), resourceA, D1, 2),
        await hold(service(), resourceA, D1, 3),
        await hold(service(), resourceB, D2, 4),
      ]
      const longer = (await service().createHold({ resource_id: resourceA, date: D1, quantity: 1, ttl_minutes: 60 }))
        .id

      const result = await service().cleanupExpiredHolds({ now: new Date(Date.now() + 31 * 60 * 1000) })

      expect(result).toMatchObject({ expiredCount: 3, totalCapacityRestored: 9, failedCount: 0, failedHoldIds: [] })
      for (const id of ids) {
        expect(await statusOf(suite, id)).toBe("EXPIRED")
      }
      expect(await statusOf(suite, longer)).toBe("ACTIVE")
      expect(await capacityOf(suite, resourceA, D1)).toEqual({ max_capacity: 10, available_capacity: 9 })
      expect(await capacityOf(suite, resourceB, D2)).toEqual({ max_capacity: 10, available_capacity: 10 })
      expect(await service().auditCapacity()).toEqual([])
    })

    it("leaves holds created with the default 30-minute TTL alone with the default now", async () => {
      const resourceId = await resourceWithCapacity(service(), [D1], 10)
      const ids = [await hold(service(), resourceId, D1, 2), await hold(service(), resourceId, D1, 3)]
      const [ttl] = await query(
        suite,
        `SELECT min(expires_at - created_at) = interval '30 minutes' AS thirty FROM resource_hold`
      )
      expect(ttl.thirty).toBe(true)

      const result = await service().cleanupExpiredHolds()

      expect(result).toEqual(EMPTY_RESULT)
      for (const id of ids) {
        expect(await statusOf(suite, id)).toBe("ACTIVE")
      }
      expect(await capacityOf(suite, resourceId, D1)).toEqual({ max_capacity: 10, available_capacity: 5 })
      expect(await service().auditCapacity()).toEqual([])
    })

    it("a now in the past leaves holds alone that are overdue by the database clock", async () => {
      const resourceId = await resourceWithCapacity(service(), [D1], 10)
      const recentlyOverdue = await hold(service(), resourceId, D1, 2)
      const longOverdue = await hold(service(), resourceId, D1, 3)
      await backdate(suite, recentlyOverdue, 10)
      await backdate(suite, longOverdue, 120)

      const result = await service().cleanupExpiredHolds({ now: new Date(Date.now() - 60 * 60 * 1000) })

      expect(result).toMatchObject({ expiredCount: 1, totalCapacityRestored: 3, failedCount: 0 })
      expect(await statusOf(suite, recentlyOverdue)).toBe("ACTIVE")
      expect(await statusOf(suite, longOverdue)).toBe("EXPIRED")
      expect(await capacityOf(suite, resourceId, D1)).toEqual({ max_capacity: 10, available_capacity: 8 })
      expect(await service().auditCapacity()).toEqual([])
    })
  })
})
