import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { bookingService } from "../../../../utils/booking-service"
import { idParam } from "../../../../utils/route-params"
import { AdminUpdateResourceType } from "../../validators"
import { retrieveResourceWithVariants } from "../resource-with-variants"

/** GET /admin/resource-booking/resources/:id — with `product_variants`, the variants that book it. */
export async function GET(req: MedusaRequest, res: MedusaResponse): Promise<void> {
  res.json({ resource: await retrieveResourceWithVariants(req, idParam(req)) })
}

/** POST /admin/resource-booking/resources/:id — name, description, is_active, metadata and the booking rules (timezone, min_days, max_days, turnaround_days, cutoff_minutes, horizon_days). */
export async function POST(req: MedusaRequest<AdminUpdateResourceType>, res: MedusaResponse): Promise<void> {
  const id = idParam(req)
  const service = bookingService(req)
  await service.retrieveResource(id)
  const resource = await service.updateResources({ id, ...req.validatedBody })
  res.json({ resource })
}

/**
 * DELETE /admin/resource-booking/resources/:id — a soft delete: capacity and hold history
 * stay. Refused (400) while the resource has ACTIVE or CONFIRMED holds.
 */
export async function DELETE(req: MedusaRequest, res: MedusaResponse): Promise<void> {
  const id = idParam(req)
  const service = bookingService(req)
  await service.retrieveResource(id)
  await service.softDeleteResources([id])
  res.json({ id, object: "resource", deleted: true })
}
