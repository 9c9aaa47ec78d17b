import { ArrowUturnLeft, CheckCircle, Clock } from "@medusajs/icons"
import {
  Container,
  createDataTableColumnHelper,
  DataTable,
  type DataTableFilteringState,
  type DataTablePaginationState,
  Heading,
  Label,
  Select,
  Text,
  useDataTable,
} from "@medusajs/ui"
import { useMemo, useState } from "react"
import { Link } from "react-router-dom"
import { useHoldRowActions } from "../hooks/use-hold-row-actions"
import { useHolds } from "../hooks/use-holds"
import { useResources } from "../hooks/use-resources"
import type { Hold } from "../lib/api-types"
import { formatDateTime, formatRelative, shortId } from "../lib/format"
import { formatHoldDates, formatTurnaround } from "../lib/hold-dates"
import { holdFilters, toHoldQuery } from "./holds-table-filters"
import { HoldStatusBadge } from "./hold-status-badge"
import { ErrorState } from "./section-states"

const PAGE_SIZE = 20
/** Choices for "Extend": the API takes 1..10080 minutes. */
const EXTEND_CHOICES = [15, 30, 60, 240, 1440]
const DEFAULT_EXTEND_MINUTES = 30
/** The resource filter's and the name column's lookup: GET /resources' largest page. */
const RESOURCE_LOOKUP_LIMIT = 100

const column = createDataTableColumnHelper<Hold>()
const muted = <span className="text-ui-fg-muted">–</span>

type Props = {
  /** Scope the table to one resource (the resource page); omit for all holds. */
  resourceId?: string
  title?: string
}

/**
 * Holds with filters (status, resource, date, cart, overdue, failed confirmation), pages of
 * 20, and row actions "Release", "Extend", "Confirm" behind prompts. One request per page,
 * plus one for resource names when not scoped.
 */
