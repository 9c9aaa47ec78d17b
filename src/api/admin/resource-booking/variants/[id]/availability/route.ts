import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { addDays } from "../../../../../../modules/resource_booking/utils/calendar-date"
import { bookingService } from "../../../../../utils/booking-service"
import { idParam } from "../../../../../utils/route-params"
import { AdminVariantAvailabilityType } from "../../../validators"

const DEFAULT_DAYS = 14

/**
 * GET /admin/resource-booking/variants/:id/availability?days — for a product variant's page:
 * the resource the variant books (null when none) and its calendar from today (UTC) for
 * `days` days (default 14).
 */
export async function GET(req: MedusaRequest, res: MedusaResponse): Promise<void> {
  const variantId = idParam(req)
  const { days = DEFAULT_DAYS } = req.validatedQuery as AdminVariantAvailabilityType
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "product_variant",
    fields: ["id", "resource.id", "resource.name", "resource.is_active"],
    filters: { id: variantId },
  })
  if (!data.length) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Product variant with id: ${variantId} was not found`)
  }
  const resource = (data[0] as { resource?: { id: string; name: string; is_active: boolean } | null }).resource ?? null
  if (!resource) {
    res.json({ variant_id: variantId, resource: null, days: [] })
    return
  }
  const from = new Date().toISOString().slice(0, 10)
  const calendar = await bookingService(req).getCapacityCalendar({
    resource_id: resource.id,
    from,
    to: addDays(from, days - 1),
  })
  res.json({
    variant_id: variantId,
    resource: { id: resource.id, name: resource.name, is_active: resource.is_active },
    days: calendar,
  })
}
