import { Container, Heading, StatusBadge, Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import type { HealthReport } from "../lib/api-types"
import { formatDateTime, formatDuration, formatRelative } from "../lib/format"

const JOB_COLOR = { ok: "green", warning: "orange", critical: "red", unknown: "grey" } as const

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-2 items-center gap-x-4 px-6 py-3">
      <Text size="small" weight="plus" className="text-ui-fg-subtle">
        {label}
      </Text>
      <div className="text-ui-fg-base txt-small">{children}</div>
    </div>
  )
}

/** The cleanup job as the health report sees it: last run (when, how long, how many, status) and next run. */
export function CleanupSummary({ job }: { job: HealthReport["cleanup_job"] }) {
  const last = job.last_run
  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Cleanup job</Heading>
        <StatusBadge color={JOB_COLOR[job.status] ?? "grey"}>{job.status}</StatusBadge>
      </div>
      {job.message && (
        <Text size="small" className="px-6 py-3 text-ui-fg-subtle">
          {job.message}
        </Text>
      )}
      <Row label="Last run">
        {last ? (
          <span>
            {formatDateTime(last.finished_at)} ({formatRelative(last.finished_at)}) · {formatDuration(last.duration_ms)} ·{" "}
            {last.expired_count} expired · {last.status}
          </span>
        ) : (
          <span className="text-ui-fg-muted">No run recorded yet</span>
        )}
      </Row>
      <Row label="Last success">{formatDateTime(job.last_success_at)}</Row>
      <Row label="Next run">
        {job.next_run ? (
          <span>
            {formatDateTime(job.next_run)} ({formatRelative(job.next_run)})
          </span>
        ) : (
          <span className="text-ui-fg-muted">Not scheduled</span>
        )}
      </Row>
      <Row label="Schedule">
        <code className="txt-compact-small text-ui-fg-subtle">{job.schedule}</code>
      </Row>
    </Container>
  )
}
