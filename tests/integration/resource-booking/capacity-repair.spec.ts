import { CleanupTrigger } from "../../../src/modules/resource_booking/types"
import {
  bookingModuleSuite,
  capacityLockName,
  capacityOf,
  query,
  resourceWithCapacity,
  Suite,
  whileLocked,
} from "./harness"
import { captureLogger } from "./log-capture"
import { corruptAvailable, dbState, expectRefused } from "./state"

/**
 * reconcileCapacity on rows corrupted by hand: the report changes nothing; the repair sets
 * exactly the drifting rows back under their locks (recomputing held there), logs one JSON
 * entry per change, leaves oversold rows, is idempotent, refuses while a cleanup run is in
 * progress, and makes checkouts on a row it repairs wait for it.
 */

const D1 = "2031-07-01"
const D2 = "2031-07-02"
const D3 = "2031-07-03"
const D4 = "2031-07-04"
const REPAIRED = "[Reconcile] Capacity repaired"
const NOT_REPAIRABLE = "[Reconcile] Capacity not repairable"
const CLEANUP_RUN_LOCK = "resource_booking:cleanup-run"
const OVERSOLD_REASON =
  "oversold: 3 units held exceed max_capacity 2, and available_capacity cannot go below 0; " +
  "raise max_capacity to at least 3 (setCapacity) or release holds, then run the repair again"

/**
 * One resource with 10 units on D1–D4 (D3: 3) and corrupted rows:
 * D1 too high (2 held, available 10, expected 8), D2 too low (2 ACTIVE + 1 CONFIRMED held,
 * available 4, expected 7), D3 oversold (3 held, max lowered to 2 by hand, available 0),
 * D4 correct (1 held, available 9).
 */
async function arrange(suite: Suite) {
  const { service } = suite
  const resourceId = await resourceWithCapacity(service, [D1, D2, D4], 10)
  await service.setCapacity({ resource_id: resourceId, from: D3, to: D3, max_capacity: 3 })
  const take = (date: string, quantity: number, cart_id?: string) =>
    service.createHold({ resource_id: resourceId, date, quantity, cart_id })
  const high = await take(D1, 2, "cart_high")
  const lowActive = await take(D2, 2)
  const lowConfirmed = await take(D2, 1, "cart_low")
  await service.confirmHold(lowConfirmed.id)
  await query(suite, `UPDATE resource_hold SET order_id = 'order_low' WHERE id = ?`, [lowConfirmed.id])
  const oversold = [await take(D3, 1), await take(D3, 1), await take(D3, 1)]
  await take(D4, 1)

  await corruptAvailable(suite, resourceId, D1, 10)
  await corruptAvailable(suite, resourceId, D2, 4)
  await query(
    suite,
    `UPDATE resource_capacity SET max_capacity = 2, available_capacity = 0 WHERE resource_id = ? AND date = ?::date`,
    [resourceId, D3]
  )
  return { resourceId, high, lowActive, lowConfirmed, oversold }
}

/** Resolves once `count` advisory lock requests of this database wait (a transaction queued on a key). */
async function waitForLockWaiters(suite: Suite, count: number): Promise<void> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    const [{ waiting }] = await query(
      suite,
      `SELECT count(*)::int AS waiting FROM pg_locks
        WHERE locktype = 'advisory' AND NOT granted
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`
    )
    if (waiting >= count) {
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`fewer than ${count} advisory lock waiters after 10 s`)
}

