import { backdate, bookingModuleSuite, capacityOf, query, resourceWithCapacity, runJob, statusOf, Suite } from "./harness"
import { captureLogger } from "./log-capture"

/**
 * Retention (HOLD_RETENTION_DAYS / holdRetentionDays, default 90): the cleanup job deletes
 * EXPIRED and RELEASED holds that ended longer ago, in bounded batches, counts them in the
 * run record and its log entry, and never touches CONFIRMED or ACTIVE holds or capacity.
 */

const DATE = "2031-03-01"
const COMPLETE = "[Cleanup Job] Expired holds cleanup complete"

/** Moves a hold's end (and its other timestamps) `days` days into the past. */
async function endedDaysAgo(suite: Suite, holdId: string, days: number): Promise<void> {
  await query(
    suite,
    `UPDATE resource_hold
        SET expired_at = CASE WHEN expired_at IS NULL THEN NULL ELSE now() - make_interval(days => ?) END,
            released_at = CASE WHEN released_at IS NULL THEN NULL ELSE now() - make_interval(days => ?) END,
            confirmed_at = CASE WHEN confirmed_at IS NULL THEN NULL ELSE now() - make_interval(days => ?) END,
            updated_at = now() - make_interval(days => ?),
            created_at = now() - make_interval(days => ?) - interval '1 hour'
      WHERE id = ?`,
    [days, days, days, days, days, holdId]
  )
}

/** One hold in each state, aged as given; returns their ids. */
async function arrange(suite: Suite, ages: { expired: number; released: number; confirmed: number }) {
  const service = suite.service
  const resourceId = await resourceWithCapacity(service, [DATE], 10)
  const take = () => service.createHold({ resource_id: resourceId, date: DATE, quantity: 1 })
  const expired = await take()
  await backdate(suite, expired.id, 5)
  await service.cleanupExpiredHolds()
  const released = await take()
  await service.releaseHold(released.id)
  const confirmed = await take()
  await service.confirmHold(confirmed.id)
  const active = await take()
  await endedDaysAgo(suite, expired.id, ages.expired)
  await endedDaysAgo(suite, released.id, ages.released)
  await endedDaysAgo(suite, confirmed.id, ages.confirmed)
  return { resourceId, expired: expired.id, released: released.id, confirmed: confirmed.id, active: active.id }
}

const exists = async (suite: Suite, id: string) =>
  (await query(suite, `SELECT 1 FROM resource_hold WHERE id = ?`, [id])).length === 1

describe("hold retention with the default 90 days", () => {
  const capture = captureLogger()
  bookingModuleSuite(
    (suite) => {
      beforeEach(() => capture.clear())

      it("the job deletes EXPIRED and RELEASED holds that ended over 90 days ago, counted in the run and its log", async () => {
        const old = await arrange(suite, { expired: 100, released: 91, confirmed: 400 })
        const recent = await arrange(suite, { expired: 89, released: 10, confirmed: 1 })

        await runJob(suite.service)

        expect(await exists(suite, old.expired)).toBe(false)
        expect(await exists(suite, old.released)).toBe(false)
        for (const id of [old.confirmed, old.active, recent.expired, recent.released, recent.confirmed, recent.active]) {
          expect(await exists(suite, id)).toBe(true)
        }
        expect(await statusOf(suite, old.confirmed)).toBe("CONFIRMED")
        const [run] = await query(suite, `SELECT status, expired_count, holds_deleted FROM hold_cleanup_run`)
        expect(run).toEqual({ status: "succeeded", expired_count: 0, holds_deleted: 2 })
        const complete = capture.structured().filter((e) => e.message === COMPLETE)
        expect(complete).toEqual([expect.objectContaining({ holds_deleted: 2 })])
        // Terminal holds hold no units: capacity and the invariant are untouched.
        expect(await capacityOf(suite, old.resourceId, DATE)).toEqual({ max_capacity: 10, available_capacity: 8 })
        expect(await suite.service.auditCapacity()).toEqual([])

        await runJob(suite.service)
        const [second] = await query(suite, `SELECT holds_deleted FROM hold_cleanup_run ORDER BY started_at DESC LIMIT 1`)
        expect(second.holds_deleted).toBe(0)
      })

      it("purgeTerminalHolds works in batches and stops at maxHolds; the rest goes on the next call", async () => {
        const olds = []
        for (let i = 0; i < 3; i++) {
          olds.push(await arrange(suite, { expired: 120, released: 120, confirmed: 120 }))
        }
        expect(await suite.service.purgeTerminalHolds({ batchSize: 2, maxHolds: 5 })).toBe(5)
        expect(await suite.service.purgeTerminalHolds({ batchSize: 2, maxHolds: 5 })).toBe(1)
        expect(await suite.service.purgeTerminalHolds({ batchSize: 2, maxHolds: 5 })).toBe(0)
        const left = await query(suite, `SELECT status FROM resource_hold ORDER BY status`)
        expect(left.map((row) => row.status)).toEqual(["ACTIVE", "ACTIVE", "ACTIVE", "CONFIRMED", "CONFIRMED", "CONFIRMED"])
        expect(await suite.service.auditCapacity()).toEqual([])
      })

      it("purgeTerminalHolds refuses bad input naming it, and deletes nothing", async () => {
        const old = await arrange(suite, { expired: 200, released: 200, confirmed: 200 })
        await expect(suite.service.purgeTerminalHolds({ olderThanDays: 0 })).rejects.toThrow(
          "olderThanDays must be a whole number from 1 to 36500, got 0"
        )
        await expect(suite.service.purgeTerminalHolds({ batchSize: 1.5 })).rejects.toThrow(
          "batchSize must be a whole number from 1 to 100000, got 1.5"
        )
        expect(await exists(suite, old.expired)).toBe(true)
      })

      it("the sweep reads old terminal holds through their own index", async () => {
        await arrange(suite, { expired: 100, released: 100, confirmed: 100 })
        await query(suite, `SET enable_seqscan = off`)
        const plan = (
          await query(
            suite,
            `EXPLAIN SELECT id FROM resource_hold
              WHERE deleted_at IS NULL AND status IN ('EXPIRED', 'RELEASED')
                AND coalesce(expired_at, released_at, updated_at) < now() - make_interval(days => 90)
              ORDER BY coalesce(expired_at, released_at, updated_at) LIMIT 5000`
          )
        )
          .map((row) => row["QUERY PLAN"])
          .join("\n")
        await query(suite, `RESET enable_seqscan`)
        expect(plan).toContain("IDX_resource_hold_terminal_ended_at")
      })
    },
    {},
    { logger: capture.logger }
  )
})

describe("hold retention with holdRetentionDays 30", () => {
  bookingModuleSuite(
    (suite) => {
      it("deletes terminal holds that ended over 30 days ago", async () => {
        const old = await arrange(suite, { expired: 31, released: 45, confirmed: 45 })
        const kept = await arrange(suite, { expired: 29, released: 5, confirmed: 5 })
        await runJob(suite.service)
        expect(await exists(suite, old.expired)).toBe(false)
        expect(await exists(suite, old.released)).toBe(false)
        expect(await exists(suite, old.confirmed)).toBe(true)
        expect(await exists(suite, kept.expired)).toBe(true)
        expect(await exists(suite, kept.released)).toBe(true)
      })
    },
    { holdRetentionDays: 30 }
  )
})
