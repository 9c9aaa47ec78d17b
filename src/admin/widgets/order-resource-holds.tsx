import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Container, Heading, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { HoldStatusBadge } from "../components/hold-status-badge"
import { ErrorState, LoadingState } from "../components/section-states"
import { useHolds } from "../hooks/use-holds"
import { useResources } from "../hooks/use-resources"
import { shortId } from "../lib/format"
import { formatHoldDates, formatTurnaround } from "../lib/hold-dates"

/** An order rarely books more; past this the widget says how many it leaves out. */
const ORDER_HOLDS_LIMIT = 50

/**
 * On an order's page: the resource holds of the order (GET /holds?order_id=), with their dates
 * (a departure's with its start time), status and, when confirming one failed, its
 * `confirmation_error`.
 */
const OrderResourceHoldsWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const holds = useHolds({ order_id: order.id, limit: ORDER_HOLDS_LIMIT, offset: 0 })
  const resources = useResources({ limit: 100, offset: 0 }, { enabled: (holds.data?.count ?? 0) > 0 })
  const names = new Map((resources.data?.resources ?? []).map((r) => [r.id, r.name]))
  const list = holds.data?.holds ?? []

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Resource bookings</Heading>
        <Link to={`/resource-booking/holds`} className="txt-small text-ui-fg-interactive hover:text-ui-fg-interactive-hover">
          All holds
        </Link>
      </div>
      {holds.isLoading ? (
        <LoadingState lines={2} label="Loading resource holds…" />
      ) : holds.isError ? (
        <ErrorState title="Could not load this order's resource holds" error={holds.error} onRetry={() => holds.refetch()} />
      ) : list.length === 0 ? (
        <Text size="small" className="px-6 py-4 text-ui-fg-subtle">
          This order holds no resource.
        </Text>
      ) : (
        <>
          {list.map((hold) => (
            <div key={hold.id} className="flex flex-col gap-y-1 px-6 py-3">
              <div className="flex items-center justify-between gap-x-2">
                <Link
                  to={`/resource-booking/resources/${hold.resource_id}`}
                  className="txt-small-plus text-ui-fg-interactive hover:text-ui-fg-interactive-hover"
                >
                  {names.get(hold.resource_id) ?? shortId(hold.resource_id)}
                </Link>
                <HoldStatusBadge hold={hold} />
              </div>
              <Text size="small" className="text-ui-fg-subtle">
                {formatHoldDates(hold)} · {hold.quantity} unit(s) · hold {shortId(hold.id)}
              </Text>
              {formatTurnaround(hold) && (
                <Text size="xsmall" className="text-ui-fg-muted">
                  {formatTurnaround(hold)}
                </Text>
              )}
              {hold.confirmation_error && (
                <Text size="small" className="text-ui-fg-error" role="alert">
                  Confirmation failed: {hold.confirmation_error}
                </Text>
              )}
            </div>
          ))}
          {(holds.data?.count ?? 0) > list.length && (
            <Text size="xsmall" className="px-6 py-3 text-ui-fg-muted">
              Showing {list.length} of {holds.data?.count} holds.
            </Text>
          )}
        </>
      )}
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.after",
})

export default OrderResourceHoldsWidget
