import { model } from "@medusajs/framework/utils"
import { Resource } from "./resource"

/**
 * Units of one resource on one calendar date.
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
    max_capacity: model.number(),
    available_capacity: model.number(),
    resource: model.belongsTo(() => Resource, { mappedBy: "capacities" }),
  })
  .indexes([
    {
      name: "IDX_resource_capacity_resource_id_date_unique",
      on: ["resource_id", "date"],
      unique: true,
      where: "deleted_at IS NULL",
    },
  ])
