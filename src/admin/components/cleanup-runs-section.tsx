import {
  Container,
  createDataTableColumnHelper,
  DataTable,
  type DataTablePaginationState,
  Heading,
  StatusBadge,
  Text,
  useDataTable,
} from "@medusajs/ui"
import { useState } from "react"
import { useCleanupRuns } from "../hooks/use-cleanup"
import type { CleanupRun } from "../lib/api-types"
import { formatDateTime, formatDuration } from "../lib/format"
import { CleanupRunsChart } from "./cleanup-runs-chart"
import { ErrorState } from "./section-states"

/** Runs per page: also the chart's number of bar slots. */
const PAGE_SIZE = 10

const STATUS_COLOR = { running: "blue", succeeded: "green", failed: "red", skipped: "grey", interrupted: "orange" } as const
const column = createDataTableColumnHelper<CleanupRun>()

const columns = [
  column.accessor("started_at", { header: "Started", cell: ({ getValue }) => formatDateTime(getValue()) }),
  column.accessor("trigger", { header: "Trigger" }),
  column.accessor("status", {
    header: "Status",
    cell: ({ getValue }) => <StatusBadge color={STATUS_COLOR[getValue()] ?? "grey"}>{getValue()}</StatusBadge>,
  }),
  column.accessor("duration_ms", { header: "Duration", cell: ({ getValue }) => formatDuration(getValue()) }),
  column.accessor("expired_count", { header: "Expired", align: "right" }),
  column.accessor("capacity_restored", { header: "Units restored", align: "right" }),
  column.accessor("failed_count", { header: "Failed", align: "right" }),
  column.accessor("holds_deleted", { header: "Old holds deleted", align: "right" }),
  column.accessor("runner", {
    header: "Process",
    cell: ({ getValue }) => getValue() ?? <span className="text-ui-fg-muted">–</span>,
  }),
  column.accessor("error", {
    header: "Error",
    cell: ({ getValue }) => getValue() ?? <span className="text-ui-fg-muted">–</span>,
  }),
]

/** "Recent cleanup runs": GET /cleanup-runs, paginated, with the expired-per-run chart of the page. */
export function CleanupRunsSection() {
  const [pagination, setPagination] = useState<DataTablePaginationState>({ pageIndex: 0, pageSize: PAGE_SIZE })
  const runsQuery = useCleanupRuns({ limit: pagination.pageSize, offset: pagination.pageIndex * pagination.pageSize })
  const runs = runsQuery.data?.runs ?? []

  const table = useDataTable({
    columns,
    data: runs,
    getRowId: (run) => run.id,
    rowCount: runsQuery.data?.count ?? 0,
    isLoading: runsQuery.isLoading,
    pagination: { state: pagination, onPaginationChange: setPagination },
  })

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Recent cleanup runs</Heading>
        {runsQuery.data && (
          <Text size="small" className="text-ui-fg-subtle">
            {runsQuery.data.count} run(s)
          </Text>
        )}
      </div>
      {runsQuery.isError ? (
        <ErrorState title="Could not load cleanup runs" error={runsQuery.error} onRetry={() => runsQuery.refetch()} />
      ) : (
        <>
          <CleanupRunsChart runs={runs} slots={PAGE_SIZE} />
          <DataTable instance={table}>
            <DataTable.Table
              emptyState={{
                empty: { heading: "No cleanup runs yet", description: "Runs appear here once the scheduled job or \"Run cleanup now\" has run." },
              }}
            />
            <DataTable.Pagination />
          </DataTable>
        </>
      )}
    </Container>
  )
}
