import { hostname } from "os"
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
  runJob,
} from "./harness"
import { captureLogger } from "./log-capture"

const DATE = "2031-06-01"
const COMPLETE = "[Cleanup Job] Expired holds cleanup complete"
const SLOW = "[Cleanup Job] Slow cleanup detected"
const HIGH_RATE = "[Cleanup Job] High hold expiration rate"
const FAILED = "[Cleanup Job] Cleanup failed"
const SKIPPED = "[Cleanup Job] Skipped: another cleanup is in progress"

/** `overdue` one-unit holds past their TTL and `fresh` within it, on one date of capacity 10. */
async function arrange(suite: Suite, overdue: number, fresh = 0) {
  const resourceId = await resourceWithCapacity(suite.service, [DATE], 10)
  const holds = []
  for (let i = 0; i < overdue + fresh; i++) {
    holds.push(await suite.service.createHold({ resource_id: resourceId, date: DATE, quantity: 1 }))
  }
  for (const hold of holds.slice(0, overdue)) {
    await backdate(suite, hold.id, 5)
  }
  return { resourceId, holds }
}

async function runs(suite: Suite) {
  return await query(
    suite,
    `SELECT trigger, status, expired_count, capacity_restored, failed_count, failed_hold_ids, error,
            duration_ms, finished_at >= started_at AS ordered
       FROM hold_cleanup_run ORDER BY started_at`
  )
}

/** Holds the cleanup single-flight lock from another connection while `during` runs. */
const whileAnotherRunIsInProgress = (suite: Suite, during: () => Promise<void>) =>
  whileLocked(suite, "resource_booking:cleanup-run", during)

