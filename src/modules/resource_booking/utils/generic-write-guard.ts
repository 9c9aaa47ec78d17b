import { MedusaError } from "@medusajs/framework/utils"

type WriteRule = {
  model: string
  /** Fields a generic update may change: they move no units. */
  editable: string[]
  /** The verbs that do what the generic write tried to do. */
  verbs: string
}

/**
 * Whatever moves units (a hold's status, quantity, date, resource or expires_at; a
 * capacity row's counters; creating or deleting rows) happens only through the module's
 * verbs, which lock and keep the invariant. Generic CRUD writes that try are refused.
 */
export const GENERIC_WRITE_RULES = {
  resource: {
    model: "resource",
    // Nested capacities/holds would create or replace unit-bearing rows behind the verbs.
    editable: [
      "name", "description", "is_active", "metadata",
      // The booking rules bound new bookings; holds already taken keep their dates.
      "timezone", "min_days", "max_days", "turnaround_days", "cutoff_minutes", "horizon_days",
      // How it is sold (changes only while it has no capacity or holds: guarded-crud.ts) and a departure's minimum.
      "booking_unit", "min_quantity",
    ],
    verbs: "setCapacity and the hold verbs",
  },
  resource_capacity: {
    model: "resource_capacity",
    editable: [],
    verbs: "setCapacity",
  },
  resource_hold: {
    model: "resource_hold",
    editable: ["metadata", "cart_id", "customer_id"],
    verbs: "createHold, confirmHold, releaseHold, extendHold, cleanupExpiredHolds",
  },
} satisfies Record<string, WriteRule>

/** Field names a generic update payload (object, array, or { selector, data }) sets. */
function updatedFields(payload: unknown): string[] {
  const items = Array.isArray(payload) ? payload : [payload]
  const fields = new Set<string>()
  for (const item of items) {
    if (!item || typeof item !== "object") {
      continue
    }
    const record = item as Record<string, unknown>
    const data = "selector" in record && "data" in record ? record.data : record
    for (const entry of [].concat(data as never)) {
      Object.keys(entry ?? {}).forEach((field) => fields.add(field))
    }
    if (!("selector" in record)) {
      fields.delete("id")
    }
  }
  return [...fields]
}

/** Throws NOT_ALLOWED naming the fields a generic update may not change, if any. */
export function assertEditableUpdate(rule: WriteRule, payload: unknown): void {
  const forbidden = updatedFields(payload).filter((f) => !rule.editable.includes(f))
  if (forbidden.length) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `${rule.model} fields ${forbidden.join(", ")} move booked units and change only through ` +
        `the module's verbs (${rule.verbs})`
    )
  }
}

/** The NOT_ALLOWED error for a generic create, delete or restore of a guarded model. */
export function genericWriteRefusal(
  operation: "created" | "deleted" | "restored",
  rule: WriteRule
): MedusaError {
  return new MedusaError(
    MedusaError.Types.NOT_ALLOWED,
    `${rule.model} rows cannot be ${operation} through generic CRUD: use the module's verbs (${rule.verbs})`
  )
}
