import { HealthFacts, HealthReport, HealthStatus, HealthThresholds } from "../types/health"
import { nextFireTime, scheduleIntervalMs } from "./cron-schedule"

const OPERATIONAL = { hold_service: "operational", capacity_service: "operational", resource_service: "operational" }
const UNAVAILABLE = { hold_service: "unavailable", capacity_service: "unavailable", resource_service: "unavailable" }

/**
 * The health rules, from facts to report (pure: no clock, no database):
 * - overdue holds (past expires_at by more than the grace period) → degraded, and above
 *   `overdueCritical` a second warning that the job may be failing;
 * - the last run failed, or no successful run within `staleRunIntervals` intervals while
 *   holds are overdue → degraded, saying since when;
 * - holds whose confirmation for an order failed → degraded (an order lacks its units);
 * - any capacity drift → unhealthy.
 */
export function evaluateHealth(facts: HealthFacts, thresholds: HealthThresholds): HealthReport {
  const warnings: string[] = []
  let status: HealthStatus = "healthy"
  const degrade = (warning: string) => {
    warnings.push(warning)
    status = status === "unhealthy" ? status : "degraded"
  }
  const overdue = facts.overdueHolds
  if (overdue > 0) {
    degrade(`${overdue} holds are past expiration and should be cleaned up`)
  }
  if (overdue > thresholds.overdueCritical) {
    degrade("Large number of overdue holds detected - cleanup job may be failing")
  }
  if (facts.lastRun?.status === "failed") {
    const since = (facts.failingSince ?? facts.lastRun.started_at).toISOString()
    degrade(`Cleanup job failing since ${since}: ${facts.lastRun.error ?? "unknown error"}`)
  }
  const staleAfterMs = thresholds.staleRunIntervals * scheduleIntervalMs(thresholds.schedule, facts.now)
  const stale = !facts.lastSuccessAt || facts.now.getTime() - facts.lastSuccessAt.getTime() > staleAfterMs
  if (overdue > 0 && stale) {
    degrade(
      facts.lastSuccessAt
        ? `No successful cleanup run since ${facts.lastSuccessAt.toISOString()}`
        : "No successful cleanup run recorded"
    )
  }
  if (facts.confirmationFailures > 0) {
    degrade(
      `${facts.confirmationFailures} holds could not be confirmed for their orders; ` +
        "see GET /admin/resource-booking/holds?confirmation_failed=true"
    )
  }
  if (facts.driftRecords > 0) {
    warnings.push(
      `${facts.driftRecords} capacity records do not match their holds (available ≠ max − held); run auditCapacity`
    )
    status = "unhealthy"
  }
  return {
    status,
    timestamp: facts.now.toISOString(),
    holds: { ...facts.holds, total: sum(Object.values(facts.holds)), confirmation_failed: facts.confirmationFailures },
    cleanup_job: {
      overdue_holds: overdue,
      status: overdue === 0 ? "ok" : overdue > thresholds.overdueCritical ? "critical" : "warning",
      message: overdue === 0 ? "No overdue holds" : `${overdue} holds are past expiration`,
      schedule: thresholds.schedule,
      next_run: nextFireTime(thresholds.schedule, facts.now).toISOString(),
      last_run: facts.lastRun
        ? {
            finished_at: facts.lastRun.finished_at.toISOString(),
            status: facts.lastRun.status,
            duration_ms: facts.lastRun.duration_ms,
            expired_count: facts.lastRun.expired_count,
          }
        : null,
      last_success_at: facts.lastSuccessAt?.toISOString() ?? null,
    },
    resources: facts.resources,
    capacity: {
      total_max: facts.capacity.total_max,
      total_available: facts.capacity.total_available,
      total_reserved: facts.capacity.total_max - facts.capacity.total_available,
      utilization_percent: percent(facts.capacity.total_max - facts.capacity.total_available, facts.capacity.total_max),
      drift_records: facts.driftRecords,
    },
    services: OPERATIONAL,
    totals: {
      source: facts.totals.source,
      counted_at: facts.totals.at.toISOString(),
      age_seconds: Math.max(0, Math.round((facts.now.getTime() - facts.totals.at.getTime()) / 1000)),
    },
    ...(status === "healthy" ? {} : { warnings }),
  }
}

/** The report when the database cannot be asked: unhealthy, nothing known. */
export function unreachableHealth(now: Date, thresholds: HealthThresholds, reason: string): HealthReport {
  return {
    status: "unhealthy",
    timestamp: now.toISOString(),
    holds: { active: 0, expired: 0, confirmed: 0, released: 0, total: 0, confirmation_failed: 0 },
    cleanup_job: {
      overdue_holds: 0,
      status: "unknown",
      message: "Database unreachable",
      schedule: thresholds.schedule,
      next_run: nextFireTime(thresholds.schedule, now).toISOString(),
      last_run: null,
      last_success_at: null,
    },
    resources: { active_count: 0, total_capacity_records: 0 },
    capacity: { total_max: 0, total_available: 0, total_reserved: 0, utilization_percent: 0, drift_records: 0 },
    services: UNAVAILABLE,
    totals: { source: "unknown", counted_at: null, age_seconds: null },
    warnings: [`Database unreachable: ${reason}`],
  }
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0)
}

function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 10000) / 100 : 0
}
