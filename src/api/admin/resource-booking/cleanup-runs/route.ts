import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { bookingService } from "../../../utils/booking-service"
import { DEFAULT_LIMIT } from "../../../utils/schemas"
import { AdminListCleanupRunsType } from "../validators"

/** The fields of a run the Admin shows (the failed hold ids stay in the run record). */
const RUN_FIELDS = [
  "id",
  "trigger",
  "status",
  "started_at",
  "finished_at",
  "duration_ms",
  "expired_count",
  "capacity_restored",
  "failed_count",
  "holds_deleted",
  "error",
  "runner",
]

/** GET /admin/resource-booking/cleanup-runs?limit&offset — the persisted run history, newest first. */
export async function GET(req: MedusaRequest, res: MedusaResponse): Promise<void> {
  const { limit = DEFAULT_LIMIT, offset = 0 } = req.validatedQuery as AdminListCleanupRunsType
  const [runs, count] = await bookingService(req).listAndCountHoldCleanupRuns(
    {},
    { select: RUN_FIELDS, take: limit, skip: offset, order: { started_at: "DESC", id: "DESC" } }
  )
  res.json({ runs, count, limit, offset })
}