describe("reconcileCapacity", () => {
  const capture = captureLogger()
  bookingModuleSuite(
    (suite) => {
      const { service } = suite
      const logged = (message: string) => capture.structured().filter((entry) => entry.message === message)

      beforeEach(() => capture.clear())

      it("reports every drifting row with the holds behind it, and changes nothing", async () => {
        const { resourceId, high, lowActive, lowConfirmed, oversold } = await arrange(suite)
        const before = await dbState(suite)

        const report = await service.reconcileCapacity()

        expect(report).toEqual({
          fix: false,
          fixed_count: 0,
          remaining_count: 3,
          batches: 0,
          rows: [
            {
              resource_id: resourceId, date: D1, start_time: null, max_capacity: 10, held: 2, expected_available: 8, actual_available: 10,
              holds: [{ id: high.id, status: "ACTIVE", quantity: 2, cart_id: "cart_high", order_id: null }],
              hold_count: 1, repairable: true, fixed: false, reason: null,
            },
            {
              resource_id: resourceId, date: D2, start_time: null, max_capacity: 10, held: 3, expected_available: 7, actual_available: 4,
              holds: [
                { id: lowActive.id, status: "ACTIVE", quantity: 2, cart_id: null, order_id: null },
                { id: lowConfirmed.id, status: "CONFIRMED", quantity: 1, cart_id: "cart_low", order_id: "order_low" },
              ],
              hold_count: 2, repairable: true, fixed: false, reason: null,
            },
            {
              resource_id: resourceId, date: D3, start_time: null, max_capacity: 2, held: 3, expected_available: -1, actual_available: 0,
              holds: oversold.map((hold) => ({ id: hold.id, status: "ACTIVE", quantity: 1, cart_id: null, order_id: null })),
              hold_count: 3, repairable: false, fixed: false, reason: OVERSOLD_REASON,
            },
          ],
        })
        expect(await dbState(suite)).toEqual(before)
        expect(capture.entries).toEqual([])
      })

      it("repairs exactly the drifting rows, in batches, logging one JSON entry per change; an oversold row is reported and left", async () => {
        const { resourceId } = await arrange(suite)
        const before = await dbState(suite)
        // D3 (oversold) and D4 (correct), every column.
        const leftRows = () =>
          query(suite, `SELECT * FROM resource_capacity WHERE resource_id = ? AND date IN (?::date, ?::date) ORDER BY date`, [
            resourceId, D3, D4,
          ])
        const leftBefore = await leftRows()

        const report = await service.reconcileCapacity({ fix: true, batchSize: 1 })

        expect(report).toMatchObject({ fix: true, fixed_count: 2, remaining_count: 1, batches: 3 })
        expect(report.rows.map(({ date, held, expected_available, actual_available, fixed, reason }) =>
          ({ date, held, expected_available, actual_available, fixed, reason }))).toEqual([
          { date: D1, held: 2, expected_available: 8, actual_available: 10, fixed: true, reason: null },
          { date: D2, held: 3, expected_available: 7, actual_available: 4, fixed: true, reason: null },
          { date: D3, held: 3, expected_available: -1, actual_available: 0, fixed: false, reason: OVERSOLD_REASON },
        ])
        expect(await capacityOf(suite, resourceId, D1)).toEqual({ max_capacity: 10, available_capacity: 8 })
        expect(await capacityOf(suite, resourceId, D2)).toEqual({ max_capacity: 10, available_capacity: 7 })
        const after = await dbState(suite)
        expect(after.holds).toEqual(before.holds)
        expect(after.resources).toEqual(before.resources)
        expect(leftBefore).toHaveLength(2)
        expect(await leftRows()).toEqual(leftBefore)

        expect(logged(REPAIRED)).toEqual([
          { level: "info", message: REPAIRED, resource_id: resourceId, date: D1, max_capacity: 10, held: 2, from: 10, to: 8, timestamp: expect.any(String) },
          { level: "info", message: REPAIRED, resource_id: resourceId, date: D2, max_capacity: 10, held: 3, from: 4, to: 7, timestamp: expect.any(String) },
        ])
        expect(logged(NOT_REPAIRABLE)).toEqual([
          {
            level: "warn", message: NOT_REPAIRABLE, resource_id: resourceId, date: D3, max_capacity: 2, held: 3,
            available: 0, reason: OVERSOLD_REASON, timestamp: expect.any(String),
          },
        ])
        expect(capture.structured()).toHaveLength(3)
        expect(await service.auditCapacity()).toEqual([
          expect.objectContaining({ resource_id: resourceId, date: D3, expected_available: -1, actual_available: 0 }),
        ])
      })

      it("is idempotent: a second repair changes and logs nothing, and none is left once the oversold row is resolved", async () => {
        const { resourceId, oversold } = await arrange(suite)
        await service.reconcileCapacity({ fix: true })
        const repaired = await dbState(suite)
        capture.clear()

        const again = await service.reconcileCapacity({ fix: true })

        expect(again).toMatchObject({ fixed_count: 0, remaining_count: 1, rows: [expect.objectContaining({ date: D3, fixed: false })] })
        expect(await dbState(suite)).toEqual(repaired)
        expect(logged(REPAIRED)).toEqual([])

        // The operator resolves the oversell (a hold released: available 0 → 1, held 2 = max);
        // the row then drifts by 1 and is repairable.
        await service.releaseHold(oversold[0].id)
        const last = await service.reconcileCapacity({ fix: true })
        expect(last).toMatchObject({ fixed_count: 1, remaining_count: 0 })
        expect(await capacityOf(suite, resourceId, D3)).toEqual({ max_capacity: 2, available_capacity: 0 })
        expect(await service.auditCapacity()).toEqual([])
        expect(await service.reconcileCapacity({ fix: true })).toEqual({
          fix: true, rows: [], fixed_count: 0, remaining_count: 0, batches: 0,
        })
      })

      it("recomputes held under the row's lock: a hold taken while it waited counts, the pre-lock audit does not", async () => {
        const { resourceId } = await arrange(suite)
        let repair!: ReturnType<typeof service.reconcileCapacity>

        await whileLocked(suite, capacityLockName(resourceId, D1), async () => {
          repair = service.reconcileCapacity({ fix: true, resource_id: resourceId, from: D1, to: D1 })
          await waitForLockWaiters(suite, 1)
          // What a checkout holding D1's lock does: a hold of 3 units, available down by 3.
          await query(
            suite,
            `INSERT INTO resource_hold (id, resource_id, date, end_date, occupied_to, quantity, status, expires_at)
             VALUES ('rhold_whilewaiting', ?, ?::date, ?::date, ?::date, 3, 'ACTIVE', now() + interval '15 minutes')`,
            [resourceId, D1, D1, D1]
          )
          await query(
            suite,
            `UPDATE resource_capacity SET available_capacity = available_capacity - 3 WHERE resource_id = ? AND date = ?::date`,
            [resourceId, D1]
          )
        })
        const report = await repair

        expect(report.rows).toEqual([
          expect.objectContaining({ date: D1, held: 5, expected_available: 5, actual_available: 7, fixed: true, hold_count: 2 }),
        ])
        expect(await capacityOf(suite, resourceId, D1)).toEqual({ max_capacity: 10, available_capacity: 5 })
        expect(await service.auditCapacity({ resource_id: resourceId, from: D1, to: D1 })).toEqual([])
        expect(logged(REPAIRED)).toEqual([expect.objectContaining({ date: D1, held: 5, from: 7, to: 5 })])
      })

      it("a checkout on a row being repaired waits for the repair's lock; the final state keeps the invariant", async () => {
        const { resourceId } = await arrange(suite)
        let repair!: ReturnType<typeof service.reconcileCapacity>
        let checkout!: ReturnType<typeof service.createHold>

        // D2's lock is held elsewhere: the repair queues on it, then the checkout behind the repair.
        await whileLocked(suite, capacityLockName(resourceId, D2), async () => {
          repair = service.reconcileCapacity({ fix: true, resource_id: resourceId, from: D2, to: D2 })
          await waitForLockWaiters(suite, 1)
          checkout = service.createHold({ resource_id: resourceId, date: D2, quantity: 5 })
          await waitForLockWaiters(suite, 2)
        })
        const [report, hold] = await Promise.all([repair, checkout])

        // The repair went first (available 4 → 7); the checkout then took 5 of the repaired 7.
        // Trusting the corrupted 4, it would have been refused "Insufficient capacity".
        expect(report.rows).toEqual([expect.objectContaining({ date: D2, held: 3, actual_available: 4, expected_available: 7, fixed: true })])
        expect(hold).toMatchObject({ status: "ACTIVE", quantity: 5 })
        expect(await capacityOf(suite, resourceId, D2)).toEqual({ max_capacity: 10, available_capacity: 2 })
        expect(await service.auditCapacity({ resource_id: resourceId, from: D2, to: D2 })).toEqual([])
      })

      it("refuses to repair while a cleanup run is in progress, changing and logging nothing; the report still reads", async () => {
        await arrange(suite)
        const before = await dbState(suite)

        await whileLocked(suite, CLEANUP_RUN_LOCK, async () => {
          await expect(service.reconcileCapacity({ fix: true })).rejects.toMatchObject({
            type: "conflict",
            message:
              "Capacity repair refused: a cleanup run is in progress (it holds the cleanup single-flight lock); " +
              "nothing was changed, run the repair again once the run has finished",
          })
          expect((await service.reconcileCapacity()).rows).toHaveLength(3)
        })

        expect(await dbState(suite)).toEqual(before)
        expect(capture.entries).toEqual([])
      })

      it("holds the cleanup lock while it repairs: a cleanup run started meanwhile is skipped", async () => {
        const { resourceId } = await arrange(suite)
        let repair!: ReturnType<typeof service.reconcileCapacity>

        await whileLocked(suite, capacityLockName(resourceId, D1), async () => {
          repair = service.reconcileCapacity({ fix: true })
          await waitForLockWaiters(suite, 1)
          const outcome = await service.runCleanup({ trigger: CleanupTrigger.SCRIPT })
          expect(outcome).toMatchObject({ run: { status: "skipped" }, result: null })
        })

        expect(await repair).toMatchObject({ fixed_count: 2 })
        const outcome = await service.runCleanup({ trigger: CleanupTrigger.SCRIPT })
        expect(outcome.run.status).toBe("succeeded")
      })

      it("filters by resource_id, from and to (inclusive), in the report and in the repair", async () => {
        const { resourceId } = await arrange(suite)
        const other = await resourceWithCapacity(service, [D1, D2], 5)
        await corruptAvailable(suite, other, D1, 1)
        await corruptAvailable(suite, other, D2, 2)
        const keys = (report: { rows: { resource_id: string; date: string }[] }) =>
          report.rows.map((row) => `${row.resource_id === resourceId ? "first" : "other"} ${row.date}`)

        // Ordered by resource_id, then date.
        const everything = [resourceId, other]
          .sort()
          .flatMap((id) => (id === resourceId ? [`first ${D1}`, `first ${D2}`, `first ${D3}`] : [`other ${D1}`, `other ${D2}`]))
        expect(keys(await service.reconcileCapacity())).toEqual(everything)
        expect(keys(await service.reconcileCapacity({ resource_id: other }))).toEqual([`other ${D1}`, `other ${D2}`])
        expect(keys(await service.reconcileCapacity({ from: D2 })).sort()).toEqual([`first ${D2}`, `first ${D3}`, `other ${D2}`].sort())
        expect(keys(await service.reconcileCapacity({ to: D1 })).sort()).toEqual([`first ${D1}`, `other ${D1}`].sort())
        expect(keys(await service.reconcileCapacity({ resource_id: resourceId, from: D2, to: D2 }))).toEqual([`first ${D2}`])

        const repaired = await service.reconcileCapacity({ fix: true, resource_id: other, from: D2, to: D2 })
        expect(keys(repaired)).toEqual([`other ${D2}`])
        expect(repaired.fixed_count).toBe(1)
        expect(await capacityOf(suite, other, D1)).toEqual({ max_capacity: 5, available_capacity: 1 })
        expect(await capacityOf(suite, other, D2)).toEqual({ max_capacity: 5, available_capacity: 5 })
        expect((await service.auditCapacity()).map((row) => row.date).sort()).toEqual([D1, D1, D2, D3])
      })

      it("refuses bad input with a clear error, changing nothing", async () => {
        await arrange(suite)
        const before = await dbState(suite)
        const refused = (input: unknown, message: string) =>
          expectRefused(service.reconcileCapacity(input as any), "invalid_data", message)

        await refused({ fix: true, batchSize: 0 }, "batchSize must be a whole number from 1 to 1000, got 0")
        await refused({ fix: true, batchSize: 2.5 }, "batchSize must be a whole number from 1 to 1000, got 2.5")
        await refused({ fix: true, batchSize: 1001 }, "batchSize must be a whole number from 1 to 1000, got 1001")
        await refused({ fix: true, from: "2031-02-30" }, 'from must be a calendar date YYYY-MM-DD, got "2031-02-30"')
        await refused({ to: "tomorrow" }, 'to must be a calendar date YYYY-MM-DD, got "tomorrow"')
        await refused({ fix: true, from: D2, to: D1 }, `to (${D1}) must not be before from (${D2})`)
        await refused({ fix: true, resource_id: "nope" }, 'resource_id must be a Medusa id (prefix_ULID), got "nope"')
        await refused({ fix: "yes" }, 'fix must be true or false, got "yes"')

        expect(await dbState(suite)).toEqual(before)
        expect(capture.entries).toEqual([])
      })
    },
    {},
    { logger: capture.logger }
  )
})
