import { Container } from "@medusajs/ui"
import { Link, useParams } from "react-router-dom"
import { CapacityCalendar } from "../../../../components/capacity-calendar"
import { HoldsTable } from "../../../../components/holds-table"
import { ResourceHeader } from "../../../../components/resource-header"
import { ResourceVariantsSection } from "../../../../components/resource-variants-section"
import { ErrorState, LoadingState } from "../../../../components/section-states"
import { useResource } from "../../../../hooks/use-resources"
import { errorStatus } from "../../../../lib/error-message"

/**
 * A resource (/app/resource-booking/resources/:id): its capacity calendar and "Set capacity"
 * (by date, or by departure: as its booking_unit says), the product variants that book it, and
 * its holds.
 */
const ResourcePage = () => {
  const { id = "" } = useParams()
  const resource = useResource(id)

  if (resource.isLoading) {
    return (
      <Container className="p-0">
        <LoadingState lines={4} label="Loading resource…" />
      </Container>
    )
  }
  if (!resource.data) {
    const notFound = errorStatus(resource.error) === 404
    return (
      <Container className="flex flex-col items-start p-0">
        <ErrorState
          title={notFound ? "Resource not found" : "Could not load the resource"}
          error={resource.error}
          onRetry={notFound ? undefined : () => resource.refetch()}
        />
        <Link to="/resource-booking/resources" className="txt-small px-6 pb-4 text-ui-fg-interactive hover:text-ui-fg-interactive-hover">
          Back to resources
        </Link>
      </Container>
    )
  }

  const { resource: data } = resource.data
  return (
    <div className="flex flex-col gap-y-3">
      <ResourceHeader resource={data} />
      <CapacityCalendar resourceId={data.id} bookingUnit={data.booking_unit ?? "date"} />
      <ResourceVariantsSection resourceId={data.id} variants={data.product_variants ?? []} />
      <HoldsTable resourceId={data.id} title="Holds of this resource" />
    </div>
  )
}

export const handle = {
  breadcrumb: () => "Resource",
}

export default ResourcePage
