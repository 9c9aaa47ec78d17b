import type { HoldRow } from "../services/hold"
import { ResourceHoldDTO } from "../types"

/** A hold as the module returns it: without the `overdue` verdict of the read. */
export function toPublicHold(row: HoldRow): ResourceHoldDTO {
  const { overdue: _overdue, ...hold } = row
  return hold
}
