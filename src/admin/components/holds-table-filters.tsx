import { type DataTableFilter, type DataTableFilteringState, Input } from "@medusajs/ui"
import { HOLD_STATUSES, type HoldStatus, type Resource } from "../lib/api-types"
import type { HoldFilters } from "../hooks/use-holds"

const YES_NO = [
  { label: "Yes", value: "true" },
  { label: "No", value: "false" },
]

/**
 * The holds table's filters (ids are the GET /holds query keys). The resource filter lists
 * the first page of resources by name; it is left out when the table is scoped to one.
 */
export function holdFilters(resources: Resource[] | undefined, scoped: boolean): DataTableFilter[] {
  const filters: DataTableFilter[] = [
    { id: "status", type: "radio", label: "Status", options: HOLD_STATUSES.map((s) => ({ label: s, value: s })) },
  ]
  if (!scoped && resources?.length) {
    filters.push({
      id: "resource_id",
      type: "radio",
      label: "Resource",
      options: resources.map((r) => ({ label: r.name, value: r.id })),
    })
  }
  filters.push(
    // A date input, not free text: it reports a value only once the date is complete and real.
    // The API lists the holds occupying the date: booked on it, or in turnaround after a booking.
    {
      id: "date",
      type: "custom",
      label: "Occupies date",
      render: ({ value, onChange }) => (
        <div className="w-[250px] p-3">
          <Input type="date" aria-label="Date" autoFocus value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.target.value || undefined)} />
        </div>
      ),
    },
    { id: "cart_id", type: "string", label: "Cart", placeholder: "cart_…" },
    { id: "overdue", type: "radio", label: "Overdue", options: YES_NO },
    { id: "confirmation_failed", type: "radio", label: "Failed confirmation", options: YES_NO }
  )
  return filters
}

const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : undefined)
const bool = (value: unknown) => (value === "true" ? true : value === "false" ? false : undefined)

/** The table state as the GET /holds query; unset filters are left out. */
export function toHoldQuery(
  filtering: DataTableFilteringState,
  page: { limit: number; offset: number },
  resourceId?: string
): HoldFilters {
  const query: HoldFilters = { ...page }
  const status = text(filtering.status)
  if (status) query.status = status as HoldStatus
  const resource = resourceId ?? text(filtering.resource_id)
  if (resource) query.resource_id = resource
  const date = text(filtering.date)
  if (date) query.date = date
  const cart = text(filtering.cart_id)
  if (cart) query.cart_id = cart
  const overdue = bool(filtering.overdue)
  if (overdue !== undefined) query.overdue = overdue
  const failed = bool(filtering.confirmation_failed)
  if (failed !== undefined) query.confirmation_failed = failed
  return query
}