describe("cleanup-expired-holds job with default thresholds", () => {
  const capture = captureLogger()
  bookingModuleSuite(
    (suite) => {
      beforeEach(() => capture.clear())

      it("logs one complete entry with exact counts and records a succeeded run", async () => {
        const { resourceId, holds } = await arrange(suite, 3, 2)

        await runJob(suite.service)

        const complete = capture.structured().filter((e) => e.message === COMPLETE)
        expect(complete).toHaveLength(1)
        expect(complete[0]).toMatchObject({
          level: "info",
          trigger: "schedule",
          expired_count: 3,
          capacity_restored: 3,
          failed_count: 0,
        })
        expect(typeof complete[0].duration_ms).toBe("number")
        expect(new Date(complete[0].timestamp).toISOString()).toBe(complete[0].timestamp)
        expect(capture.structured().map((e) => e.message)).toEqual([COMPLETE])
        expect(await runs(suite)).toEqual([
          expect.objectContaining({
            trigger: "schedule",
            status: "succeeded",
            expired_count: 3,
            capacity_restored: 3,
            failed_count: 0,
            failed_hold_ids: [],
            error: null,
            ordered: true,
          }),
        ])
        expect(await statusOf(suite, holds[0].id)).toBe("EXPIRED")
        expect(await statusOf(suite, holds[4].id)).toBe("ACTIVE")
        expect(await capacityOf(suite, resourceId, DATE)).toEqual({ max_capacity: 10, available_capacity: 8 })
        expect(await suite.service.auditCapacity()).toEqual([])
      })

      it("logs each failing hold with its reason, and the run still completes", async () => {
        const { resourceId, holds } = await arrange(suite, 2)
        // Corrupt by hand: restoring would push available past max.
        await query(suite, `UPDATE resource_capacity SET available_capacity = max_capacity WHERE resource_id = ?`, [
          resourceId,
        ])

        await runJob(suite.service)

        const failures = capture.structured().filter((e) => e.message.startsWith("Failed to cleanup hold "))
        expect(failures.map((e) => e.message).sort()).toEqual(holds.map((h) => `Failed to cleanup hold ${h.id}`).sort())
        expect(failures[0]).toMatchObject({ level: "warn", resource_id: resourceId, date: DATE })
        expect(failures[0].reason).toContain("resource_capacity_available_capacity_check")
        expect(capture.structured().find((e) => e.message === COMPLETE)).toMatchObject({
          expired_count: 0,
          failed_count: 2,
        })
        const [run] = await runs(suite)
        expect(run).toMatchObject({ status: "succeeded", failed_count: 2 })
        expect([...run.failed_hold_ids].sort()).toEqual(holds.map((h) => h.id).sort())
      })

      it("rethrows when the database fails, logs the cause and records a failed run", async () => {
        const { holds } = await arrange(suite, 2)
        await query(suite, `ALTER TABLE resource_hold RENAME TO resource_hold_unreachable`)
        try {
          await expect(runJob(suite.service)).rejects.toThrow(/resource_hold/)
        } finally {
          await query(suite, `ALTER TABLE resource_hold_unreachable RENAME TO resource_hold`)
        }

        const failed = capture.structured().filter((e) => e.message === FAILED)
        expect(failed).toHaveLength(1)
        expect(failed[0]).toMatchObject({ level: "error", trigger: "schedule" })
        expect(failed[0].error).toContain('relation "resource_hold" does not exist')
        expect(capture.structured().some((e) => e.message === COMPLETE)).toBe(false)
        const [run] = await runs(suite)
        expect(run).toMatchObject({ trigger: "schedule", status: "failed", expired_count: 0 })
        expect(run.error).toContain('relation "resource_hold" does not exist')
        // Nothing was half-done, and the next run retries.
        expect(await statusOf(suite, holds[0].id)).toBe("ACTIVE")
        await runJob(suite.service)
        expect(await statusOf(suite, holds[0].id)).toBe("EXPIRED")
        expect(await suite.service.auditCapacity()).toEqual([])
      })

      it("records a failed run once the database answers again when even the run record could not be written", async () => {
        const { holds } = await arrange(suite, 2)
        await query(suite, `ALTER TABLE resource_hold RENAME TO resource_hold_unreachable`)
        await query(suite, `ALTER TABLE hold_cleanup_run RENAME TO hold_cleanup_run_unreachable`)
        try {
          await expect(runJob(suite.service)).rejects.toThrow(/does not exist/)
        } finally {
          await query(suite, `ALTER TABLE resource_hold_unreachable RENAME TO resource_hold`)
          await query(suite, `ALTER TABLE hold_cleanup_run_unreachable RENAME TO hold_cleanup_run`)
        }
        expect(capture.structured().map((e) => e.message)).toEqual([
          "[Cleanup Job] Could not record the failed run; it is recorded once the database answers",
          FAILED,
        ])
        expect(await runs(suite)).toEqual([])

        // The next run writes it first, then runs.
        await runJob(suite.service)
        const history = await runs(suite)
        expect(history).toEqual([
          expect.objectContaining({ trigger: "schedule", status: "failed", expired_count: 0, ordered: true }),
          expect.objectContaining({ trigger: "schedule", status: "succeeded", expired_count: 2 }),
        ])
        expect(history[0].error).toContain("hold_cleanup_run")
        expect(await statusOf(suite, holds[0].id)).toBe("EXPIRED")
      })

      it("skips, logs and records a skipped run while another run holds the try-lock", async () => {
        const { holds } = await arrange(suite, 2)

        await whileAnotherRunIsInProgress(suite, () => runJob(suite.service))

        expect(capture.structured()).toEqual([
          expect.objectContaining({ level: "info", message: SKIPPED, trigger: "schedule" }),
        ])
        expect(await runs(suite)).toEqual([expect.objectContaining({ status: "skipped", expired_count: 0 })])
        expect(await statusOf(suite, holds[0].id)).toBe("ACTIVE")
      })

      it("records the run as running, by this process, for as long as it holds the lock", async () => {
        const { resourceId, holds } = await arrange(suite, 2)
        const lastSuccess = async () => (await suite.service.getHealth()).cleanup_job.last_run
        let job!: Promise<void>

        // The run's batch waits on the date's lock: the run is in progress until it is released.
        await whileLocked(suite, capacityLockName(resourceId, DATE), async () => {
          job = runJob(suite.service)
          const deadline = Date.now() + 10_000
          while ((await runs(suite)).length === 0 && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 20))
          }
          expect(await query(suite, `SELECT status, runner, finished_at, duration_ms FROM hold_cleanup_run`)).toEqual([
            { status: "running", runner: `${hostname()}:${process.pid}`, finished_at: null, duration_ms: null },
          ])
          expect(await lastSuccess()).toBeNull()
          expect(await statusOf(suite, holds[0].id)).toBe("ACTIVE")
        })
        await job

        expect(await runs(suite)).toEqual([
          expect.objectContaining({ status: "succeeded", expired_count: 2, capacity_restored: 2, ordered: true }),
        ])
        expect(await lastSuccess()).toMatchObject({ status: "succeeded", expired_count: 2 })
        const [complete] = capture.structured().filter((e) => e.message === COMPLETE)
        expect(complete.runner).toBe(`${hostname()}:${process.pid}`)
      })

      it("marks a running row whose process died as interrupted when the next run takes the lock", async () => {
        const { holds } = await arrange(suite, 2)
        // What a worker killed mid-run leaves: its running row (its lock went with its connection).
        await query(
          suite,
          `INSERT INTO hold_cleanup_run (id, trigger, status, started_at, runner)
           VALUES ('hcrun_killed', 'schedule', 'running', now() - interval '1 minute', 'gone-host:1')`
        )

        await runJob(suite.service)

        expect(await query(suite, `SELECT id, status, finished_at, error FROM hold_cleanup_run ORDER BY started_at`)).toEqual([
          {
            id: "hcrun_killed",
            status: "interrupted",
            finished_at: null,
            error: expect.stringContaining("ended without finishing"),
          },
          expect.objectContaining({ status: "succeeded", error: null }),
        ])
        expect(await statusOf(suite, holds[0].id)).toBe("EXPIRED")
        expect((await suite.service.getHealth()).cleanup_job.last_run).toMatchObject({ status: "succeeded" })
      })

      it("leaves another process's running row alone while that run holds the lock", async () => {
        await arrange(suite, 1)
        await query(
          suite,
          `INSERT INTO hold_cleanup_run (id, trigger, status, started_at, runner)
           VALUES ('hcrun_live', 'schedule', 'running', now(), 'other-host:2')`
        )

        await whileAnotherRunIsInProgress(suite, () => runJob(suite.service))

        expect(await query(suite, `SELECT id, status FROM hold_cleanup_run ORDER BY started_at`)).toEqual([
          { id: "hcrun_live", status: "running" },
          expect.objectContaining({ status: "skipped" }),
        ])
      })
    },
    {},
    { logger: capture.logger }
  )
})

