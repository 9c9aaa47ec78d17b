import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ArrowPath, CalendarSolid } from "@medusajs/icons"
import { Button, Container, Heading, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { CleanupRunsSection } from "../../components/cleanup-runs-section"
import { CleanupSummary } from "../../components/cleanup-summary"
import { HealthStatusBadge } from "../../components/health-status-badge"
import { RunCleanupButton } from "../../components/run-cleanup-button"
import { ErrorState, LoadingState } from "../../components/section-states"
import { StatCard } from "../../components/stat-card"
import { HEALTH_REFRESH_MS, useHealth } from "../../hooks/use-health"
import type { HealthReport } from "../../lib/api-types"
import { formatDateTime, formatRelative } from "../../lib/format"

/**
 * Overview (/app/resource-booking): the health report's status and figures, refreshed
 * every 30 s and on "Refresh"; the cleanup job's last and next run; "Run cleanup now";
 * "Recent cleanup runs".
 */
const ResourceBookingOverviewPage = () => {
  const health = useHealth()
  const report = health.data

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="divide-y p-0">
        <div className="flex flex-wrap items-center justify-between gap-3 px-6 py-4">
          <div className="flex items-center gap-x-3">
            <Heading level="h1">Resource booking</Heading>
            {report && <HealthStatusBadge status={report.status} />}
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <Button size="small" variant="transparent" asChild>
              <Link to="/resource-booking/resources">Resources</Link>
            </Button>
            <Button size="small" variant="transparent" asChild>
              <Link to="/resource-booking/holds">Holds</Link>
            </Button>
            <Button size="small" variant="secondary" onClick={() => health.refetch()} isLoading={health.isFetching}>
              <ArrowPath />
              Refresh
            </Button>
            <RunCleanupButton />
          </div>
        </div>
        <HealthDetails health={health} />
      </Container>
      <StatCards report={report} isLoading={health.isLoading} />
      {report && <CleanupSummary job={report.cleanup_job} />}
      <CleanupRunsSection />
    </div>
  )
}

function HealthDetails({ health }: { health: ReturnType<typeof useHealth> }) {
  if (health.isLoading) return <LoadingState lines={1} label="Loading health report…" />
  if (!health.data) {
    return <ErrorState title="Could not load the health report" error={health.error} onRetry={() => health.refetch()} />
  }
  const warnings = health.data.warnings ?? []
  return (
    <div className="flex flex-col gap-y-1 px-6 py-3">
      {warnings.length > 0 ? (
        <ul className="flex list-disc flex-col gap-y-1 pl-5" aria-label="Health warnings">
          {warnings.map((warning) => (
            <li key={warning}>
              <Text size="small" className="text-ui-fg-subtle">
                {warning}
              </Text>
            </li>
          ))}
        </ul>
      ) : (
        <Text size="small" className="text-ui-fg-subtle">
          No warnings.
        </Text>
      )}
      <Text size="xsmall" className="text-ui-fg-muted">
        Report of {formatDateTime(health.data.timestamp)} · refreshes every {HEALTH_REFRESH_MS / 1000} s
        {health.isError && " · last refresh failed, showing the previous report"}
      </Text>
    </div>
  )
}

/** Figures exactly as the report has them (utilization is already rounded to 2 decimals); "–" when there is no report. */
function StatCards({ report, isLoading }: { report: HealthReport | undefined; isLoading: boolean }) {
  const missing = isLoading ? undefined : "–"
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-4">
      <StatCard label="Active holds" value={report?.holds.active ?? missing} hint="Waiting for checkout" />
      <StatCard label="Overdue holds" value={report?.cleanup_job.overdue_holds ?? missing} hint="Past expiry, not yet cleaned up" />
      <StatCard label="Confirmed holds" value={report?.holds.confirmed ?? missing} hint={`Booked by an order${countedAt(report)}`} />
      <StatCard
        label="Utilization"
        value={report ? `${report.capacity.utilization_percent}%` : missing}
        hint={report ? `${report.capacity.total_reserved} of ${report.capacity.total_max} units reserved` : undefined}
      />
    </div>
  )
}

/** On a large store totals come from the latest hold audit: say when it was taken. */
function countedAt(report: HealthReport | undefined): string {
  return report?.totals?.source === "audit" ? ` · counted ${formatRelative(report.totals.counted_at)}` : ""
}

export const config = defineRouteConfig({
  label: "Resource booking",
  icon: CalendarSolid,
})

export const handle = {
  breadcrumb: () => "Resource booking",
}

export default ResourceBookingOverviewPage
