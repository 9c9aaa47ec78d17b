import { ExecArgs } from "@medusajs/framework/types"
import { RESOURCE_BOOKING_MODULE } from "../../src/modules/resource_booking"
import ResourceBookingModuleService from "../../src/modules/resource_booking/service"

/**
 * `medusa exec ./scripts/check-cluster/audit.ts`: prints the module's auditCapacity()
 * (every capacity row whose available units differ from max − held) as one JSON line
 * between markers, for check:cluster to read.
 */
export default async function auditForCheck({ container }: ExecArgs): Promise<void> {
  const bookings = container.resolve<ResourceBookingModuleService>(RESOURCE_BOOKING_MODULE)
  const drift = await bookings.auditCapacity()
  console.log(`AUDIT_CAPACITY ${JSON.stringify(drift)}`)
}