describe("cleanup-expired-holds job with low alert thresholds", () => {
  const capture = captureLogger()
  bookingModuleSuite(
    (suite) => {
      beforeEach(() => capture.clear())

      it("adds the slow-run and high-expiry-rate entries when the thresholds are crossed", async () => {
        await arrange(suite, 3)

        await runJob(suite.service)

        const entries = capture.structured()
        expect(entries.map((e) => e.message)).toEqual([COMPLETE, SLOW, HIGH_RATE])
        expect(entries[1]).toMatchObject({ level: "warn", threshold_ms: 0 })
        expect(entries[1].duration_ms).toBe(entries[0].duration_ms)
        expect(typeof entries[1].warning).toBe("string")
        expect(entries[2]).toMatchObject({
          level: "warn",
          expired_count: 3,
          threshold: 2,
          suggestion: "Consider investigating checkout flow or extending hold TTL",
        })
      })

      it("keeps the run history bounded by count and by age", async () => {
        await query(
          suite,
          `INSERT INTO hold_cleanup_run (id, trigger, status, started_at, finished_at, duration_ms)
           VALUES ('hcrun_old', 'schedule', 'succeeded', now() - interval '40 days', now() - interval '40 days', 1)`
        )
        for (let i = 0; i < 5; i++) {
          await runJob(suite.service)
        }
        const kept = await query(suite, `SELECT id FROM hold_cleanup_run`)
        expect(kept).toHaveLength(3)
        expect(kept.map((r) => r.id)).not.toContain("hcrun_old")
      })
    },
    { cleanup_slow_ms: 0, expiry_alert_threshold: 2, run_retention_count: 3, run_retention_days: 30 },
    { logger: capture.logger }
  )
})
