import { CapacityDriftDTO } from "./dtos"
import { HoldStatus } from "./hold-status"

export type ReconcileCapacityInput = {
  /** Repair the drifting rows; without it the call only reports them and changes nothing. */
  fix?: boolean
  resource_id?: string
  /** Inclusive calendar-date bounds (`YYYY-MM-DD`) of the rows looked at. */
  from?: string
  to?: string
  /** Capacity rows per repair transaction (1–1000, default 100). */
  batchSize?: number
}

/** One ACTIVE or CONFIRMED hold behind a drifting capacity row. */
export type ReconcileHoldDTO = {
  id: string
  status: HoldStatus.ACTIVE | HoldStatus.CONFIRMED
  quantity: number
  cart_id: string | null
  order_id: string | null
}

/**
 * A capacity row whose available_capacity differs from max_capacity − held. With `fix`,
 * `held`, `expected_available` and `actual_available` are the values read under the row's
 * lock, `actual_available` being the value before the repair.
 */
export type CapacityReconcileRowDTO = CapacityDriftDTO & {
  /** The row's ACTIVE and CONFIRMED holds, oldest first, at most RECONCILE_HOLDS_SHOWN of them. */
  holds: ReconcileHoldDTO[]
  /** How many ACTIVE and CONFIRMED holds the row has in all. */
  hold_count: number
  /** Whether available = expected_available is a valid row (false: more held than max_capacity). */
  repairable: boolean
  /** The call set available_capacity to expected_available. */
  fixed: boolean
  /** Why the row was not (or cannot be) repaired; null when it was, or could be, repaired. */
  reason: string | null
}

export type CapacityReconcileReport = {
  fix: boolean
  /** Every drifting row found, ordered by resource_id, date. */
  rows: CapacityReconcileRowDTO[]
  /** Rows repaired by this call (0 without fix). */
  fixed_count: number
  /** Rows of `rows` still drifting when the call returned (all of them without fix). */
  remaining_count: number
  /** Repair transactions committed. */
  batches: number
}
