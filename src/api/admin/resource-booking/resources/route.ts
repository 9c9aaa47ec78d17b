import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { bookingService } from "../../../utils/booking-service"
import { DEFAULT_LIMIT } from "../../../utils/schemas"
import { AdminCreateResourceType, AdminListResourcesType } from "../validators"

/** `q` as a literal ILIKE pattern: its own % and _ match themselves. */
const containing = (q: string) => `%${q.replace(/[\\%_]/g, "\\$&")}%`

/** GET /admin/resource-booking/resources?limit&offset&is_active&q (case-insensitive, in the name) */
export async function GET(req: MedusaRequest, res: MedusaResponse): Promise<void> {
  const query = req.validatedQuery as AdminListResourcesType
  const limit = query.limit ?? DEFAULT_LIMIT
  const offset = query.offset ?? 0
  const filters = {
    ...(query.is_active !== undefined && { is_active: query.is_active }),
    ...(query.q && { name: { $ilike: containing(query.q) } }),
  }
  const [resources, count] = await bookingService(req).listAndCountResources(filters, {
    take: limit,
    skip: offset,
    order: { created_at: "DESC" },
  })
  res.json({ resources, count, limit, offset })
}

/** POST /admin/resource-booking/resources */
export async function POST(req: MedusaRequest<AdminCreateResourceType>, res: MedusaResponse): Promise<void> {
  const resource = await bookingService(req).createResources(req.validatedBody)
  res.status(200).json({ resource })
}
