import { model } from "@medusajs/framework/utils"
import { CleanupRunStatus, CleanupTrigger } from "../types/cleanup-run"

/**
 * One run of the hold cleanup, whoever triggered it, recorded as `running` when it takes
 * the single-flight lock and updated when it ends. Lives in the database (not in memory)
 * so every instance sharing it sees when the cleanup last ran and last succeeded. Pruned
 * on every run (HOLD_CLEANUP_RUN_RETENTION_DAYS / HOLD_CLEANUP_RUN_RETENTION_COUNT).
 */
export const HoldCleanupRun = model
  .define("hold_cleanup_run", {
    id: model.id({ prefix: "hcrun" }).primaryKey(),
    trigger: model.enum(CleanupTrigger),
    status: model.enum(CleanupRunStatus),
    started_at: model.dateTime(),
    /** Null while the run is running, and for an interrupted run. */
    finished_at: model.dateTime().nullable(),
    duration_ms: model.number().nullable(),
    expired_count: model.number().default(0),
    capacity_restored: model.number().default(0),
    failed_count: model.number().default(0),
    /** Terminal holds past the retention period deleted by this run (HOLD_RETENTION_DAYS). */
    holds_deleted: model.number().default(0),
    failed_hold_ids: model.json().nullable(),
    error: model.text().nullable(),
    /** The process that ran it, `<host>:<pid>`: tells the workers of a cluster apart. */
    runner: model.text().nullable(),
  })
  .indexes([
    { name: "IDX_hold_cleanup_run_started_at", on: ["started_at"], where: "deleted_at IS NULL" },
    { name: "IDX_hold_cleanup_run_status_started_at", on: ["status", "started_at"], where: "deleted_at IS NULL" },
  ])
