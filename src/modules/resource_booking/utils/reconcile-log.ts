import { Logger } from "@medusajs/framework/types"

/**
 * The capacity repair's log entries: one JSON object per row it changed or had to leave,
 * through Medusa's logger. The messages are a contract: keep them exact.
 */
export const RECONCILE_LOG = {
  repaired: "[Reconcile] Capacity repaired",
  notRepairable: "[Reconcile] Capacity not repairable",
} as const

type Row = { resource_id: string; date: string; max_capacity: number; held: number }

function entry(fields: Record<string, unknown>): string {
  return JSON.stringify({ ...fields, timestamp: new Date().toISOString() })
}

/** One committed repair: available_capacity went from `from` to `to` (= max − held). */
export function logRepaired(logger: Logger, row: Row, from: number, to: number): void {
  logger.info(
    entry({
      message: RECONCILE_LOG.repaired,
      resource_id: row.resource_id,
      date: row.date,
      max_capacity: row.max_capacity,
      held: row.held,
      from,
      to,
    })
  )
}

/** A drifting row the repair left as it is, and why. */
export function logNotRepairable(logger: Logger, row: Row, available: number, reason: string): void {
  logger.warn(
    entry({
      message: RECONCILE_LOG.notRepairable,
      resource_id: row.resource_id,
      date: row.date,
      max_capacity: row.max_capacity,
      held: row.held,
      available,
      reason,
    })
  )
}