export function HoldsTable({ resourceId, title = "Holds" }: Props) {
  const [filtering, setFiltering] = useState<DataTableFilteringState>({})
  const [pagination, setPagination] = useState<DataTablePaginationState>({ pageIndex: 0, pageSize: PAGE_SIZE })
  const [extendMinutes, setExtendMinutes] = useState(DEFAULT_EXTEND_MINUTES)
  const runAction = useHoldRowActions()

  const resources = useResources({ limit: RESOURCE_LOOKUP_LIMIT, offset: 0 }, { enabled: !resourceId })
  const page = { limit: pagination.pageSize, offset: pagination.pageIndex * pagination.pageSize }
  const holds = useHolds(toHoldQuery(filtering, page, resourceId))

  const resourceNames = useMemo(
    () => new Map((resources.data?.resources ?? []).map((r) => [r.id, r.name])),
    [resources.data]
  )
  const filters = useMemo(() => holdFilters(resources.data?.resources, !!resourceId), [resources.data, resourceId])

  const columns = useMemo(
    () => [
      column.accessor("id", { header: "Hold", cell: ({ getValue }) => <span title={getValue()}>{shortId(getValue())}</span> }),
      ...(resourceId
        ? []
        : [
            column.accessor("resource_id", {
              header: "Resource",
              cell: ({ getValue }) => (
                <Link to={`/resource-booking/resources/${getValue()}`} className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover" onClick={(e) => e.stopPropagation()}>
                  {resourceNames.get(getValue()) ?? shortId(getValue())}
                </Link>
              ),
            }),
          ]),
      column.accessor("date", { header: "Dates", cell: ({ row }) => <HoldDatesCell hold={row.original} /> }),
      column.accessor("quantity", { header: "Qty", align: "right" }),
      column.accessor("status", {
        header: "Status",
        cell: ({ row }) => <HoldStatusBadge hold={row.original} />,
      }),
      column.accessor("expires_at", {
        header: "Expires",
        cell: ({ row }) =>
          row.original.status === "ACTIVE" ? (
            <span title={formatDateTime(row.original.expires_at)}>{formatRelative(row.original.expires_at)}</span>
          ) : (
            muted
          ),
      }),
      column.accessor("cart_id", { header: "Cart", cell: ({ getValue }) => (getValue() ? <span title={getValue()!}>{shortId(getValue())}</span> : muted) }),
      column.accessor("order_id", {
        header: "Order",
        cell: ({ getValue }) =>
          getValue() ? (
            <Link to={`/orders/${getValue()}`} className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover" title={getValue()!}>
              {shortId(getValue())}
            </Link>
          ) : (
            muted
          ),
      }),
      column.accessor("confirmation_error", {
        header: "Confirmation error",
        cell: ({ getValue }) => (getValue() ? <span className="text-ui-fg-error">{getValue()}</span> : muted),
      }),
      column.action({
        actions: ({ row }) => [
          [
            { label: "Confirm", icon: <CheckCircle />, onClick: () => runAction(row.original, { kind: "confirm", holdId: row.original.id }) },
            {
              label: "Extend",
              icon: <Clock />,
              onClick: () => runAction(row.original, { kind: "extend", holdId: row.original.id, minutes: extendMinutes }),
            },
          ],
          [{ label: "Release", icon: <ArrowUturnLeft />, onClick: () => runAction(row.original, { kind: "release", holdId: row.original.id }) }],
        ],
      }),
    ],
    // runAction is recreated per render but only closes over stable hooks.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [resourceId, resourceNames, extendMinutes]
  )

  const table = useDataTable({
    columns,
    data: holds.data?.holds ?? [],
    getRowId: (hold) => hold.id,
    rowCount: holds.data?.count ?? 0,
    isLoading: holds.isLoading,
    filters,
    filtering: { state: filtering, onFilteringChange: setFiltering },
    pagination: { state: pagination, onPaginationChange: setPagination },
  })

  return (
    <Container className="divide-y p-0">
      <DataTable instance={table}>
        <DataTable.Toolbar className="flex flex-col items-start justify-between gap-2 md:flex-row md:items-center">
          <div>
            <Heading level={resourceId ? "h2" : "h1"}>{title}</Heading>
            {holds.data && (
              <Text size="small" className="text-ui-fg-subtle">
                {holds.data.count} hold(s)
              </Text>
            )}
          </div>
          <div className="flex items-center gap-x-2">
            <DataTable.FilterMenu tooltip="Filter" />
            <ExtendBySelect value={extendMinutes} onChange={setExtendMinutes} />
          </div>
        </DataTable.Toolbar>
        {holds.isError ? (
          <ErrorState title="Could not load holds" error={holds.error} onRetry={() => holds.refetch()} />
        ) : (
          <DataTable.Table
            emptyState={{
              empty: {
                heading: "No holds yet",
                description: resourceId ? "Holds appear when customers add this resource's variants to a cart." : "Holds appear when customers add a bookable variant to a cart.",
              },
              filtered: { heading: "No matching holds", description: "Change or clear the filters." },
            }}
          />
        )}
        {!holds.isError && <DataTable.Pagination />}
      </DataTable>
    </Container>
  )
}

/** The booked dates (a departure's with its start time: "2031-07-07 15:30"), and under them the turnaround dates the hold occupies too. */
function HoldDatesCell({ hold }: { hold: Hold }) {
  const turnaround = formatTurnaround(hold)
  return (
    <div className="flex flex-col">
      <span className="whitespace-nowrap">{formatHoldDates(hold)}</span>
      {turnaround && <span className="txt-compact-xsmall whitespace-nowrap text-ui-fg-muted">{turnaround}</span>}
    </div>
  )
}

/** How long "Extend" adds (the prompt names it before anything changes). */
function ExtendBySelect({ value, onChange }: { value: number; onChange: (minutes: number) => void }) {
  return (
    <div className="flex items-center gap-x-2">
      <Label htmlFor="extend-by" size="small" className="whitespace-nowrap text-ui-fg-subtle">
        Extend by
      </Label>
      <Select value={String(value)} onValueChange={(v) => onChange(Number(v))} size="small">
        <Select.Trigger id="extend-by" className="w-[110px]">
          <Select.Value />
        </Select.Trigger>
        <Select.Content>
          {EXTEND_CHOICES.map((minutes) => (
            <Select.Item key={minutes} value={String(minutes)}>
              {minutes < 60 ? `${minutes} min` : `${minutes / 60} h`}
            </Select.Item>
          ))}
        </Select.Content>
      </Select>
    </div>
  )
}
