import { HealthFacts } from "../../src/modules/resource_booking/types"
import { evaluateHealth, unreachableHealth } from "../../src/modules/resource_booking/utils/health-rules"

const NOW = new Date("2026-06-01T12:02:00.000Z")
const THRESHOLDS = { schedule: "*/5 * * * *", graceSeconds: 300, overdueCritical: 50, staleRunIntervals: 2 }

function facts(overrides: Partial<HealthFacts> = {}): HealthFacts {
  return {
    now: NOW,
    holds: { active: 3, expired: 4, confirmed: 2, released: 1 },
    overdueHolds: 0,
    lastRun: {
      id: "hcrun_1",
      status: "succeeded",
      started_at: new Date("2026-06-01T12:00:00.000Z"),
      finished_at: new Date("2026-06-01T12:00:00.250Z"),
      duration_ms: 250,
      expired_count: 4,
      error: null,
    },
    lastSuccessAt: new Date("2026-06-01T12:00:00.250Z"),
    failingSince: null,
    resources: { active_count: 2, total_capacity_records: 20 },
    capacity: { total_max: 200, total_available: 150 },
    driftRecords: 0,
    confirmationFailures: 0,
    totals: { source: "live", at: NOW },
    ...overrides,
  }
}

describe("evaluateHealth", () => {
  it("reports a healthy store, field for field, without warnings", () => {
    expect(evaluateHealth(facts(), THRESHOLDS)).toEqual({
      status: "healthy",
      timestamp: "2026-06-01T12:02:00.000Z",
      holds: { active: 3, expired: 4, confirmed: 2, released: 1, total: 10, confirmation_failed: 0 },
      cleanup_job: {
        overdue_holds: 0,
        status: "ok",
        message: "No overdue holds",
        schedule: "*/5 * * * *",
        next_run: "2026-06-01T12:05:00.000Z",
        last_run: { finished_at: "2026-06-01T12:00:00.250Z", status: "succeeded", duration_ms: 250, expired_count: 4 },
        last_success_at: "2026-06-01T12:00:00.250Z",
      },
      resources: { active_count: 2, total_capacity_records: 20 },
      capacity: { total_max: 200, total_available: 150, total_reserved: 50, utilization_percent: 25, drift_records: 0 },
      services: { hold_service: "operational", capacity_service: "operational", resource_service: "operational" },
      totals: { source: "live", counted_at: "2026-06-01T12:02:00.000Z", age_seconds: 0 },
    })
  })

  it("shows where the totals come from and how old they are", () => {
    const report = evaluateHealth(
      facts({ totals: { source: "audit", at: new Date("2026-06-01T11:59:30.000Z") } }),
      THRESHOLDS
    )
    expect(report.totals).toEqual({ source: "audit", counted_at: "2026-06-01T11:59:30.000Z", age_seconds: 150 })
  })

  it("is degraded with overdue holds, and warns the job may be failing above the critical count", () => {
    const some = evaluateHealth(facts({ overdueHolds: 7 }), THRESHOLDS)
    expect(some.status).toBe("degraded")
    expect(some.cleanup_job).toMatchObject({ overdue_holds: 7, status: "warning" })
    expect(some.warnings).toEqual(["7 holds are past expiration and should be cleaned up"])

    const many = evaluateHealth(facts({ overdueHolds: 51 }), THRESHOLDS)
    expect(many.cleanup_job.status).toBe("critical")
    expect(many.warnings).toEqual([
      "51 holds are past expiration and should be cleaned up",
      "Large number of overdue holds detected - cleanup job may be failing",
    ])
  })

  it("is degraded when the last run failed, saying since when", () => {
    const report = evaluateHealth(
      facts({
        lastRun: { ...facts().lastRun!, status: "failed", error: "connection refused" },
        failingSince: new Date("2026-06-01T11:50:00.000Z"),
      }),
      THRESHOLDS
    )
    expect(report.status).toBe("degraded")
    expect(report.warnings).toEqual(["Cleanup job failing since 2026-06-01T11:50:00.000Z: connection refused"])
  })

  it("is degraded when holds are overdue and no run succeeded within two intervals", () => {
    const stale = evaluateHealth(
      facts({ overdueHolds: 2, lastSuccessAt: new Date("2026-06-01T11:51:00.000Z") }),
      THRESHOLDS
    )
    expect(stale.warnings).toEqual([
      "2 holds are past expiration and should be cleaned up",
      "No successful cleanup run since 2026-06-01T11:51:00.000Z",
    ])
    const never = evaluateHealth(facts({ overdueHolds: 2, lastRun: null, lastSuccessAt: null }), THRESHOLDS)
    expect(never.warnings).toContain("No successful cleanup run recorded")
    // A recent success with no overdue holds is not stale.
    expect(evaluateHealth(facts({ lastSuccessAt: new Date("2026-06-01T11:00:00.000Z") }), THRESHOLDS).status).toBe(
      "healthy"
    )
  })

  it("is unhealthy with capacity drift, whatever else holds", () => {
    const report = evaluateHealth(facts({ driftRecords: 2, overdueHolds: 1 }), THRESHOLDS)
    expect(report.status).toBe("unhealthy")
    expect(report.capacity.drift_records).toBe(2)
    expect(report.warnings).toContain(
      "2 capacity records do not match their holds (available ≠ max − held); run auditCapacity"
    )
  })

  it("is degraded while some hold could not be confirmed for its order", () => {
    const report = evaluateHealth(facts({ confirmationFailures: 2 }), THRESHOLDS)
    expect(report.status).toBe("degraded")
    expect(report.holds.confirmation_failed).toBe(2)
    expect(report.warnings).toEqual([
      "2 holds could not be confirmed for their orders; see GET /admin/resource-booking/holds?confirmation_failed=true",
    ])
  })

  it("reports 0% utilisation when there is no capacity", () => {
    expect(evaluateHealth(facts({ capacity: { total_max: 0, total_available: 0 } }), THRESHOLDS).capacity).toEqual({
      total_max: 0,
      total_available: 0,
      total_reserved: 0,
      utilization_percent: 0,
      drift_records: 0,
    })
  })
})

describe("unreachableHealth", () => {
  it("is unhealthy with every service unavailable and the reason", () => {
    const report = unreachableHealth(NOW, THRESHOLDS, "connect ECONNREFUSED 127.0.0.1:5432")
    expect(report.status).toBe("unhealthy")
    expect(report.services).toEqual({
      hold_service: "unavailable",
      capacity_service: "unavailable",
      resource_service: "unavailable",
    })
    expect(report.warnings).toEqual(["Database unreachable: connect ECONNREFUSED 127.0.0.1:5432"])
    expect(report.totals).toEqual({ source: "unknown", counted_at: null, age_seconds: null })
  })
})
