import { model } from "@medusajs/framework/utils"
import { Resource } from "./resource"

/**
 * Units of one resource on one calendar date (a date resource: `start_time` "") or of one
 * departure (a departure resource: `start_time` "HH:MM", local time in its time zone). The
 * key of a row, its lock and every hold on it is (resource_id, date, start_time).
 *
 * `date` is declared as text because DML has no date-only type; the migration makes it a
 * Postgres `date` and the module reads it back as the `YYYY-MM-DD` string.
 *
 * Invariant (CHECKed in the database and audited by `auditCapacity`):
 *   0 <= available_capacity <= max_capacity
 *   available_capacity = max_capacity - Σ quantity of ACTIVE + CONFIRMED holds
 * Both counters change only through the module's verbs (setCapacity and the hold verbs).
 */
export const ResourceCapacity = model
  .define("resource_capacity", {
    id: model.id({ prefix: "rcap" }).primaryKey(),
    date: model.text(),
    start_time: model.text().default(""),
    max_capacity: model.number(),
    available_capacity: model.number(),
    /** When the cleanup reported the departure below its resource's min_quantity (once; null: never). */
    below_minimum_at: model.dateTime().nullable(),
    resource: model.belongsTo(() => Resource, { mappedBy: "capacities" }),
  })
  .indexes([
    {
      name: "IDX_resource_capacity_key_unique",
      on: ["resource_id", "date", "start_time"],
      unique: true,
      where: "deleted_at IS NULL",
    },
  ])
