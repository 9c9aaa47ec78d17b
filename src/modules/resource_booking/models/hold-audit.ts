import { model } from "@medusajs/framework/utils"

/**
 * A full count of the hold table, taken by the cleanup job at most every
 * HOLD_AUDIT_INTERVAL_SECONDS: hold totals by status and the capacity rows (today and
 * later) that do not match their holds. The health report reads the latest one for the
 * figures that would otherwise scan the whole history on every poll, and shows its age.
 * The newest few are kept.
 */
export const HoldAudit = model
  .define("hold_audit", {
    id: model.id({ prefix: "haudit" }).primaryKey(),
    audited_at: model.dateTime(),
    duration_ms: model.number(),
    holds_active: model.number(),
    holds_expired: model.number(),
    holds_confirmed: model.number(),
    holds_released: model.number(),
    drift_records: model.number(),
  })
  .indexes([{ name: "IDX_hold_audit_audited_at", on: ["audited_at"], where: "deleted_at IS NULL" }])
