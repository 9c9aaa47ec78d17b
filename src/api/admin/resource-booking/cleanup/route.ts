import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { CleanupTrigger } from "../../../../modules/resource_booking/types"
import { bookingService } from "../../../utils/booking-service"
import { AdminRunCleanupType } from "../validators"

/**
 * POST /admin/resource-booking/cleanup (also POST /admin/jobs/cleanup-expired-holds):
 * run the cleanup now, as the job would (trigger "manual"). 409 with the skipped run
 * while another run is in progress on any instance.
 */
export async function POST(req: MedusaRequest<AdminRunCleanupType>, res: MedusaResponse): Promise<void> {
  const { run, result } = await bookingService(req).runCleanup({ trigger: CleanupTrigger.MANUAL })
  if (!result) {
    res.status(409).json({
      type: "conflict",
      message: "Another cleanup run is in progress; retry when it has finished",
      run,
    })
    return
  }
  res.status(200).json({
    run,
    result: {
      expired_count: result.expiredCount,
      capacity_restored: result.totalCapacityRestored,
      failed_count: result.failedCount,
      failed_hold_ids: result.failedHoldIds,
      holds_deleted: result.holdsDeleted,
      failures: result.failures,
      duration_ms: result.durationMs,
    },
  })
}
