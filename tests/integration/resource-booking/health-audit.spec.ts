import { backdate, bookingModuleSuite, query, resourceWithCapacity, runJob, Suite } from "./harness"
import { corruptAvailable } from "./state"

/**
 * The health report on a large hold table: ACTIVE and overdue holds and confirmation
 * failures stay exact on every request; totals by status and capacity drift, which need
 * every hold, come from the latest audit once the table is past healthLiveCountLimit,
 * with the audit's time and age in `totals`. The cleanup job audits at most every
 * auditIntervalSeconds.
 */

const DATE = "2031-04-01"

/** Two EXPIRED, one RELEASED, one CONFIRMED and two ACTIVE holds on one date of 10 units. */
async function arrange(suite: Suite) {
  const service = suite.service
  const resourceId = await resourceWithCapacity(service, [DATE], 10)
  const take = () => service.createHold({ resource_id: resourceId, date: DATE, quantity: 1 })
  for (const hold of [await take(), await take()]) {
    await backdate(suite, hold.id, 60)
  }
  await service.cleanupExpiredHolds()
  await service.releaseHold((await take()).id)
  await service.confirmHold((await take()).id)
  await take()
  await take()
  return { resourceId, take }
}

const auditCount = async (suite: Suite) => Number((await query(suite, `SELECT count(*) AS n FROM hold_audit`))[0].n)

describe("health totals from the audit, past healthLiveCountLimit", () => {
  bookingModuleSuite(
    (suite) => {
      it("without an audit yet, counts live; with one, takes totals and drift from it and shows its age", async () => {
        const { resourceId, take } = await arrange(suite)
        const before = await suite.service.getHealth()
        expect(before.holds).toEqual({ active: 2, expired: 2, confirmed: 1, released: 1, total: 6, confirmation_failed: 0 })
        expect(before.totals).toMatchObject({ source: "live", age_seconds: 0 })

        const audit = await suite.service.auditHolds()
        expect(audit).toMatchObject({ holds: { active: 2, expired: 2, confirmed: 1, released: 1 }, drift_records: 0 })

        // After the audit: new ACTIVE holds and drift made by hand. ACTIVE is live; the
        // totals and the drift are the audit's until the next one.
        await take()
        await corruptAvailable(suite, resourceId, DATE, 1)
        await query(suite, `UPDATE hold_audit SET audited_at = audited_at - interval '90 seconds'`)
        const after = await suite.service.getHealth()
        expect(after.holds).toEqual({ active: 3, expired: 2, confirmed: 1, released: 1, total: 7, confirmation_failed: 0 })
        expect(after.capacity.drift_records).toBe(0)
        expect(after.totals.source).toBe("audit")
        expect(after.totals.counted_at).toBe(new Date(audit.audited_at.getTime() - 90_000).toISOString())
        expect(after.totals.age_seconds).toBeGreaterThanOrEqual(90)

        await suite.service.auditHolds()
        const refreshed = await suite.service.getHealth()
        expect(refreshed.status).toBe("unhealthy")
        expect(refreshed.capacity.drift_records).toBe(1)
        expect(refreshed.holds).toMatchObject({ active: 3, total: 7 })
      })

      it("overdue holds and confirmation failures stay exact between audits", async () => {
        await arrange(suite)
        await suite.service.auditHolds()
        const [hold] = await query(suite, `SELECT id FROM resource_hold WHERE status = 'ACTIVE' LIMIT 1`)
        await backdate(suite, hold.id, 60)
        await query(suite, `UPDATE resource_hold SET confirmation_error = 'sold out' WHERE status = 'EXPIRED'`)
        const report = await suite.service.getHealth()
        expect(report.cleanup_job.overdue_holds).toBe(1)
        expect(report.holds.confirmation_failed).toBe(2)
        expect(report.totals.source).toBe("audit")
      })

      it("the job audits when the latest audit is older than auditIntervalSeconds, and keeps the newest 100", async () => {
        await arrange(suite)
        await runJob(suite.service)
        expect(await auditCount(suite)).toBe(1)
        await runJob(suite.service)
        expect(await auditCount(suite)).toBe(1)

        await query(suite, `UPDATE hold_audit SET audited_at = audited_at - interval '1 hour'`)
        await runJob(suite.service)
        expect(await auditCount(suite)).toBe(2)
        const [latest] = await query(
          suite,
          `SELECT holds_expired, holds_confirmed, holds_released, holds_active, drift_records
             FROM hold_audit ORDER BY audited_at DESC LIMIT 1`
        )
        expect(latest).toEqual({ holds_expired: 2, holds_confirmed: 1, holds_released: 1, holds_active: 2, drift_records: 0 })

        await query(
          suite,
          `INSERT INTO hold_audit (id, audited_at, duration_ms, holds_active, holds_expired, holds_confirmed,
                                   holds_released, drift_records)
           SELECT 'haudit_old' || i, now() - interval '2 hours' - make_interval(mins => i), 1, 0, 0, 0, 0, 0
             FROM generate_series(1, 120) i`
        )
        await suite.service.auditHolds()
        expect(await auditCount(suite)).toBe(100)
      })

      it("health reads every figure through an index, whatever the statistics say", async () => {
        await arrange(suite)
        await query(suite, `SET enable_seqscan = off`)
        const plans: string[] = []
        for (const statement of [
          `SELECT count(*) FROM resource_hold WHERE status = 'ACTIVE' AND deleted_at IS NULL`,
          `SELECT count(*) FROM resource_hold
            WHERE confirmation_error IS NOT NULL AND status <> 'CONFIRMED' AND deleted_at IS NULL`,
        ]) {
          const rows = await query(suite, `EXPLAIN ${statement}`)
          plans.push(rows.map((row) => row["QUERY PLAN"]).join("\n"))
        }
        await query(suite, `RESET enable_seqscan`)
        expect(plans[0]).toContain("IDX_resource_hold_active_expires_at_span")
        expect(plans[1]).toContain("IDX_resource_hold_confirmation_failed")
      })
    },
    { healthLiveCountLimit: 3, auditIntervalSeconds: 600 }
  )
})

describe("health totals below healthLiveCountLimit", () => {
  bookingModuleSuite((suite) => {
    it("are counted live on every request, even when an audit exists", async () => {
      const { take } = await arrange(suite)
      await suite.service.auditHolds()
      await take()
      const report = await suite.service.getHealth()
      expect(report.holds).toMatchObject({ active: 3, expired: 2, total: 7 })
      expect(report.totals).toMatchObject({ source: "live", age_seconds: 0 })
    })
  })
})
