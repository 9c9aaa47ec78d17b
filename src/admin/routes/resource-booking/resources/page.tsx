import { defineRouteConfig } from "@medusajs/admin-sdk"
import { PencilSquare, Trash, XCircle, CheckCircle } from "@medusajs/icons"
import {
  Button,
  Container,
  createDataTableColumnHelper,
  createDataTableFilterHelper,
  DataTable,
  type DataTableFilteringState,
  type DataTablePaginationState,
  Heading,
  StatusBadge,
  Text,
  useDataTable,
} from "@medusajs/ui"
import { useMemo, useState } from "react"
import { useNavigate } from "react-router-dom"
import { ResourceFormDrawer } from "../../../components/resource-form-drawer"
import { ErrorState } from "../../../components/section-states"
import { useResourceRowActions } from "../../../hooks/use-resource-row-actions"
import { type ResourceFilters, useResources } from "../../../hooks/use-resources"
import type { Resource } from "../../../lib/api-types"
import { formatDateTime } from "../../../lib/format"

const PAGE_SIZE = 20
const column = createDataTableColumnHelper<Resource>()
const filter = createDataTableFilterHelper<Resource>()

const filters = [
  filter.accessor("is_active", {
    type: "radio",
    label: "Status",
    options: [
      { label: "Active", value: "true" },
      { label: "Inactive", value: "false" },
    ],
  }),
]

/** The table's search, filter and page state, as the GET /resources query. */
function toQuery(search: string, filtering: DataTableFilteringState, pagination: DataTablePaginationState): ResourceFilters {
  const isActive = filtering.is_active
  return {
    limit: pagination.pageSize,
    offset: pagination.pageIndex * pagination.pageSize,
    ...(search.trim() && { q: search.trim() }),
    ...((isActive === "true" || isActive === "false") && { is_active: isActive === "true" }),
  }
}

/**
 * Resources (/app/resource-booking/resources): search by name, filter by status, pages of
 * 20; "Create resource", edit, deactivate/activate, delete; a row opens the resource's page.
 */
const ResourcesPage = () => {
  const navigate = useNavigate()
  const [search, setSearch] = useState("")
  const [filtering, setFiltering] = useState<DataTableFilteringState>({})
  const [pagination, setPagination] = useState<DataTablePaginationState>({ pageIndex: 0, pageSize: PAGE_SIZE })
  const [drawer, setDrawer] = useState<{ open: boolean; resource?: Resource }>({ open: false })
  const { setActive, deleteResource } = useResourceRowActions()

  const resources = useResources(toQuery(search, filtering, pagination))

  const columns = useMemo(
    () => [
      column.accessor("name", { header: "Name" }),
      column.accessor("description", {
        header: "Description",
        cell: ({ getValue }) => getValue() || <span className="text-ui-fg-muted">–</span>,
      }),
      column.accessor("is_active", {
        header: "Status",
        cell: ({ getValue }) =>
          getValue() ? <StatusBadge color="green">Active</StatusBadge> : <StatusBadge color="grey">Inactive</StatusBadge>,
      }),
      column.accessor("created_at", { header: "Created", cell: ({ getValue }) => formatDateTime(getValue()) }),
      column.action({
        actions: ({ row }) => [
          [
            { label: "Edit", icon: <PencilSquare />, onClick: () => setDrawer({ open: true, resource: row.original }) },
            row.original.is_active
              ? { label: "Deactivate", icon: <XCircle />, onClick: () => setActive(row.original, false) }
              : { label: "Activate", icon: <CheckCircle />, onClick: () => setActive(row.original, true) },
          ],
          [{ label: "Delete", icon: <Trash />, onClick: () => deleteResource(row.original) }],
        ],
      }),
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    []
  )

  const table = useDataTable({
    columns,
    data: resources.data?.resources ?? [],
    getRowId: (resource) => resource.id,
    rowCount: resources.data?.count ?? 0,
    isLoading: resources.isLoading,
    search: { state: search, onSearchChange: setSearch },
    filters,
    filtering: { state: filtering, onFilteringChange: setFiltering },
    pagination: { state: pagination, onPaginationChange: setPagination },
    onRowClick: (_event, row) => navigate(`/resource-booking/resources/${row.id}`),
  })

  return (
    <Container className="divide-y p-0">
      <DataTable instance={table}>
        <DataTable.Toolbar className="flex flex-col items-start justify-between gap-2 md:flex-row md:items-center">
          <div>
            <Heading level="h1">Resources</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              What is sold by date: rooms, tables, seats, equipment.
            </Text>
          </div>
          <div className="flex items-center gap-x-2">
            <DataTable.FilterMenu tooltip="Filter" />
            <DataTable.Search placeholder="Search by name" />
            <Button size="small" variant="secondary" onClick={() => setDrawer({ open: true })}>
              Create resource
            </Button>
          </div>
        </DataTable.Toolbar>
        {resources.isError ? (
          <ErrorState title="Could not load resources" error={resources.error} onRetry={() => resources.refetch()} />
        ) : (
          <DataTable.Table
            emptyState={{
              empty: { heading: "No resources yet", description: "Create a resource, then give it capacity by date." },
              filtered: { heading: "No matching resources", description: "Change the search or the status filter." },
            }}
          />
        )}
        {!resources.isError && <DataTable.Pagination />}
      </DataTable>
      <ResourceFormDrawer
        open={drawer.open}
        resource={drawer.resource}
        onOpenChange={(open) => setDrawer((d) => ({ ...d, open }))}
      />
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "Resources",
  rank: 1,
})

export const handle = {
  breadcrumb: () => "Resources",
}

export default ResourcesPage
