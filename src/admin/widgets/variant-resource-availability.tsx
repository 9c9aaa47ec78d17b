import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminProductVariant, DetailWidgetProps } from "@medusajs/framework/types"
import { Container, Heading, StatusBadge, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { AvailabilityStrip } from "../components/availability-strip"
import { ErrorState, LoadingState } from "../components/section-states"
import { useVariantAvailability } from "../hooks/use-variant-availability"

/** Dates shown from today: two weeks answers "can it still be sold soon?". */
const AVAILABILITY_DAYS = 14

/**
 * On a product variant's page: the resource the variant books and its next dates'
 * availability (one GET /variants/:id/availability).
 */
const VariantResourceAvailabilityWidget = ({ data: variant }: DetailWidgetProps<AdminProductVariant>) => {
  const availability = useVariantAvailability(variant.id, AVAILABILITY_DAYS)
  const resource = availability.data?.resource

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between gap-x-2 px-6 py-4">
        <Heading level="h2">Resource booking</Heading>
        {resource &&
          (resource.is_active ? <StatusBadge color="green">Active</StatusBadge> : <StatusBadge color="grey">Inactive</StatusBadge>)}
      </div>
      {availability.isLoading ? (
        <LoadingState lines={2} label="Loading availability…" />
      ) : availability.isError ? (
        <ErrorState title="Could not load this variant's availability" error={availability.error} onRetry={() => availability.refetch()} />
      ) : !resource ? (
        <div className="flex flex-col gap-y-1 px-6 py-4">
          <Text size="small" className="text-ui-fg-subtle">
            This variant books no resource: it sells without a capacity limit.
          </Text>
          <Link to="/resource-booking/resources" className="txt-small text-ui-fg-interactive hover:text-ui-fg-interactive-hover">
            Link it from a resource's page
          </Link>
        </div>
      ) : (
        <div className="flex flex-col gap-y-3 px-6 py-4">
          <Text size="small">
            Books{" "}
            <Link to={`/resource-booking/resources/${resource.id}`} className="txt-small-plus text-ui-fg-interactive hover:text-ui-fg-interactive-hover">
              {resource.name}
            </Link>
            . Next {AVAILABILITY_DAYS} days, units left of max:
          </Text>
          <AvailabilityStrip days={availability.data?.days ?? []} />
        </div>
      )}
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "product_variant.details.after",
})

export default VariantResourceAvailabilityWidget
