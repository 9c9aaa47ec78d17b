import ResourceBookingModuleService from "../../../src/modules/resource_booking/service"
import { query, Suite } from "./harness"

export type ContentionOutcome = {
  succeeded: number
  refusals: string[]
  otherErrors: string[]
  activeHolds: number
  heldUnits: number
  available: number
  drift: number
}

/**
 * Fires `attempts` concurrent createHold calls of one unit each on one resource+date (or one
 * departure of it, `startTime`) and reports what the database ended with. Used with and without locking: the same harness
 * must oversell without the lock, or it creates no real contention.
 */
export async function contendForUnits(
  suite: Suite,
  service: ResourceBookingModuleService,
  resourceId: string,
  date: string,
  attempts: number,
  startTime = ""
): Promise<ContentionOutcome> {
  const results = await Promise.allSettled(
    Array.from({ length: attempts }, () =>
      service.createHold({ resource_id: resourceId, date, quantity: 1, ...(startTime ? { start_time: startTime } : {}) })
    )
  )
  const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected")
  const messages = rejected.map((r) => String(r.reason?.message ?? r.reason))
  const [held] = await query(
    suite,
    `SELECT count(*)::int AS holds, coalesce(sum(quantity), 0)::int AS units FROM resource_hold
      WHERE resource_id = ? AND date = ?::date AND start_time = ? AND status IN ('ACTIVE', 'CONFIRMED')`,
    [resourceId, date, startTime]
  )
  const [capacity] = await query(
    suite,
    `SELECT available_capacity FROM resource_capacity WHERE resource_id = ? AND date = ?::date AND start_time = ?`,
    [resourceId, date, startTime]
  )
  return {
    succeeded: results.length - rejected.length,
    refusals: messages.filter((m) => m.startsWith("Insufficient capacity")),
    otherErrors: messages.filter((m) => !m.startsWith("Insufficient capacity")),
    activeHolds: held.holds,
    heldUnits: held.units,
    available: capacity.available_capacity,
    drift: (await service.auditCapacity({ resource_id: resourceId })).length,
  }
}
