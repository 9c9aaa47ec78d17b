import { ExecArgs } from "@medusajs/framework/types"
import { RESOURCE_BOOKING_MODULE } from "../../src/modules/resource_booking"
import ResourceBookingModuleService from "../../src/modules/resource_booking/service"
import { CleanupTrigger } from "../../src/modules/resource_booking/types"

/**
 * `medusa exec ./scripts/stress/cleanup-child.ts`: one cleanup run as the manual script
 * starts it, in a process of its own (the crash test kills it part way). Prints the run.
 */
export default async function cleanupChild({ container }: ExecArgs): Promise<void> {
  const bookings = container.resolve<ResourceBookingModuleService>(RESOURCE_BOOKING_MODULE)
  const { run } = await bookings.runCleanup({ trigger: CleanupTrigger.SCRIPT })
  console.log(`CLEANUP_RUN ${JSON.stringify(run)}`)
}
