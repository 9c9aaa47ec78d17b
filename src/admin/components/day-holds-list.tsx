import { Badge, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { useHolds } from "../hooks/use-holds"
import type { Hold } from "../lib/api-types"
import { shortId } from "../lib/format"
import { formatHoldDates, isTurnaroundDate } from "../lib/hold-dates"
import { HoldStatusBadge } from "./hold-status-badge"
import { EmptyState, ErrorState, LoadingState } from "./section-states"

/** GET /holds' largest page: a date rarely has more holds than this, and the list says so if it does. */
const DAY_HOLDS_LIMIT = 100

/**
 * The holds occupying one date of a resource (GET /holds?resource_id&date; the route has no
 * start-time filter: a departure's holds are picked from these by `start_time`). `pending`
 * while the date's own answer is not in (the previous date's holds stay as placeholder data).
 */
export function useDayHolds(resourceId: string, date: string) {
  const holds = useHolds({ resource_id: resourceId, date, limit: DAY_HOLDS_LIMIT, offset: 0 })
  return { ...holds, pending: holds.isLoading || holds.isPlaceholderData }
}

/**
 * The holds occupying one date of a resource: booked on it, or in turnaround on it after their
 * last booked date.
 */
export function DayHoldsList({ resourceId, date }: { resourceId: string; date: string }) {
  const holds = useDayHolds(resourceId, date)

  if (holds.pending) return <LoadingState lines={2} label="Loading this date's holds…" />
  if (holds.isError) {
    return <ErrorState title="Could not load this date's holds" error={holds.error} onRetry={() => holds.refetch()} />
  }
  const list = holds.data?.holds ?? []
  if (list.length === 0) {
    return <EmptyState title="No holds on this date" description="Holds appear when customers book this resource for a period including it." />
  }
  return (
    <ul className="flex flex-col divide-y" aria-label={`Holds on ${date}`}>
      {list.map((hold) => (
        <DayHoldRow key={hold.id} hold={hold} date={date} />
      ))}
      {(holds.data?.count ?? 0) > list.length && (
        <Text size="xsmall" className="px-6 py-3 text-ui-fg-muted">
          Showing {list.length} of {holds.data?.count} holds: filter the holds table by this date for all.
        </Text>
      )}
    </ul>
  )
}

/**
 * One hold: its dates (and a departure's start time), units and status, and whether the date is
 * booked or turnaround for it.
 */
export function DayHoldRow({ hold, date }: { hold: Hold; date: string }) {
  const turnaround = isTurnaroundDate(hold, date)
  return (
    <li className="flex flex-col gap-y-1 px-6 py-3" data-hold-id={hold.id} data-occupation={turnaround ? "turnaround" : "booked"}>
      <div className="flex items-center justify-between gap-x-2">
        <Text size="small" weight="plus" title={hold.id}>
          Hold {shortId(hold.id)}
        </Text>
        <div className="flex items-center gap-x-1.5">
          {turnaround ? (
            <Badge size="2xsmall" color="blue">
              Turnaround
            </Badge>
          ) : (
            <Badge size="2xsmall" color="grey">
              Booked
            </Badge>
          )}
          <HoldStatusBadge hold={hold} />
        </div>
      </div>
      <Text size="small" className="text-ui-fg-subtle">
        {formatHoldDates(hold)} · {hold.quantity} unit(s)
      </Text>
      {hold.order_id && (
        <Link to={`/orders/${hold.order_id}`} className="txt-small text-ui-fg-interactive hover:text-ui-fg-interactive-hover" title={hold.order_id}>
          Order {shortId(hold.order_id)}
        </Link>
      )}
    </li>
  )
}
