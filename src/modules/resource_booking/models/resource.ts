import { model } from "@medusajs/framework/utils"
import { ResourceCapacity } from "./resource-capacity"
import { ResourceHold } from "./resource-hold"

/** Something sold by date in limited units: a tour departure, a vehicle, a room type. */
export const Resource = model
  .define("resource", {
    id: model.id({ prefix: "res" }).primaryKey(),
    name: model.text().searchable(),
    description: model.text().nullable(),
    is_active: model.boolean().default(true),
    metadata: model.json().nullable(),
    capacities: model.hasMany(() => ResourceCapacity, { mappedBy: "resource" }),
    holds: model.hasMany(() => ResourceHold, { mappedBy: "resource" }),
  })
  .indexes([{ on: ["is_active"], where: "deleted_at IS NULL" }])
