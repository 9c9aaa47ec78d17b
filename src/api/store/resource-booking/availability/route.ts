import { MedusaStoreRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { assertRange } from "../../../../modules/resource_booking/utils/validate-input"
import { bookingService } from "../../../utils/booking-service"
import { StoreAvailabilityQueryType } from "../validators"

/**
 * GET /store/resource-booking/availability?resource_id&from&to — per date, the units a
 * checkout can take now (holds past their expiry count as free even before the cleanup job
 * has run) and whether it is `bookable`: a capacity row, and a booking may start on it now
 * (not before today, not past the cut-off, not beyond the horizon). `rules`: the
 * resource's rules and what they allow now, for a date picker. A departure resource's dates
 * carry `departures: [{ start_time, bookable, available }]`, each bookable until its own
 * cut-off before it leaves. Inactive or unknown resources are 404.
 */
export async function GET(req: MedusaStoreRequest, res: MedusaResponse): Promise<void> {
  const { resource_id, from, to } = req.validatedQuery as StoreAvailabilityQueryType
  assertRange(from, to)
  const service = bookingService(req)
  const [resource] = await service.listResources({ id: resource_id, is_active: true }, { select: ["id"] })
  if (!resource) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Resource with id: ${resource_id} was not found`)
  }
  const [days, rules] = await Promise.all([
    service.getAvailability({ resource_id, from, to }),
    service.getBookingRules(resource_id),
  ])
  res.json({
    availability: days.map((day) => ({
      date: day.date,
      bookable: day.bookable,
      available: day.bookable ? day.effective_available : 0,
      // A departure resource: each departure of the date, ascending by start time.
      ...(day.departures
        ? { departures: day.departures.map(({ start_time, bookable, available }) => ({ start_time, bookable, available })) }
        : {}),
    })),
    rules,
  })
}
