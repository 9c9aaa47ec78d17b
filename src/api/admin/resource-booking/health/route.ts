import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { bookingService } from "../../../utils/booking-service"

/**
 * GET /admin/resource-booking/health — for monitoring. 200 while healthy or degraded,
 * 503 when unhealthy (capacity drift, database unreachable). Rules: docs/resource-booking.
 */
export async function GET(req: MedusaRequest, res: MedusaResponse): Promise<void> {
  const report = await bookingService(req).getHealth()
  res.status(report.status === "unhealthy" ? 503 : 200).json(report)
}
