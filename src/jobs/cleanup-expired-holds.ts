import { logger } from "@medusajs/framework/logger"
import { MedusaContainer } from "@medusajs/framework/types"
import { RESOURCE_BOOKING_MODULE } from "../modules/resource_booking"
import ResourceBookingModuleService from "../modules/resource_booking/service"
import { CleanupTrigger } from "../modules/resource_booking/types"
import { configuredModuleOptions } from "../modules/resource_booking/utils/configured-options"
import { describeSchedule } from "../modules/resource_booking/utils/cron-schedule"
import { resolveCleanupSchedule } from "../modules/resource_booking/utils/resolve-options"

/**
 * Every HOLD_CLEANUP_INTERVAL (option cleanupInterval; default every 5 minutes): expire
 * overdue ACTIVE holds and give their units back. The run is single-flight across
 * instances, recorded in the run history and logged by the module; a failed run is
 * rethrown so Medusa records the execution as failed, and the next tick retries.
 */
export default async function cleanupExpiredHoldsJob(container: MedusaContainer): Promise<void> {
  const bookings = container.resolve<ResourceBookingModuleService>(RESOURCE_BOOKING_MODULE)
  await bookings.runCleanup({ trigger: CleanupTrigger.SCHEDULE })
}

// Read when Medusa loads jobs, after the config and .env: the plugin's cleanupInterval
// option, else HOLD_CLEANUP_INTERVAL. A bad value stops start-up naming it.
const schedule = resolveCleanupSchedule(configuredModuleOptions(RESOURCE_BOOKING_MODULE))
logger.info(`cleanup-expired-holds: ${schedule} (${describeSchedule(schedule)})`)

export const config = {
  name: "cleanup-expired-holds",
  schedule,
}
